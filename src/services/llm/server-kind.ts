/**
 * Which OpenAI-compatible server answers, for what it takes beyond the OpenAI API: llama.cpp's
 * server takes a GBNF `grammar`; vLLM takes `structured_outputs: {grammar}` (before v0.12:
 * `guided_grammar`) and `n`; Ollama takes no grammar. Told by the routes only one of them has:
 * llama.cpp's `/props`, vLLM's `/version`, Ollama's `/api/version`.
 */
import type { GrammarSupport } from '../../core/llm/chat';
import { RequestDeadline } from './request-deadline';

export const SERVER_KINDS = ['llama.cpp', 'vllm', 'ollama', 'other'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export interface DetectedServer {
  kind: ServerKind;
  /** vLLM's version ("0.11.2"), when it said. */
  version: string | null;
}

/** The server root the non-OpenAI routes hang off: the API root without its `/v1` (or `/v2beta`). */
export function serverRoot(apiRoot: string): string {
  return apiRoot.replace(/\/v\d+[^/]*$/, '');
}

/** llama.cpp's `GET /props` answer has these; no other server's does. */
export function isLlamaCppProps(props: Record<string, unknown> | null): boolean {
  return props !== null && ('default_generation_settings' in props || 'total_slots' in props);
}

/** A server answers its own routes at once; a probe that hangs is no answer. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * GET a route's JSON object (or POST `body` as JSON to it): null for an error status, an answer
 * that is not a JSON object, no answer, or none within the time limit (a route that is not there
 * just rules a kind out).
 */
export async function getJsonObject(
  fetchImpl: typeof fetch,
  url: string,
  options: {
    signal?: AbortSignal;
    headers?: Record<string, string>;
    timeoutMs?: number;
    body?: unknown;
  } = {},
): Promise<Record<string, unknown> | null> {
  const deadline = new RequestDeadline(options.signal, options.timeoutMs ?? PROBE_TIMEOUT_MS);
  try {
    const post =
      options.body === undefined
        ? {}
        : {
            method: 'POST',
            body: JSON.stringify(options.body),
          };
    const response = await fetchImpl(url, {
      headers: options.headers,
      signal: deadline.signal,
      ...post,
    });
    if (!response.ok) return null;
    const json: unknown = await response.json();
    return json && typeof json === 'object' ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  } finally {
    deadline.dispose();
  }
}

/**
 * `readProps`: the caller's own read of `GET /props` (the engine reads it once for both this and
 * llama.cpp's window); without it, /props is fetched here.
 */
export async function detectServer(
  fetchImpl: typeof fetch,
  apiRoot: string,
  signal?: AbortSignal,
  readProps?: () => Promise<Record<string, unknown> | null>,
): Promise<DetectedServer> {
  const root = serverRoot(apiRoot);
  const props = readProps
    ? await readProps()
    : await getJsonObject(fetchImpl, `${root}/props`, { signal });
  if (isLlamaCppProps(props)) return { kind: 'llama.cpp', version: null };
  const ollama = await getJsonObject(fetchImpl, `${root}/api/version`, { signal });
  if (ollama && typeof ollama.version === 'string')
    return { kind: 'ollama', version: ollama.version };
  const version = await getJsonObject(fetchImpl, `${root}/version`, { signal });
  if (version && typeof version.version === 'string')
    return { kind: 'vllm', version: version.version };
  return { kind: 'other', version: null };
}

export function serverGrammarSupport(kind: ServerKind): GrammarSupport {
  switch (kind) {
    case 'llama.cpp':
      return { ok: true, via: "llama.cpp's grammar field" };
    case 'vllm':
      return { ok: true, via: "vLLM's structured outputs" };
    case 'ollama':
      return { ok: false, reason: 'Ollama takes no grammar' };
    case 'other':
      return {
        ok: false,
        reason:
          'the server did not say it is llama.cpp or vLLM (the two that take a grammar); choose its kind in the Model view if it is one',
      };
  }
}

/** vLLM before 0.12 reads `guided_grammar`; from 0.12 on only `structured_outputs`. */
function oldVllm(version: string | null): boolean {
  const [major, minor] = (version ?? '').split('.').map(Number);
  return major === 0 && minor !== undefined && minor < 12;
}

/** The request fields that carry a grammar to this kind of server. */
export function grammarFields(server: DetectedServer, grammar: string): Record<string, unknown> {
  if (server.kind === 'llama.cpp') return { grammar };
  if (server.kind === 'vllm')
    return oldVllm(server.version)
      ? { guided_grammar: grammar }
      : { structured_outputs: { grammar } };
  return {};
}

/** Whether one request may ask for `n` answers (llama.cpp's chat route and Ollama give one). */
export function takesN(kind: ServerKind): boolean {
  return kind === 'vllm' || kind === 'other';
}
