/**
 * The endpoint URL as people paste it ("localhost:11434", "http://host:8000/v1/",
 * ".../v1/chat/completions"), read once for everything that decides where data and keys go:
 * the API root the OpenAI paths hang off, the origin an API key belongs to, and whether a link
 * names the server the person already uses.
 */
import { AppError } from '../errors';

/** Returns the API root without a trailing slash, e.g. `http://127.0.0.1:11434/v1`. */
export function normalizeEndpoint(input: string): string {
  let text = input.trim();
  if (text === '') {
    throw new AppError(
      'fetch_failed',
      'Enter the endpoint URL of the server.',
      'For Ollama on this computer: http://localhost:11434/v1',
    );
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError(
      'fetch_failed',
      `"${input.trim()}" is not a URL.`,
      'Write it like http://localhost:11434/v1',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError(
      'fetch_failed',
      `The endpoint must be an http or https URL, not ${url.protocol}`,
      'Write it like http://localhost:11434/v1',
    );
  }
  // Credentials or a query in the URL would end up in shared links; the key has its own field.
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  let path = url.pathname.replace(/\/+$/, '');
  // People paste the full route from a curl example.
  path = path.replace(/\/(chat\/completions|completions|models)$/, '');
  // A path that names an API version already ("/v1", "/openai/v1", "/v1beta/openai") is the root.
  if (!path.split('/').some((segment) => /^v\d+/.test(segment))) path = `${path}/v1`;
  return `${url.origin}${path}`;
}

/**
 * The origin (scheme, host, port) an endpoint's requests go to, which is what an API key
 * belongs to; null when the text is no usable http(s) URL.
 */
export function endpointOrigin(input: string): string | null {
  try {
    return new URL(normalizeEndpoint(input)).origin;
  } catch {
    return null;
  }
}

/** The host as a person reads it ("other-host:8000"), or the text itself when it is no URL. */
export function endpointHost(input: string): string {
  try {
    return new URL(normalizeEndpoint(input)).host;
  } catch {
    return input.trim();
  }
}

/** True when both texts name the same API root (so the same server gets the same requests). */
export function sameEndpoint(a: string, b: string): boolean {
  try {
    return normalizeEndpoint(a) === normalizeEndpoint(b);
  } catch {
    return false;
  }
}
