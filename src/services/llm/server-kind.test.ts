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
