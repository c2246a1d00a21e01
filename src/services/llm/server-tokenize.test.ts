import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/llm/chat';
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
});

describe('OpenAiEngine.countPromptTokens', () => {
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
