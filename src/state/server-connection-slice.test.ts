import { describe, expect, it } from 'vitest';
import {
  makeEngineStore as makeStore,
  mockServersClosedAfterEach,
} from '../test-support/engine-store';

const startServer = mockServersClosedAfterEach();

describe('the server connection with a real OpenAI-compatible server', () => {
  it('a link (?endpoint=) only proposes its server; accepted, it connects and picks the first listed model', async () => {
    const server = await startServer({
      models: ['qwen-a', 'qwen-b'],
      respond: () => ({ content: 'SELECT 1;' }),
    });
    const store = makeStore();
    await store.getState().bootstrapEngine({ endpoint: server.baseUrl, model: null });
    expect(server.received).toEqual([]);
    expect(store.getState().engine).toBeNull();
    expect(store.getState().serverProposal).toEqual({
      endpoint: server.baseUrl,
      host: new URL(server.baseUrl).host,
      model: null,
    });
    await store.getState().acceptServerProposal();
    const state = store.getState();
    expect(state.serverProposal).toBeNull();
    expect(state.engineStatus).toEqual({ state: 'ready' });
    expect(state.engineChoice).toBe('openai');
    expect(state.engine?.kind).toBe('openai');
    expect(state.engine?.modelId).toBe('qwen-a');
    expect(state.engineTarget).toEqual({ kind: 'openai', modelId: 'qwen-a', label: 'qwen-a' });
    expect(state.serverModels).toEqual(['qwen-a', 'qwen-b']);
    expect(state.serverSettings.model).toBe('qwen-a');

    let text = '';
    for await (const event of state.engine!.streamChat({
      messages: [{ role: 'user', content: 'hi' }],
    })) {
      if (event.type === 'token') text += event.text;
    }
    expect(text).toBe('SELECT 1;');
  });

  it('a refused key leaves no engine and a failed status with the reason', async () => {
    const server = await startServer({
      models: ['m'],
      requireApiKey: 'right',
      respond: () => ({ content: 'x' }),
    });
    const store = makeStore();
    store.getState().setServerSettings({ endpoint: server.baseUrl, model: 'm' });
    store.getState().setApiKeyFor(server.baseUrl, 'wrong');
    await store.getState().connectServer();
    const { engine, engineStatus, engineTarget } = store.getState();
    expect(engine).toBeNull();
    expect(engineStatus.state === 'failed' && engineStatus.error.code).toBe('unauthorized');
    expect(engineTarget?.kind).toBe('openai');

    store.getState().setApiKeyFor(server.baseUrl, 'right');
    await store.getState().connectServer();
    expect(store.getState().engineStatus.state).toBe('ready');
  });

  it('a bad endpoint fails at once with a next step', async () => {
    const store = makeStore();
    store.getState().setServerSettings({ endpoint: 'ftp://nowhere', model: 'm' });
    await store.getState().connectServer();
    const status = store.getState().engineStatus;
    expect(status.state).toBe('failed');
    if (status.state === 'failed') expect(status.error.nextStep).toBeTruthy();
  });
});
