/**
 * The web-llm worker's handler over a fake web-llm, and the page's client and engine talking to
 * it through an in-process stand-in for the worker: the protocol without a browser.
 */
import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../core/llm/chat';
import {
  FAKE_APP_CONFIG as APP_CONFIG,
  FAKE_GRAMMAR_INIT_S,
  FAKE_RECORD as RECORD,
  fakeChunk as chunk,
  fakeWebLlm as fakeLibrary,
} from '../../test-support/fake-web-llm';
import { createWebLlmHandler, type WebLlmLibrary } from './webllm-handler';
import { WebLlmEngine } from './webllm-engine';
import { WEBLLM_PROTOCOL_VERSION, type WebLlmReply, type WebLlmRequest } from './webllm-protocol';
import { WebLlmWorkerClient, type WorkerLike } from './webllm-worker-client';

/** A grammar's text as the pipeline sends it (its content does not matter to the handler). */
const GRAMMAR = 'root ::= "SELECT " [0-9]+';

type Unversioned = WebLlmRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'v'>
    : never
  : never;

/** Sends a request at the current protocol version (or the one given) and keeps the replies. */
async function collect(
  handle: ReturnType<typeof createWebLlmHandler>,
  request: Unversioned,
  v = WEBLLM_PROTOCOL_VERSION,
) {
  const replies: WebLlmReply[] = [];
  await handle({ ...request, v } as WebLlmRequest, (reply) => replies.push(reply));
  return replies;
}

