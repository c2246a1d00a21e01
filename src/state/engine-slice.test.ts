import { describe, expect, it, vi } from 'vitest';
import {
  makeEngineStore as makeStore,
  mockServersClosedAfterEach,
} from '../test-support/engine-store';
import { memoryStorage } from '../test-support/memory-storage';
import type { AppState } from './store';

const startServer = mockServersClosedAfterEach();

describe('the engine slice: one engine at a time', () => {
  it('marks generating only while ready, and unloading returns to not_loaded', async () => {
    const server = await startServer({ models: ['m'], respond: () => ({ content: 'x' }) });
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

  it('the newest connect wins when two overlap', async () => {
    const server = await startServer({ models: ['m1'], respond: () => ({ content: 'x' }) });
    const other = await startServer({ models: ['m2'], respond: () => ({ content: 'y' }) });
    const store = makeStore();
    store.getState().setServerSettings({ endpoint: server.baseUrl, model: '' });
    const first = store.getState().connectServer();
    store.getState().setServerSettings({ endpoint: other.baseUrl, model: '' });
    const second = store.getState().connectServer();
    await Promise.all([first, second]);
    expect(store.getState().engine?.modelId).toBe('m2');
    expect(store.getState().engineStatus.state).toBe('ready');
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

describe('the engine choices saved between visits', () => {
  it('keeps what each engine slice changed in one record, and a new page restores all of it', () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    try {
      const store = makeStore();
      store.getState().selectModel('Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC');
      store.getState().setWebllmContextWindow(8192);
      store.getState().setServerSettings({ endpoint: 'http://gpu-box:8000/v1', model: 'qwen' });
      store.getState().chooseEngine('openai');
      expect(storage.map.size).toBe(1);

      const again = makeStore().getState();
      expect(again.engineChoice).toBe('openai');
      expect(again.selectedModelId).toBe('Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC');
      expect(again.webllmContextWindow).toBe(8192);
      expect(again.serverSettings).toMatchObject({
        endpoint: 'http://gpu-box:8000/v1',
        model: 'qwen',
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
