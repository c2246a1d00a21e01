import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import type { ChatEvent } from '../../core/llm/chat';
import { OpenAiEngine, type OpenAiEngineOptions } from './openai-engine';
import { normalizeEndpoint } from './openai-endpoint';
import { policyWithRetries } from '../../core/llm/retry';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

/** A fetch that records calls and answers with what the test hands it. */
function fakeFetch(answer: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    return answer(url, init);
  }) as typeof fetch;
  return { impl, calls };
}

function sse(lines: string[], options: { failAfter?: boolean } = {}): Response {
  const encoder = new TextEncoder();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < lines.length) controller.enqueue(encoder.encode(lines[i++]));
      else if (options.failAfter) controller.error(new TypeError('network error'));
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

const delta = (content: string) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const final = (usage: object) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage })}\n\n`;

function engine(fetchImpl: typeof fetch, extra: Partial<OpenAiEngineOptions> = {}) {
  let clock = 0;
  return new OpenAiEngine({
    endpoint: 'http://127.0.0.1:9/v1',
    model: 'qwen2.5-coder:1.5b',
    apiKey: 'sk-secret',
    fetch: fetchImpl,
    pageOrigin: 'http://localhost:4173',
    // Each reading of the clock moves 100 ms on, so rates are predictable.
    now: () => (clock += 100),
    // One try: these tests are about a single request; retries have their own below.
    retry: { policy: policyWithRetries(0) },
    ...extra,
  });
}

async function collect(
  stream: AsyncIterable<ChatEvent>,
): Promise<{ text: string; events: ChatEvent[]; error: AppError | null }> {
  const events: ChatEvent[] = [];
  let text = '';
  try {
    for await (const event of stream) {
      events.push(event);
      if (event.type === 'token') text += event.text;
    }
    return { text, events, error: null };
  } catch (error) {
    return { text, events, error: error as AppError };
  }
}

const request = {
  messages: [{ role: 'user' as const, content: 'How many singers?' }],
  temperature: 0,
};

describe('normalizeEndpoint', () => {
  it.each([
    ['http://localhost:11434', 'http://localhost:11434/v1'],
    ['http://localhost:11434/', 'http://localhost:11434/v1'],
    ['http://localhost:11434/v1', 'http://localhost:11434/v1'],
    ['http://localhost:11434/v1/', 'http://localhost:11434/v1'],
    ['localhost:8080', 'http://localhost:8080/v1'],
    ['  https://api.example.com/openai/v1/chat/completions ', 'https://api.example.com/openai/v1'],
    [
      'https://generativelanguage.googleapis.com/v1beta/openai',
      'https://generativelanguage.googleapis.com/v1beta/openai',
    ],
    ['http://proxy.lan/ollama', 'http://proxy.lan/ollama/v1'],
    ['http://user:pw@host:8000/v1?key=abc#x', 'http://host:8000/v1'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeEndpoint(input)).toBe(expected);
  });

  it('rejects empty and non-http input with a next step', () => {
    expect(() => normalizeEndpoint('  ')).toThrow(AppError);
    expect(() => normalizeEndpoint('ftp://host/v1')).toThrow(/http or https/);
  });
});

describe('OpenAiEngine', () => {
  it('streams tokens, sends the key only in the Authorization header, and reports usage', async () => {
    const { impl, calls } = fakeFetch(() =>
      sse([
        ': keep-alive\n\n',
        delta('SELECT '),
        delta('COUNT(*)'),
        delta(' FROM singer;'),
        final({ prompt_tokens: 20, completion_tokens: 6 }),
        'data: [DONE]\n\n',
      ]),
    );
    const result = await collect(engine(impl).streamChat(request));
    expect(result.error).toBeNull();
    expect(result.text).toBe('SELECT COUNT(*) FROM singer;');
    const done = result.events.at(-1);
    expect(done).toMatchObject({
      type: 'done',
      finishReason: 'stop',
      usage: { promptTokens: 20, completionTokens: 6 },
    });
    // clock: start 100, first token 200, end 300 -> prefill 20 tokens / 0.1 s, decode 6 / 0.1 s
    if (done?.type === 'done') {
      expect(done.usage.prefillTokensPerSecond).toBeCloseTo(200);
      expect(done.usage.decodeTokensPerSecond).toBeCloseTo(60);
    }
    const call = calls[0] as Call;
    expect(call.url).toBe('http://127.0.0.1:9/v1/chat/completions');
    expect(call.url).not.toContain('sk-secret');
    expect((call.init?.headers as Record<string, string>).Authorization).toBe('Bearer sk-secret');
    const sent = JSON.parse(String(call.init?.body));
    expect(sent).toMatchObject({
      model: 'qwen2.5-coder:1.5b',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
    });
    expect(String(call.init?.body)).not.toContain('sk-secret');
  });

  it('reads one JSON answer when streaming is off', async () => {
    const { impl, calls } = fakeFetch(() =>
      Response.json({
        choices: [
          { message: { role: 'assistant', content: 'SELECT 1;' }, finish_reason: 'length' },
        ],
        usage: { prompt_tokens: 5, completion_tokens: 4 },
      }),
    );
    const result = await collect(engine(impl, { stream: false }).streamChat(request));
    expect(result.text).toBe('SELECT 1;');
    expect(result.events.at(-1)).toMatchObject({
      type: 'done',
      finishReason: 'length',
      usage: { completionTokens: 4 },
    });
    expect(JSON.parse(String(calls[0]?.init?.body))).not.toHaveProperty('stream_options');
  });

  it('falls back to a JSON answer when a streamed request gets application/json', async () => {
    const { impl } = fakeFetch(() =>
      Response.json({ choices: [{ message: { content: 'SELECT 2;' }, finish_reason: 'stop' }] }),
    );
    const result = await collect(engine(impl).streamChat(request));
    expect(result.text).toBe('SELECT 2;');
    expect(result.events.at(-1)).toMatchObject({ type: 'done', usage: { promptTokens: null } });
  });

  it('reports 401 as unauthorized with the server sentence kept as detail', async () => {
    const { impl } = fakeFetch(() =>
      Response.json({ error: { message: 'Incorrect API key provided.' } }, { status: 401 }),
    );
    const { error } = await collect(engine(impl).streamChat(request));
    expect(error).toMatchObject({ code: 'unauthorized', detail: 'Incorrect API key provided.' });
    expect(error?.nextStep).toMatch(/API key/);
  });

  it('reports 404 on chat as model_not_found naming the model', async () => {
    const { impl } = fakeFetch(() =>
      Response.json(
        { error: 'model "qwen2.5-coder:1.5b" not found, try pulling it first' },
        { status: 404 },
      ),
    );
    const { error } = await collect(engine(impl).streamChat(request));
    expect(error?.code).toBe('model_not_found');
    expect(error?.message).toContain('qwen2.5-coder:1.5b');
  });

  it('sends every pinned decoding field, the non-OpenAI ones under both servers\u2019 names', async () => {
    const { impl, calls } = fakeFetch(() => sse([delta('SELECT 1'), final({})]));
    const pinned = {
      ...request,
      temperature: 0.01,
      topP: 0.5,
      maxTokens: 1024,
      repetitionPenalty: 1,
      presencePenalty: 0,
      frequencyPenalty: 0,
    };
    await collect(engine(impl).streamChat(pinned));
    expect(JSON.parse(String(calls[0]?.init?.body))).toMatchObject({
      temperature: 0.01,
      top_p: 0.5,
      max_tokens: 1024,
      repetition_penalty: 1,
      repeat_penalty: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
    });
  });

  it('drops the non-OpenAI fields, once and for good, for a server that refuses them', async () => {
    const { impl, calls } = fakeFetch((_url, init) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      if ('repetition_penalty' in body)
        return Response.json(
          { error: { message: 'Unrecognized request argument supplied: repetition_penalty' } },
          { status: 400 },
        );
      return sse([delta('SELECT 1'), final({})]);
    });
    const strict = engine(impl);
    const first = await collect(strict.streamChat({ ...request, repetitionPenalty: 1 }));
    expect(first.text).toBe('SELECT 1');
    await collect(strict.streamChat({ ...request, repetitionPenalty: 1 }));
    expect(calls).toHaveLength(3);
    expect(JSON.parse(String(calls[2]?.init?.body))).not.toHaveProperty('repetition_penalty');
  });

  it.each([
    [
      'vLLM',
      {
        object: 'error',
        message:
          "This model's maximum context length is 4096 tokens. However, you requested 5334 tokens (4310 in the messages, 1024 in the completion). Please reduce the length of the messages or completion.",
        type: 'BadRequestError',
        param: null,
        code: 400,
      },
    ],
    [
      'llama.cpp',
      {
        error: {
          code: 400,
          message:
            'request (4310 tokens) exceeds the available context size (4096 tokens), try increasing it',
          type: 'exceed_context_size_error',
          n_prompt_tokens: 4310,
          n_ctx: 4096,
        },
      },
    ],
  ])(
    'reports %s\u2019s over-long prompt as context_overflow with the numbers',
    async (_name, body) => {
      const { impl } = fakeFetch(() => Response.json(body, { status: 400 }));
      const { error } = await collect(engine(impl).streamChat(request));
      expect(error?.code).toBe('context_overflow');
      expect(error?.message).toContain('4,310');
      expect(error?.message).toContain('4,096');
    },
  );

  it('reports a dropped connection as stream_dropped after yielding the partial text', async () => {
    const { impl } = fakeFetch(() =>
      sse([delta('SELECT na'), delta('me FR')], { failAfter: true }),
    );
    const { text, error } = await collect(engine(impl).streamChat(request));
    expect(text).toBe('SELECT name FR');
    expect(error?.code).toBe('stream_dropped');
    expect(error?.message).toContain('14 characters');
  });

  it('treats a body that ends with no [DONE] and no finish reason as dropped', async () => {
    const { impl } = fakeFetch(() => sse([delta('SELECT')]));
    const { error } = await collect(engine(impl).streamChat(request));
    expect(error?.code).toBe('stream_dropped');
  });

  it('turns an error event inside the stream into server_error', async () => {
    const { impl } = fakeFetch(() =>
      sse([delta('a'), 'data: {"error":{"message":"CUDA out of memory"}}\n\n']),
    );
    const { error } = await collect(engine(impl).streamChat(request));
    expect(error).toMatchObject({ code: 'server_error' });
    expect(error?.message).toContain('CUDA out of memory');
  });

  it('explains a fetch TypeError as the browser blocking the request, with CORS advice', async () => {
    const { impl } = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const { error } = await collect(engine(impl).streamChat(request));
    expect(error?.code).toBe('cors');
    expect(error?.nextStep).toContain('OLLAMA_ORIGINS=http://localhost:4173');
    expect(error?.nextStep).toContain('--allowed-origins');
  });

  it('times out when no first byte arrives', async () => {
    const { impl } = fakeFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          );
        }),
    );
    const { error } = await collect(engine(impl, { firstByteTimeoutMs: 30 }).streamChat(request));
    expect(error?.code).toBe('timeout');
  });

  it('stops with aborted when the signal fires mid-stream', async () => {
    const controller = new AbortController();
    const { impl } = fakeFetch((_url, init) => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(encoder.encode(delta('SELECT')));
          init?.signal?.addEventListener('abort', () =>
            c.error(new DOMException('aborted', 'AbortError')),
          );
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    });
    const stream = engine(impl).streamChat(request, controller.signal);
    const events: ChatEvent[] = [];
    await expect(
      (async () => {
        for await (const event of stream) {
          events.push(event);
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(events).toEqual([{ type: 'token', text: 'SELECT' }]);
  });

  it('load lists the models and picks the first when none was named', async () => {
    const { impl, calls } = fakeFetch(() =>
      Response.json({
        object: 'list',
        data: [
          { id: 'qwen-a', object: 'model' },
          { id: 'qwen-b', object: 'model' },
        ],
      }),
    );
    const e = engine(impl, { model: '' });
    await e.load(() => {});
    expect(e.availableModels).toEqual(['qwen-a', 'qwen-b']);
    expect(e.modelId).toBe('qwen-a');
    expect(calls[0]?.url).toBe('http://127.0.0.1:9/v1/models');
  });

  it('load accepts a server without /models when a model is named, and asks for one otherwise', async () => {
    const { impl } = fakeFetch(() => new Response('not found', { status: 404 }));
    const named = engine(impl);
    await named.load(() => {});
    expect(named.availableModels).toBeNull();
    await expect(engine(impl, { model: '' }).load(() => {})).rejects.toMatchObject({
      code: 'model_not_found',
    });
  });

  it('load reports a wrong key on /models as unauthorized', async () => {
    const { impl } = fakeFetch(() => new Response('{"error":"bad key"}', { status: 403 }));
    await expect(engine(impl).load(() => {})).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('OpenAiEngine retries', () => {
  /** An engine whose waits are recorded instead of slept. */
  function retrying(fetchImpl: typeof fetch) {
    const waits: number[] = [];
    const e = engine(fetchImpl, {
      retry: { sleep: async (ms) => void waits.push(ms), random: () => 0 },
    });
    return { e, waits };
  }
  const ok = () => sse([delta('SELECT '), delta('1'), final({ prompt_tokens: 5 })]);
  const status = (code: number, body = '{"error":{"message":"busy"}}', headers = {}) =>
    new Response(body, { status: code, headers });

  it("tries a 429 again after the server's Retry-After and streams the answer", async () => {
    const answers = [status(429, '', { 'Retry-After': '3' }), ok()];
    const { impl, calls } = fakeFetch(() => answers.shift() as Response);
    const { e, waits } = retrying(impl);
    const { text, events, error } = await collect(e.streamChat(request));
    expect(error).toBeNull();
    expect(text).toBe('SELECT 1');
    expect(calls).toHaveLength(2);
    expect(waits).toEqual([3000]);
    expect(events.find((ev) => ev.type === 'retry')).toEqual({
      type: 'retry',
      attempt: 1,
      reason: '429',
      waitMs: 3000,
    });
  });

  it.each([500, 502, 503, 504, 408])('tries a %i again with backoff', async (code) => {
    const answers = [status(code), status(code), ok()];
    const { impl, calls } = fakeFetch(() => answers.shift() as Response);
    const { e, waits } = retrying(impl);
    const { text } = await collect(e.streamChat(request));
    expect(text).toBe('SELECT 1');
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
  });

  it('drops the text of a stream cut before its final chunk and asks again whole', async () => {
    const answers = [sse([delta('SELECT na'), delta('me FR')], { failAfter: true }), ok()];
    const { impl, calls } = fakeFetch(() => answers.shift() as Response);
    const { e } = retrying(impl);
    const { events, error } = await collect(e.streamChat(request));
    expect(error).toBeNull();
    expect(calls).toHaveLength(2);
    // What a consumer keeps: the tokens after the last retry event.
    const last = events.findLastIndex((ev) => ev.type === 'retry');
    expect(last).toBe(2);
    const kept = events
      .slice(last + 1)
      .map((ev) => (ev.type === 'token' ? ev.text : ''))
      .join('');
    expect(kept).toBe('SELECT 1');
    // A stream that closes without [DONE] or a finish reason is cut too.
    const closing = [sse([delta('SELECT na')]), ok()];
    const second = fakeFetch(() => closing.shift() as Response);
    const again = await collect(retrying(second.impl).e.streamChat(request));
    expect(second.calls).toHaveLength(2);
    expect(again.events.filter((ev) => ev.type === 'retry')).toHaveLength(1);
  });

  it('gives up after 5 tries with the last error', async () => {
    const { impl, calls } = fakeFetch(() => status(503));
    const { e, waits } = retrying(impl);
    const { error } = await collect(e.streamChat(request));
    expect(calls).toHaveLength(5);
    expect(waits).toEqual([500, 1000, 2000, 4000]);
    expect(error?.code).toBe('server_error');
    expect(error?.status).toBe(503);
    expect(error?.message).toContain('(tried 5 times)');
  });

  it.each([
    [400, '{"error":{"message":"bad request"}}', 'server_error'],
    [401, '{"error":{"message":"bad key"}}', 'unauthorized'],
    [403, '{"error":{"message":"forbidden"}}', 'unauthorized'],
    [404, '{"error":{"message":"no model"}}', 'model_not_found'],
    [422, '{"detail":"unprocessable"}', 'server_error'],
    [
      400,
      '{"error":{"message":"This model\'s maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion)."}}',
      'context_overflow',
    ],
  ])('sends a %i (%s) once', async (code, body, expected) => {
    const { impl, calls } = fakeFetch(() => status(code, body));
    const { e, waits } = retrying(impl);
    const { error } = await collect(e.streamChat(request));
    expect(error?.code).toBe(expected);
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('tries the model list and n samples again on 503', async () => {
    const models = [status(503), new Response('{"data":[{"id":"m"}]}', { status: 200 })];
    const list = fakeFetch(() => models.shift() as Response);
    expect(await retrying(list.impl).e.listModels()).toEqual(['m']);
    expect(list.calls).toHaveLength(2);

    const choices = {
      choices: [
        { message: { content: 'a' }, finish_reason: 'stop' },
        { message: { content: 'b' }, finish_reason: 'stop' },
      ],
    };
    const answers = [status(503), new Response(JSON.stringify(choices), { status: 200 })];
    const samples = fakeFetch(() => answers.shift() as Response);
    const { e } = retrying(samples.impl);
    const drawn = await e.sampleChat(request, 2);
    expect(drawn.samples.map((s) => s.answer)).toEqual(['a', 'b']);
    expect(drawn.retries).toEqual([{ attempt: 1, reason: '503', waitMs: 500 }]);
  });
});
