import { describe, expect, it } from 'vitest';
import type { MockOpenAiServer } from '../../e2e/support/mock-openai-server';
import {
  makeEngineStore as makeStore,
  mockServersClosedAfterEach,
} from '../test-support/engine-store';
import { selectApiKey } from './server-access-slice';

const startServer = mockServersClosedAfterEach();

describe('a key belongs to one server, and a link never connects by itself', () => {
  /** Server A, which the person uses with key sk-A, and server B, which a link names. */
  const twoServers = async () => {
    const a = await startServer({
      models: ['a-model'],
      requireApiKey: 'sk-A',
      respond: () => ({ content: 'SELECT 1;' }),
    });
    const b = await startServer({ models: ['b-model'], respond: () => ({ content: 'x' }) });
    const store = makeStore();
    store.getState().setServerSettings({ endpoint: a.baseUrl, model: 'a-model' });
    store.getState().setApiKeyFor(a.baseUrl, 'sk-A');
    await store.getState().connectServer();
    expect(store.getState().engineStatus.state).toBe('ready');
    return { a, b, store };
  };

  const keysSeenBy = (mock: MockOpenAiServer) =>
    mock.received.map((r) => r.authorization).filter((value) => value !== null);

  it('a link to another server sends it nothing and leaves the connected server in place', async () => {
    const { a, b, store } = await twoServers();
    await store.getState().bootstrapEngine({ endpoint: b.baseUrl, model: 'b-model' });
    expect(b.received).toEqual([]);
    expect(store.getState().serverProposal?.endpoint).toBe(b.baseUrl);
    expect(store.getState().serverSettings.endpoint).toBe(a.baseUrl);
    // The person's own server comes back as on any visit.
    expect(store.getState().engine?.modelId).toBe('a-model');
    expect(store.getState().engineStatus.state).toBe('ready');

    store.getState().dismissServerProposal();
    expect(store.getState().serverProposal).toBeNull();
    expect(b.received).toEqual([]);
  });

  it('accepted, the proposed server gets its own key (none), never the key typed for A', async () => {
    const { b, store } = await twoServers();
    await store.getState().bootstrapEngine({ endpoint: b.baseUrl, model: 'b-model' });
    await store.getState().acceptServerProposal();
    expect(store.getState().engineStatus.state).toBe('ready');
    expect(store.getState().engine?.modelId).toBe('b-model');
    const events = store.getState().engine!.streamChat({
      messages: [{ role: 'user', content: 'hi' }],
    });
    for await (const event of events) if (event.type === 'done') break;
    expect(b.received.some((r) => r.path === '/v1/chat/completions')).toBe(true);
    expect(keysSeenBy(b)).toEqual([]);
  });

  it('typing B in the endpoint field shows and sends B’s key, and A’s key comes back with A', async () => {
    const { a, b, store } = await twoServers();
    store.getState().setServerSettings({ endpoint: b.baseUrl, model: 'b-model' });
    expect(selectApiKey(b.baseUrl)(store.getState())).toBe('');
    await store.getState().connectServer();
    expect(keysSeenBy(b)).toEqual([]);

    store.getState().setApiKeyFor(b.baseUrl, 'sk-B');
    await store.getState().connectServer();
    expect(new Set(keysSeenBy(b))).toEqual(new Set(['Bearer sk-B']));

    store.getState().setServerSettings({ endpoint: a.baseUrl, model: 'a-model' });
    expect(selectApiKey(a.baseUrl)(store.getState())).toBe('sk-A');
    expect(new Set(keysSeenBy(a))).toEqual(new Set(['Bearer sk-A']));
  });

  it('a link that names the server in use connects as before, with its model', async () => {
    const { a, b, store } = await twoServers();
    await store.getState().bootstrapEngine({ endpoint: `${a.baseUrl}/`, model: 'a-model' });
    expect(store.getState().serverProposal).toBeNull();
    expect(store.getState().engineStatus.state).toBe('ready');
    expect(b.received).toEqual([]);
  });

  it('a link whose endpoint is not an http(s) URL proposes nothing', async () => {
    const store = makeStore();
    await store.getState().bootstrapEngine({ endpoint: 'javascript:alert(1)', model: null });
    expect(store.getState().serverProposal).toBeNull();
    expect(store.getState().engineChoice).toBe('webllm');
  });
});
