/** Only Qwen3 builds get web-llm's thinking switch: any other model would get an empty think block. */
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/llm/chat';
import { WebLlmEngine } from './webllm-engine';
import type { WebLlmWorkerClient } from './webllm-worker-client';

function engineFor(modelId: string) {
  const sent: ChatRequest[] = [];
  const worker = {
    running: true,
    call: async (kind: string, payload: unknown) => {
      if (kind === 'sample') {
        sent.push((payload as { request: ChatRequest }).request);
        return { samples: [], usage: {} };
      }
      return null;
    },
    notify: () => {},
    terminate: () => {},
  } as unknown as WebLlmWorkerClient;
  return { engine: new WebLlmEngine(modelId, prebuiltAppConfig, {}, worker), sent };
}

const request: ChatRequest = { messages: [{ role: 'user', content: 'q' }], thinking: 'off' };

describe('the thinking switch on the device', () => {
  it('sends it to a Qwen3 build, which is known to think', async () => {
    const { engine, sent } = engineFor('Qwen3-1.7B-q4f16_1-MLC');
    expect(engine.thinking).toMatchObject({ thinks: true, source: 'server' });
    await engine.load(() => {});
    await engine.sampleChat(request, 2);
    expect(sent[0]?.thinking).toBe('off');
  });

  it('leaves it out for Qwen2.5-Coder, which does not think', async () => {
    const { engine, sent } = engineFor('Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC');
    expect(engine.thinking.thinks).toBeNull();
    await engine.load(() => {});
    await engine.sampleChat(request, 2);
    expect(sent[0]).not.toHaveProperty('thinking');
  });
});
