/**
 * The one place an API key joins a request. The key goes only to the origin it was typed for:
 * a request anywhere else (another host, port or scheme) leaves without it, and a keyed request
 * may not follow a redirect, which could lead it, header and all, to another server.
 */

function originOf(input: RequestInfo | URL): string | null {
  try {
    return new URL(input instanceof Request ? input.url : String(input)).origin;
  } catch {
    return null;
  }
}

function withAuthorization(headers: HeadersInit | undefined, key: string): HeadersInit {
  const value = `Bearer ${key}`;
  if (headers instanceof Headers || Array.isArray(headers)) {
    const merged = new Headers(headers);
    merged.set('Authorization', value);
    return merged;
  }
  return { ...headers, Authorization: value };
}

export function fetchWithKey(
  fetchImpl: typeof fetch,
  key: string,
  keyOrigin: string | null,
): typeof fetch {
  return (input, init = {}) => {
    if (!key || keyOrigin === null || originOf(input) !== keyOrigin) return fetchImpl(input, init);
    return fetchImpl(input, {
      ...init,
      headers: withAuthorization(init.headers, key),
      redirect: 'error',
    });
  };
}
