import { describe, expect, it, vi } from 'vitest';
import { makeEngineStore as makeStore } from '../test-support/engine-store';

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

describe('the on-device models without WebGPU (Node has none)', () => {
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
