/**
 * API keys belong to servers: each is kept under the origin (scheme, host, port) of the endpoint
 * it was typed for, and is looked up by the origin a request goes to. A key typed for one server
 * therefore cannot reach another, whatever a link, a field or a view asks.
 */
import { endpointOrigin } from './endpoint-origin';

/** origin -> key; an origin without a key has no entry. */
export type ApiKeys = Readonly<Record<string, string>>;

/** The key kept for the server this endpoint points at ('' when none, or no valid URL). */
export function keyFor(keys: ApiKeys, endpoint: string): string {
  const origin = endpointOrigin(endpoint);
  return origin === null ? '' : (keys[origin] ?? '');
}

/**
 * Keys with this endpoint's key set (or removed when empty). An endpoint that is no URL keeps
 * nothing: there is no server to tie the key to.
 */
export function withKey(keys: ApiKeys, endpoint: string, key: string): ApiKeys {
  const origin = endpointOrigin(endpoint);
  if (origin === null) return keys;
  const next: Record<string, string> = { ...keys };
  const trimmed = key.trim();
  if (trimmed) next[origin] = trimmed;
  else delete next[origin];
  return next;
}

/** A key saved before keys had origins, with the endpoint that was saved beside it. */
export interface LegacyKey {
  key: string;
  endpoint: string;
}

/**
 * Moves keys saved one-per-field (the Model view's, the Data view's strong and weak) to the
 * origin of the endpoint each was saved with. A key already kept for that origin wins: it is the
 * newer one. A legacy key whose endpoint is no URL is dropped, since no server can own it.
 */
export function migrateLegacyKeys(keys: ApiKeys, legacy: readonly LegacyKey[]): ApiKeys {
  let next = keys;
  for (const { key, endpoint } of legacy) {
    if (!key.trim() || keyFor(next, endpoint)) continue;
    next = withKey(next, endpoint, key);
  }
  return next;
}
