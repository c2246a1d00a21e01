import { describe, expect, it } from 'vitest';
import { detectServer, grammarFields, serverGrammarSupport } from './server-kind';

/** A fetch that answers the given paths with JSON and everything else with 404. */
function serverWith(routes: Record<string, unknown>): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const path = new URL(String(input)).pathname;
    return path in routes
      ? new Response(JSON.stringify(routes[path]), {
          headers: { 'content-type': 'application/json' },
        })
      : new Response('not found', { status: 404 });
  }) as typeof fetch;
}

describe('detectServer', () => {
  const api = 'http://127.0.0.1:8000/v1';
  it('tells llama.cpp by /props, Ollama by /api/version, vLLM by /version', async () => {
    const llama = serverWith({ '/props': { default_generation_settings: {}, total_slots: 1 } });
    expect(await detectServer(llama, api)).toEqual({ kind: 'llama.cpp', version: null });
    const ollama = serverWith({ '/api/version': { version: '0.12.3' } });
    expect((await detectServer(ollama, api)).kind).toBe('ollama');
    const vllm = serverWith({ '/version': { version: '0.11.0' } });
    expect(await detectServer(vllm, api)).toEqual({ kind: 'vllm', version: '0.11.0' });
    expect(await detectServer(serverWith({}), api)).toEqual({ kind: 'other', version: null });
  });
});

describe('grammar fields and support', () => {
  it('sends the grammar the way each server reads it', () => {
    expect(grammarFields({ kind: 'llama.cpp', version: null }, 'root ::= "x"')).toEqual({
      grammar: 'root ::= "x"',
    });
    expect(grammarFields({ kind: 'vllm', version: '0.12.0' }, 'g')).toEqual({
      structured_outputs: { grammar: 'g' },
    });
    expect(grammarFields({ kind: 'vllm', version: '0.11.2' }, 'g')).toEqual({
      guided_grammar: 'g',
    });
    expect(grammarFields({ kind: 'ollama', version: '1' }, 'g')).toEqual({});
  });

  it('switches the grammar off for Ollama with the reason', () => {
    expect(serverGrammarSupport('ollama')).toEqual({
      ok: false,
      reason: 'Ollama takes no grammar',
    });
    expect(serverGrammarSupport('vllm').ok).toBe(true);
  });
});

describe('OpenAiEngine with a server kind', () => {
  it('a chosen kind skips detection; the grammar and n go as that server reads them', async () => {
    const { OpenAiEngine } = await import('./openai-engine');
    const bodies: Record<string, unknown>[] = [];
    const paths: string[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input)).pathname;
      paths.push(path);
      if (path.endsWith('/models')) return new Response(JSON.stringify({ data: [{ id: 'm' }] }));
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      bodies.push(body);
      const n = Number(body.n ?? 1);
      return new Response(
        JSON.stringify({
          choices: Array.from({ length: n }, (_, i) => ({
            message: { content: `answer ${i + 1}` },
            finish_reason: 'stop',
          })),
          usage: { prompt_tokens: 10, completion_tokens: 4 * n },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    }) as typeof fetch;
    const engine = new OpenAiEngine({
      endpoint: 'http://127.0.0.1:9/v1',
      model: 'm',
      serverKind: 'vllm',
      stream: false,
      fetch: fetchImpl,
    });
    await engine.load(() => {});
    // No kind probe (/version, /api/version); /props may still be read for the context window.
    expect(paths.filter((p) => p.endsWith('version'))).toEqual([]);
    expect(engine.grammarSupport()).toEqual({ ok: true, via: "vLLM's structured outputs" });
    const drawn = await engine.sampleChat(
      { messages: [{ role: 'user', content: 'q' }], grammar: 'root ::= "x"' },
      3,
    );
    expect(drawn.samples.map((s) => s.answer)).toEqual(['answer 1', 'answer 2', 'answer 3']);
    expect(drawn.usage.completionTokens).toBe(12);
    expect(bodies[0]).toMatchObject({
      n: 3,
      stream: false,
      structured_outputs: { grammar: 'root ::= "x"' },
    });
  });
});

describe('OpenAiEngine connecting to a server of unknown kind', () => {
  it('reads GET /props once for both the kind and llama.cpp window', async () => {
    const { OpenAiEngine } = await import('./openai-engine');
    const paths: string[] = [];
    const routes = serverWith({
      '/v1/models': { data: [{ id: 'qwen' }] },
      '/props': { default_generation_settings: { n_ctx: 8192 }, total_slots: 1 },
    });
    const fetchImpl = ((input: RequestInfo | URL, init?: RequestInit) => {
      paths.push(new URL(String(input)).pathname);
      return routes(input, init);
    }) as typeof fetch;
    const engine = new OpenAiEngine({
      endpoint: 'http://127.0.0.1:9/v1',
      model: '',
      fetch: fetchImpl,
    });
    await engine.load(() => {});
    expect(engine.server.kind).toBe('llama.cpp');
    expect(engine.contextWindow).toBe(8192);
    expect(engine.contextWindowSource).toBe('server');
    expect(paths.filter((p) => p === '/props')).toHaveLength(1);

    // Not llama.cpp: /props once, then the other kinds' routes; no window from the server.
    paths.length = 0;
    const other = new OpenAiEngine({
      endpoint: 'http://127.0.0.1:9/v1',
      model: 'm',
      contextWindow: 4096,
      fetch: ((input: RequestInfo | URL) => {
        paths.push(new URL(String(input)).pathname);
        return serverWith({})(input);
      }) as typeof fetch,
    });
    await other.load(() => {});
    expect(paths).toEqual(['/v1/models', '/props', '/api/version', '/version']);
    expect(other.contextWindowSource).toBe('settings');
  });
});
