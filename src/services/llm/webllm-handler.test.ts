/**
 * The web-llm worker's handler over a fake web-llm, and the page's client and engine talking to
 * it through an in-process stand-in for the worker: the protocol without a browser.
 */
import type {
  AppConfig,
  ChatCompletionChunk,
  InitProgressReport,
  MLCEngineInterface,
} from '@mlc-ai/web-llm';
import { describe, expect, it, vi } from 'vitest';
import type { ChatEvent } from '../../core/llm/chat';
import { createWebLlmHandler, type WebLlmLibrary } from './webllm-handler';
import { WebLlmEngine } from './webllm-engine';
import type { WebLlmReply, WebLlmRequest } from './webllm-protocol';
import { WebLlmWorkerClient, type WorkerLike } from './webllm-worker-client';

const RECORD = {
  model: 'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  model_id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  model_lib: 'https://example.org/lib.wasm',
};
const APP_CONFIG = { model_list: [RECORD] } as AppConfig;

function chunk(
  text: string | null,
  finish: string | null = null,
  usage = false,
): ChatCompletionChunk {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 0,
    model: RECORD.model_id,
    choices:
      text === null && !finish
        ? []
        : [{ index: 0, delta: { content: text ?? '' }, finish_reason: finish, logprobs: null }],
    ...(usage && {
      usage: {
        prompt_tokens: 12,
        completion_tokens: 3,
        total_tokens: 15,
        extra: { prefill_tokens_per_s: 100, decode_tokens_per_s: 20 },
      },
    }),
  } as unknown as ChatCompletionChunk;
}

/** A fake web-llm: loads report progress, chats stream the given chunks until interrupted. */
function fakeLibrary(options: { chunks?: ChatCompletionChunk[]; failLoad?: string } = {}) {
  const created: unknown[][] = [];
  const completions: unknown[] = [];
  let interrupted = false;
  const engine = {
    unload: vi.fn(async () => undefined),
    interruptGenerate: vi.fn(() => {
      interrupted = true;
    }),
    chat: {
      completions: {
        create: async (params: unknown) => {
          completions.push(params);
          return (async function* () {
            for (const c of options.chunks ?? []) {
              if (interrupted) return;
              await new Promise((resolve) => setTimeout(resolve, 1));
              yield c;
            }
          })();
        },
      },
    },
  } as unknown as MLCEngineInterface;
  const lib: WebLlmLibrary = {
    prebuiltAppConfig: APP_CONFIG as WebLlmLibrary['prebuiltAppConfig'],
    CreateMLCEngine: (async (...args: unknown[]) => {
      created.push(args);
      const config = args[1] as { initProgressCallback(r: InitProgressReport): void };
      config.initProgressCallback({
        progress: 0.5,
        timeElapsed: 1,
        text: 'Fetching param cache[1/2]: 10MB fetched. 50% completed',
      });
      if (options.failLoad) throw new Error(options.failLoad);
      return engine;
    }) as WebLlmLibrary['CreateMLCEngine'],
    hasModelInCache: (async (id: string) =>
      id === RECORD.model_id) as WebLlmLibrary['hasModelInCache'],
    deleteModelAllInfoInCache: vi.fn(
      async () => undefined,
    ) as unknown as WebLlmLibrary['deleteModelAllInfoInCache'],
  };
  return { lib, engine, created, completions };
}

async function collect(handle: ReturnType<typeof createWebLlmHandler>, request: WebLlmRequest) {
  const replies: WebLlmReply[] = [];
  await handle(request, (reply) => replies.push(reply));
  return replies;
}

/** The worker, in process: the client posts, the handler answers on a later tick. */
function inProcessWorker(lib: WebLlmLibrary): WorkerLike & { terminated: boolean } {
  const handle = createWebLlmHandler(lib);
  const worker = {
    terminated: false,
    onmessage: null as WorkerLike['onmessage'],
    onerror: null as WorkerLike['onerror'],
    postMessage(message: WebLlmRequest) {
      void handle(structuredClone(message), (reply) => {
        if (!worker.terminated)
          worker.onmessage?.({ data: structuredClone(reply) } as MessageEvent<WebLlmReply>);
      });
    },
    terminate() {
      worker.terminated = true;
    },
  };
  return worker;
}

