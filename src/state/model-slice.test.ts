import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { startMockOpenAiServer, type MockOpenAiServer } from '../../e2e/support/mock-openai-server';
import { createModelSlice } from './model-slice';
import { createServerAccessSlice, selectApiKey } from './server-access-slice';
import type { AppState } from './store';

// Node has no Worker: web-llm's model list comes straight from the library, as the worker sends it.
vi.mock('../services/llm/webllm-worker-client', async () => {
  const { prebuiltAppConfig } = await import('@mlc-ai/web-llm');
  return {
    webLlmModelList: async () => prebuiltAppConfig.model_list,
    webLlmHasModel: async () => false,
    webLlmDeleteModel: async () => undefined,
    webLlmWorker: null,
  };
});

// Only the model slice and the keys: the others are not needed to orchestrate engines.
const makeStore = () =>
  createStore<AppState>()(
    (...args) =>
      ({ ...createModelSlice(...args), ...createServerAccessSlice(...args) }) as AppState,
  );

let server: MockOpenAiServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('model slice with a real OpenAI-compatible server', () => {
  it('a link (?endpoint=) only proposes its server; accepted, it connects and picks the first listed model', async () => {
    server = await startMockOpenAiServer({
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

  it('marks generating only while ready, and unloading returns to not_loaded', async () => {
    server = await startMockOpenAiServer({ models: ['m'], respond: () => ({ content: 'x' }) });
    const store = makeStore();
    store.getState().setGenerating(true);
    expect(store.getState().engineStatus.state).toBe('not_loaded');
    store.getState().setServerSettings({ endpoint: server.baseUrl, model: 'm' });
    await store.getState().connectServer();
    store.getState().setGenerating(true);
    expect(store.getState().engineStatus.state).toBe('generating');
    store.getState().setGenerating(false);
    expect(store.getState().engineStatus.state).toBe('ready');
    await store.getState().unloadEngine();
    expect(store.getState().engine).toBeNull();
    expect(store.getState().engineStatus.state).toBe('not_loaded');
  });

  it('a refused key leaves no engine and a failed status with the reason', async () => {
    server = await startMockOpenAiServer({
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

  it('the newest connect wins when two overlap', async () => {
    server = await startMockOpenAiServer({ models: ['m1'], respond: () => ({ content: 'x' }) });
    const other = await startMockOpenAiServer({
      models: ['m2'],
      respond: () => ({ content: 'y' }),
    });
    try {
      const store = makeStore();
      store.getState().setServerSettings({ endpoint: server.baseUrl, model: '' });
      const first = store.getState().connectServer();
      store.getState().setServerSettings({ endpoint: other.baseUrl, model: '' });
      const second = store.getState().connectServer();
      await Promise.all([first, second]);
      expect(store.getState().engine?.modelId).toBe('m2');
      expect(store.getState().engineStatus.state).toBe('ready');
    } finally {
      await other.close();
    }
  });
});

describe('a key belongs to one server, and a link never connects by itself', () => {
  let other: MockOpenAiServer | null = null;
  afterEach(async () => {
    await other?.close();
    other = null;
  });

  /** Server A, which the person uses with key sk-A, and server B, which a link names. */
  const twoServers = async () => {
    server = await startMockOpenAiServer({
      models: ['a-model'],
      requireApiKey: 'sk-A',
      respond: () => ({ content: 'SELECT 1;' }),
    });
    other = await startMockOpenAiServer({ models: ['b-model'], respond: () => ({ content: 'x' }) });
    const store = makeStore();
    store.getState().setServerSettings({ endpoint: server.baseUrl, model: 'a-model' });
    store.getState().setApiKeyFor(server.baseUrl, 'sk-A');
    await store.getState().connectServer();
    expect(store.getState().engineStatus.state).toBe('ready');
    return { a: server, b: other, store };
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

describe('model slice, on-device engine without WebGPU (Node has none)', () => {
  it('refuses to load before downloading anything and says to use a server', async () => {
    const store = makeStore();
    await store.getState().loadWebLlmModel();
    const { engineStatus, engineTarget, selectedModelId } = store.getState();
    // Without shader-f16 information the suggestion is the q4f32_1 build of Coder 1.5B.
    expect(selectedModelId).toBe('Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC');
    expect(engineTarget?.label).toBe('Qwen2.5-Coder 1.5B · q4f32_1');
    expect(engineStatus.state === 'failed' && engineStatus.error.code).toBe('webgpu_unavailable');
    expect(engineStatus.state === 'failed' && engineStatus.error.nextStep).toMatch(/server/);
  });
});

describe('warming the tokenizer', () => {
  it('starts the engine loading its tokenizer, and is quiet when there is no engine or it fails', async () => {
    const store = makeStore();
    expect(() => store.getState().warmTokenizer()).not.toThrow();
    const tokenCounter = vi.fn(() => Promise.reject(new Error('offline')));
    store.setState({ engine: { tokenCounter } as unknown as AppState['engine'] });
    store.getState().warmTokenizer();
    expect(tokenCounter).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, 0)); // an unhandled rejection would fail the run
  });
});
