/**
 * A server's own count of a chat's prompt tokens, before the chat is sent:
 * - vLLM: `POST /tokenize {model, messages, add_generation_prompt}` renders the model's chat
 *   template and answers `{count, max_model_len, tokens}`.
 * - llama.cpp's server: `POST /apply-template {messages}` answers `{prompt}` (its template), and
 *   `POST /tokenize {content, add_special, parse_special}` answers `{tokens}`.
 * Both routes hang off the server root, not `/v1`. Other servers (Ollama, hosted APIs) have none.
 */
import type { ChatMessage } from '../../core/llm/chat';
import { RequestDeadline } from './request-deadline';
import { serverRoot, type ServerKind } from './server-kind';

export interface TokenizeRoute {
  fetch: typeof fetch;
  apiRoot: string;
  kind: ServerKind;
  model: string;
  headers: Record<string, string>;
}

/** What the card says counted: the server's tokenizer, by its route. */
export const SERVER_TOKENIZE_LABEL = "the server's /tokenize";

/** Servers answer a tokenize request in milliseconds; waiting longer only delays the call. */
const TOKENIZE_TIMEOUT_MS = 10_000;

/** What a server without the route answers (FastAPI's 404 and 405, a proxy's 501). */
const NO_ROUTE_STATUSES = [404, 405, 501];

export function hasTokenizeRoute(kind: ServerKind): boolean {
  return kind === 'vllm' || kind === 'llama.cpp';
}

async function postJson(
  route: TokenizeRoute,
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown> | null> {
  const deadline = new RequestDeadline(signal, TOKENIZE_TIMEOUT_MS);
  try {
    const response = await route.fetch(`${serverRoot(route.apiRoot)}${path}`, {
      method: 'POST',
      headers: { ...route.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: deadline.signal,
    });
    // A missing route means the server cannot count; any other refusal says nothing of the next.
    if (NO_ROUTE_STATUSES.includes(response.status)) return null;
    if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}`);
    const json: unknown = await response.json();
    return json && typeof json === 'object' ? (json as Record<string, unknown>) : null;
  } finally {
    deadline.dispose();
  }
}

/**
 * The prompt tokens as the server will count them, or null when it has no such route or its
 * answer has no count: this server cannot count. Throws when this one request failed (no answer
 * in time, a lost connection, an error status): the next may well be counted.
 */
export async function tokenizeOnServer(
  route: TokenizeRoute,
  messages: readonly ChatMessage[],
  signal?: AbortSignal,
): Promise<number | null> {
  if (route.kind === 'vllm') {
    const json = await postJson(
      route,
      '/tokenize',
      { model: route.model, messages, add_generation_prompt: true },
      signal,
    );
    if (typeof json?.count === 'number') return json.count;
    return Array.isArray(json?.tokens) ? json.tokens.length : null;
  }
  if (route.kind === 'llama.cpp') {
    const templated = await postJson(route, '/apply-template', { messages }, signal);
    if (typeof templated?.prompt !== 'string') return null;
    const json = await postJson(
      route,
      '/tokenize',
      // As the chat route tokenizes a templated prompt: special tokens parsed, BOS added.
      { content: templated.prompt, add_special: true, parse_special: true },
      signal,
    );
    return Array.isArray(json?.tokens) ? json.tokens.length : null;
  }
  return null;
}