describe('web-llm worker handler', () => {
  it('answers the model list and the cache questions', async () => {
    const { lib } = fakeLibrary();
    const handle = createWebLlmHandler(lib);
    expect(await collect(handle, { kind: 'model-list', id: 1 })).toEqual([
      { kind: 'ok', id: 1, payload: [RECORD] },
    ]);
    const ref = { modelId: RECORD.model_id, appConfig: APP_CONFIG };
    expect(await collect(handle, { kind: 'has-model', id: 2, payload: ref })).toEqual([
      { kind: 'ok', id: 2, payload: true },
    ]);
    await collect(handle, { kind: 'delete-model', id: 3, payload: ref });
    expect(lib.deleteModelAllInfoInCache).toHaveBeenCalledWith(RECORD.model_id, APP_CONFIG);
  });

  it('loads with the chosen window, reporting progress, and sends only the set decoding fields', async () => {
    const { lib, created, completions } = fakeLibrary({
      chunks: [chunk('SELECT'), chunk(' 1', 'length'), chunk(null, null, true)],
    });
    const handle = createWebLlmHandler(lib);
    const load = await collect(handle, {
      kind: 'load',
      id: 1,
      payload: { modelId: RECORD.model_id, appConfig: APP_CONFIG, contextWindow: 8192 },
    });
    expect(load.map((r) => r.kind)).toEqual(['progress', 'ok']);
    expect(created[0]?.[2]).toEqual({ context_window_size: 8192 });

    const chat = await collect(handle, {
      kind: 'chat',
      id: 2,
      payload: { messages: [{ role: 'user', content: 'hi' }], temperature: 0.01, maxTokens: 5 },
    });
    expect(chat.filter((r) => r.kind === 'chat-event').map((r) => r.payload)).toEqual([
      { type: 'token', text: 'SELECT' },
      { type: 'token', text: ' 1' },
      {
        type: 'done',
        finishReason: 'length',
        usage: {
          promptTokens: 12,
          completionTokens: 3,
          prefillTokensPerSecond: 100,
          decodeTokensPerSecond: 20,
        },
      },
    ]);
    expect(chat.at(-1)).toEqual({ kind: 'ok', id: 2, payload: null });
    expect(completions[0]).toEqual({
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.01,
      max_tokens: 5,
    });
  });

  it("sends web-llm's errors as its own strings, and refuses a chat before a load", async () => {
    const { lib } = fakeLibrary({
      failLoad: 'ModelNotFoundError: Cannot find model record in appConfig for nope',
    });
    const handle = createWebLlmHandler(lib);
    const replies = await collect(handle, {
      kind: 'load',
      id: 7,
      payload: { modelId: 'nope', appConfig: APP_CONFIG, contextWindow: 4096 },
    });
    expect(replies.at(-1)).toEqual({
      kind: 'error',
      id: 7,
      payload: 'Error: ModelNotFoundError: Cannot find model record in appConfig for nope',
    });
    const chat = await collect(handle, { kind: 'chat', id: 8, payload: { messages: [] } });
    expect(chat[0]?.kind).toBe('error');
  });
});

describe('engine and client over the protocol', () => {
  it('loads, streams a chat and maps a failed load to a typed error', async () => {
    const { lib } = fakeLibrary({ chunks: [chunk('SELECT 1;', 'stop'), chunk(null, null, true)] });
    const client = new WebLlmWorkerClient(() => inProcessWorker(lib));
    const engine = new WebLlmEngine(RECORD.model_id, APP_CONFIG, { contextWindow: 4096 }, client);
    const progress: number[] = [];
    await engine.load((p) => progress.push(p.loadedBytes ?? -1));
    expect(progress).toContain(10 * 1024 * 1024);
    const events: ChatEvent[] = [];
    for await (const event of engine.streamChat({ messages: [{ role: 'user', content: 'q' }] }))
      events.push(event);
    expect(events.map((e) => e.type)).toEqual(['token', 'done']);

    const failing = new WebLlmWorkerClient(() =>
      inProcessWorker(fakeLibrary({ failLoad: 'ModelNotFoundError: no record' }).lib),
    );
    const other = new WebLlmEngine('nope', APP_CONFIG, {}, failing);
    await expect(other.load(() => undefined)).rejects.toMatchObject({ code: 'model_not_found' });
  });

  it('Stop interrupts the generation and ends with a stopped error', async () => {
    const many = Array.from({ length: 200 }, (_, i) => chunk(`t${i} `));
    const { lib, engine: fake } = fakeLibrary({ chunks: [...many, chunk(null, 'stop', true)] });
    const client = new WebLlmWorkerClient(() => inProcessWorker(lib));
    const engine = new WebLlmEngine(RECORD.model_id, APP_CONFIG, {}, client);
    await engine.load(() => undefined);
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of engine.streamChat({ messages: [] }, controller.signal)) {
          if (event.type === 'token') seen.push(event.text);
          if (seen.length === 3) controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'aborted', message: 'Stopped.' });
    expect(fake.interruptGenerate).toHaveBeenCalled();
    expect(seen.length).toBeLessThan(200);
  });

  it('cancelling a load terminates the worker; the next call starts a new one', async () => {
    let started = 0;
    const workers: ReturnType<typeof inProcessWorker>[] = [];
    const never = fakeLibrary();
    never.lib.CreateMLCEngine = (() =>
      new Promise(() => undefined)) as WebLlmLibrary['CreateMLCEngine'];
    const client = new WebLlmWorkerClient(() => {
      started += 1;
      const worker = inProcessWorker(never.lib);
      workers.push(worker);
      return worker;
    });
    const engine = new WebLlmEngine(RECORD.model_id, APP_CONFIG, {}, client);
    const controller = new AbortController();
    const load = engine.load(() => undefined, controller.signal);
    controller.abort();
    await expect(load).rejects.toMatchObject({ code: 'aborted' });
    expect(workers[0]?.terminated).toBe(true);
    expect(await client.call('model-list', undefined)).toEqual([RECORD]);
    expect(started).toBe(2);
  });
});
