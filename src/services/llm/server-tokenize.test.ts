import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../../core/llm/chat';
import { policyWithRetries } from '../../core/llm/retry/policy';
import { OpenAiEngine } from './openai-engine';
import { tokenizeOnServer, type TokenizeRoute } from './server-tokenize';

interface Seen {
  path: string;
  body: Record<string, unknown>;
}

/** A server answering POSTs by path; everything else is 404. */
function server(routes: Record<string, (body: Record<string, unknown>) => unknown>) {
  const seen: Seen[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
    seen.push({ path, body });
    const route = routes[path];
    return route
      ? new Response(JSON.stringify(route(body)), {
          headers: { 'content-type': 'application/json' },
        })
      : new Response('{"detail":"Not Found"}', { status: 404 });
  }) as typeof fetch;
  return { fetchImpl, seen };
}

const messages: ChatMessage[] = [
  { role: 'system', content: 'You write SQLite.' },
  { role: 'user', content: 'How many singers?' },
];

const route = (fetchImpl: typeof fetch, kind: TokenizeRoute['kind']): TokenizeRoute => ({
  fetch: fetchImpl,
  apiRoot: 'http://127.0.0.1:8000/v1',
  kind,
  model: 'Qwen/Qwen2.5-Coder-7B-Instruct',
  headers: { Authorization: 'Bearer k' },
});

describe('tokenizeOnServer', () => {
  it("asks vLLM's /tokenize at the server root with the chat and its generation prompt", async () => {
    const { fetchImpl, seen } = server({
      '/tokenize': () => ({ count: 37, max_model_len: 4096, tokens: [] }),
    });
    expect(await tokenizeOnServer(route(fetchImpl, 'vllm'), messages)).toBe(37);
    expect(seen).toEqual([
      {
        path: '/tokenize',
        body: {
          model: 'Qwen/Qwen2.5-Coder-7B-Instruct',
          messages,
          add_generation_prompt: true,
        },
      },
    ]);
  });

  it("renders llama.cpp's own template, then tokenizes it with special tokens parsed", async () => {
    const { fetchImpl, seen } = server({
      '/apply-template': (body) => ({
        prompt: (body.messages as ChatMessage[]).map((m) => `<|${m.role}|>${m.content}`).join(''),
      }),
      '/tokenize': (body) => ({ tokens: String(body.content).split('|') }),
    });
    expect(await tokenizeOnServer(route(fetchImpl, 'llama.cpp'), messages)).toBe(5);
    expect(seen.map((s) => s.path)).toEqual(['/apply-template', '/tokenize']);
    expect(seen[1]?.body).toEqual({
      content: '<|system|>You write SQLite.<|user|>How many singers?',
      add_special: true,
      parse_special: true,
    });
  });

  it('says nothing for servers without the route, or an answer without a count', async () => {
    const { fetchImpl, seen } = server({ '/tokenize': () => ({ detail: 'odd' }) });
    expect(await tokenizeOnServer(route(fetchImpl, 'ollama'), messages)).toBeNull();
    expect(await tokenizeOnServer(route(fetchImpl, 'other'), messages)).toBeNull();
    expect(seen).toEqual([]);
    expect(await tokenizeOnServer(route(fetchImpl, 'vllm'), messages)).toBeNull();
    expect(await tokenizeOnServer(route(server({}).fetchImpl, 'llama.cpp'), messages)).toBeNull();
  });

  it('throws for a request that failed, so the caller can tell it from a server that cannot count', async () => {
    const failing = (async () =>
      new Response('{"error":"busy"}', { status: 503 })) as unknown as typeof fetch;
    await expect(tokenizeOnServer(route(failing, 'vllm'), messages)).rejects.toThrow(
      '/tokenize answered HTTP 503',
    );
    const noRoute = (async () =>
      new Response('{"detail":"Method Not Allowed"}', { status: 405 })) as unknown as typeof fetch;
    expect(await tokenizeOnServer(route(noRoute, 'vllm'), messages)).toBeNull();
  });
});

/**
 * A vLLM whose /tokenize answers each request as `script` says in turn: a count, 'hang' (no
 * answer until the request's deadline aborts it) or an HTTP status.
 */
function scriptedVllm(script: (number | 'hang' | { status: number })[]) {
  let asked = 0;
  const fetchImpl = ((_input: RequestInfo | URL, init?: RequestInit) => {
    const step = script[asked++];
    if (step === 'hang')
      return new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('The operation was aborted.', 'AbortError')),
        ),
      );
    if (typeof step === 'number')
      return Promise.resolve(new Response(JSON.stringify({ count: step })));
    return Promise.resolve(new Response('{}', { status: step?.status ?? 404 }));
  }) as typeof fetch;
  const engine = new OpenAiEngine({
    endpoint: 'http://127.0.0.1:8000/v1',
    model: 'm',
    serverKind: 'vllm',
    fetch: fetchImpl,
    retry: { policy: policyWithRetries(0) },
  });
  return { engine, asked: () => asked };
}

describe('OpenAiEngine.countPromptTokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts the next prompt again after a request that failed (its deadline passed, an error status)', async () => {
    vi.useFakeTimers();
    const { engine, asked } = scriptedVllm(['hang', { status: 503 }, 41, 42]);
    const timedOut = engine.countPromptTokens(messages);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await timedOut).toBeNull();
    expect(await engine.countPromptTokens(messages)).toBeNull();
    expect(await engine.countPromptTokens(messages)).toEqual({
      tokens: 41,
      by: "the server's /tokenize",
    });
    expect(await engine.countPromptTokens(messages)).toEqual({
      tokens: 42,
      by: "the server's /tokenize",
    });
    expect(asked()).toBe(4);
  });

  it('stops asking after three failed requests in a row', async () => {
    const { engine, asked } = scriptedVllm([
      { status: 500 },
      7,
      { status: 500 },
      { status: 502 },
      { status: 503 },
      8,
    ]);
    expect(await engine.countPromptTokens(messages)).toBeNull();
    expect((await engine.countPromptTokens(messages))?.tokens).toBe(7);
    for (let i = 0; i < 4; i++) expect(await engine.countPromptTokens(messages)).toBeNull();
    expect(asked()).toBe(5);
  });

  it("gives vLLM's count with its source, and stops asking a server whose route is missing", async () => {
    let tokenizeCalls = 0;
    const { fetchImpl } = server({
      '/tokenize': () => {
        tokenizeCalls++;
        return tokenizeCalls === 1 ? { count: 12 } : { error: 'gone' };
      },
    });
    const engine = new OpenAiEngine({
      endpoint: 'http://127.0.0.1:8000/v1',
      model: 'm',
      serverKind: 'vllm',
      fetch: fetchImpl,
    });
    expect(await engine.countPromptTokens(messages)).toEqual({
      tokens: 12,
      by: "the server's /tokenize",
    });
    expect(await engine.countPromptTokens(messages)).toBeNull();
    expect(await engine.countPromptTokens(messages)).toBeNull();
    expect(tokenizeCalls).toBe(2);
  });

  it('never asks a server of another kind', async () => {
    const { fetchImpl, seen } = server({ '/tokenize': () => ({ count: 1 }) });
    const engine = new OpenAiEngine({
      endpoint: 'http://127.0.0.1:11434/v1',
      model: 'm',
      serverKind: 'ollama',
      fetch: fetchImpl,
    });
    expect(await engine.countPromptTokens(messages)).toBeNull();
    expect(seen).toEqual([]);
  });
});
