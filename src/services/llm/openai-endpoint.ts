/**
 * The endpoint URL as people paste it ("localhost:11434", "http://host:8000/v1/",
 * ".../v1/chat/completions") turned into the API root that the OpenAI paths hang off, and the
 * HTTP failures of such servers turned into AppErrors with a next step.
 */
import { AppError } from '../../core/errors';
import { overflowFromText } from '../../core/llm/context-overflow';

// The URL rules live in core, where the link proposal and the key store read them too.
export { normalizeEndpoint } from '../../core/security/endpoint-origin';

/** Pulls the server's own sentence out of an error body (OpenAI, vLLM, Ollama, llama.cpp shapes). */
export function serverMessage(body: string): string | null {
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown; detail?: unknown };
    if (typeof json.error === 'string') return json.error;
    if (typeof json.error === 'object' && json.error !== null) {
      const message = (json.error as { message?: unknown }).message;
      if (typeof message === 'string') return message;
    }
    if (typeof json.message === 'string') return json.message;
    if (typeof json.detail === 'string') return json.detail;
  } catch {
    // not JSON: fall through to the raw text
  }
  const text = body.trim();
  return text === '' ? null : text.slice(0, 300);
}

/**
 * Turns a non-2xx answer into the AppError a person can act on; it carries the status and the
 * server's `Retry-After` (in ms), which decide whether the call is tried again.
 */
export function httpError(
  status: number,
  body: string,
  context: { model: string; endpoint: string; path: string },
  retryAfterMs: number | null = null,
): AppError {
  const error = errorForStatus(status, body, context);
  return new AppError(error.code, error.message, error.nextStep, error.detail, {
    status,
    retryAfterMs,
  });
}

function errorForStatus(
  status: number,
  body: string,
  context: { model: string; endpoint: string; path: string },
): AppError {
  const said = serverMessage(body);
  const detail = said ?? undefined;
  // vLLM and llama.cpp refuse an over-long prompt with a 400 that names the numbers.
  const overflow = status >= 400 && status < 500 ? overflowFromText(body) : null;
  if (overflow) return overflow;
  if (status === 401 || status === 403) {
    return new AppError(
      'unauthorized',
      `The server refused the request (${status}): the API key is missing or wrong.`,
      'Check the API key field (it stays in this browser), then Connect again.',
      detail,
    );
  }
  if (status === 404 && context.path.endsWith('/chat/completions')) {
    return new AppError(
      'model_not_found',
      `The server has no model named "${context.model}" (404).`,
      'Pick a model from the Model list (for Ollama, `ollama pull` it first), or check that the endpoint URL ends at the API root, e.g. …/v1.',
      detail,
    );
  }
  if (status === 404) {
    return new AppError(
      'fetch_failed',
      `Nothing answers at ${context.endpoint}${context.path} (404).`,
      'Check the endpoint URL: it should end at the API root, e.g. http://localhost:11434/v1.',
      detail,
    );
  }
  if (status === 408 || status === 504) {
    return new AppError(
      'timeout',
      `The server timed out (${status}).`,
      'Try again; a model that is still loading on the server can take a while.',
      detail,
    );
  }
  if (status === 429) {
    return new AppError(
      'server_error',
      'The server is busy or rate-limited (429).',
      'Wait a moment and try again.',
      detail,
    );
  }
  return new AppError(
    'server_error',
    `The server answered with an error (${status})${said ? `: ${said}` : '.'}`,
    status >= 500
      ? 'Check the server log; try again or pick another model.'
      : 'Check the model name and the server log.',
    detail,
  );
}

/**
 * A fetch that rejects before any response is the browser refusing to show the answer: a
 * server that is down looks the same as one that does not allow this page's origin (CORS).
 */
export function blockedRequestError(endpoint: string, pageOrigin: string | null): AppError {
  const origin = pageOrigin ?? 'this page';
  const mixed =
    pageOrigin?.startsWith('https:') &&
    endpoint.startsWith('http:') &&
    !/\/\/(localhost|127\.0\.0\.1|\[::1\])/.test(endpoint);
  if (mixed) {
    return new AppError(
      'cors',
      `The browser blocked the request: this page is https and ${endpoint} is plain http.`,
      'Serve the model over https (a reverse proxy), or open the playground over http.',
    );
  }
  return new AppError(
    'cors',
    `The browser could not reach ${endpoint}: the server is not running, or it does not allow requests from ${origin} (CORS).`,
    [
      'Check that the server runs at that address, then allow this page’s origin:',
      `• Ollama: OLLAMA_ORIGINS=${origin} ollama serve`,
      `• vLLM: vllm serve <model> --allowed-origins '["${origin}"]'`,
      '• llama.cpp: llama-server --host 127.0.0.1 --port 8080 allows other origins; behind a proxy, add Access-Control-Allow-Origin and allow the Authorization header.',
    ].join('\n'),
  );
}