/** A handler with the fake's model loaded. */
async function loadedHandler(lib: WebLlmLibrary) {
  const handle = createWebLlmHandler(lib);
  await collect(handle, {
    kind: 'load',
    id: 1,
    payload: { modelId: RECORD.model_id, appConfig: APP_CONFIG, contextWindow: 4096 },
  });
  return handle;
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

  it("passes Qwen3's thinking switch as web-llm's extra_body.enable_thinking", async () => {
    const { lib, completions } = fakeLibrary();
    const handle = createWebLlmHandler(lib);
    await collect(handle, {
      kind: 'load',
      id: 1,
      payload: { modelId: RECORD.model_id, appConfig: APP_CONFIG, contextWindow: 4096 },
    });
    for (const [id, thinking] of [
      [2, 'off'],
      [3, 'on'],
    ] as const)
      await collect(handle, {
        kind: 'chat',
        id,
        payload: { messages: [{ role: 'user', content: 'hi' }], thinking },
      });
    expect(completions.map((c) => (c as { extra_body?: unknown }).extra_body)).toEqual([
      { enable_thinking: false },
      { enable_thinking: true },
    ]);
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

  it('sends a grammar as response_format {type: "grammar"} and reports its compile time', async () => {
    const { lib, completions } = fakeLibrary({
      chunks: [chunk('SELECT 1'), chunk(null, 'stop'), chunk(null, null, true)],
    });
    const handle = await loadedHandler(lib);
    const chat = await collect(handle, {
      kind: 'chat',
      id: 2,
      payload: {
        messages: [{ role: 'user', content: 'q' }],
        grammar: GRAMMAR,
        // A grammar wins over a JSON object: web-llm takes one response format.
        responseFormat: { type: 'json_object' },
      },
    });
    expect(completions[0]).toMatchObject({
      stream: true,
      response_format: { type: 'grammar', grammar: GRAMMAR },
    });
    const done = chat.find((r) => r.kind === 'chat-event' && r.payload.type === 'done');
    expect(done?.payload).toMatchObject({
      usage: { grammarInitMs: FAKE_GRAMMAR_INIT_S * 1000 },
    });
  });

  it('draws n answers in one non-streamed request, grammar and temperature passed through', async () => {
    const { lib, completions } = fakeLibrary({ answerOf: (i) => `SELECT ${i} FROM t;` });
    const handle = await loadedHandler(lib);
    const replies = await collect(handle, {
      kind: 'sample',
      id: 2,
      payload: {
        request: { messages: [{ role: 'user', content: 'q' }], temperature: 0.7, grammar: GRAMMAR },
        n: 3,
      },
    });
    expect(completions[0]).toEqual({
      messages: [{ role: 'user', content: 'q' }],
      temperature: 0.7,
      response_format: { type: 'grammar', grammar: GRAMMAR },
      stream: false,
      n: 3,
    });
    expect(replies).toEqual([
      {
        kind: 'ok',
        id: 2,
        payload: {
          samples: [0, 1, 2].map((i) => ({ answer: `SELECT ${i} FROM t;`, finishReason: 'stop' })),
          usage: {
            promptTokens: 12,
            completionTokens: 12,
            prefillTokensPerSecond: 100,
            decodeTokensPerSecond: 20,
            grammarInitMs: 3 * FAKE_GRAMMAR_INIT_S * 1000,
          },
        },
      },
    ]);
  });

  it('reports no grammar time for a request without a grammar', async () => {
    const { lib, completions } = fakeLibrary();
    const handle = await loadedHandler(lib);
    const [reply] = await collect(handle, {
      kind: 'sample',
      id: 2,
      payload: { request: { messages: [{ role: 'user', content: 'q' }] }, n: 2 },
    });
    expect(completions[0]).not.toHaveProperty('response_format');
    expect(reply?.payload).toMatchObject({ samples: [{}, {}] });
    expect(reply?.payload).not.toHaveProperty('usage.grammarInitMs');
  });

  it('refuses a request from another protocol version, in words the page maps', async () => {
    const { lib } = fakeLibrary();
    const handle = createWebLlmHandler(lib);
    const [reply] = await collect(handle, { kind: 'model-list', id: 4 }, 1);
    expect(reply).toMatchObject({ kind: 'error', id: 4 });
    expect(String(reply?.payload)).toMatch(/WebLlmProtocolError: .*version 1.*this worker 3/);
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

  it('the engine takes a grammar and draws k samples through the worker in one request', async () => {
    const { lib, completions } = fakeLibrary({
      chunks: [chunk('SELECT 1;', 'stop'), chunk(null, null, true)],
    });
    const client = new WebLlmWorkerClient(() => inProcessWorker(lib));
    const engine = new WebLlmEngine(RECORD.model_id, APP_CONFIG, {}, client);
    expect(engine.grammarSupport()).toEqual({ ok: true, via: "WebLLM's XGrammar" });
    await expect(engine.sampleChat({ messages: [] }, 2)).rejects.toMatchObject({
      code: 'model_not_loaded',
    });
    await engine.load(() => undefined);
    const { samples, usage } = await engine.sampleChat(
      { messages: [{ role: 'user', content: 'q' }], grammar: GRAMMAR, temperature: 0.7 },
      5,
    );
    expect(samples).toHaveLength(5);
    expect(usage.grammarInitMs).toBe(5 * FAKE_GRAMMAR_INIT_S * 1000);
    expect(completions).toHaveLength(1);
    expect(completions[0]).toMatchObject({ n: 5, stream: false });

    const events: ChatEvent[] = [];
    for await (const event of engine.streamChat({ messages: [], grammar: GRAMMAR }))
      events.push(event);
    expect(events.at(-1)).toMatchObject({ usage: { grammarInitMs: 250 } });
  });

  it("keeps a grammar failure's code across the worker", async () => {
    const { lib } = fakeLibrary({
      failChat:
        'GrammarMatcherInitError: Failed to initialize the grammar matcher for response format `grammar`: EBNF parse error at line 1',
    });
    const client = new WebLlmWorkerClient(() => inProcessWorker(lib));
    const engine = new WebLlmEngine(RECORD.model_id, APP_CONFIG, {}, client);
    await engine.load(() => undefined);
    await expect(engine.sampleChat({ messages: [], grammar: GRAMMAR }, 3)).rejects.toMatchObject({
      code: 'grammar_rejected',
      detail: expect.stringContaining('EBNF parse error'),
    });
    await expect(
      (async () => {
        for await (const _ of engine.streamChat({ messages: [], grammar: GRAMMAR })) void _;
      })(),
    ).rejects.toMatchObject({ code: 'grammar_rejected' });
  });
});
