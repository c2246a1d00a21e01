import { describe, expect, it } from 'vitest';
import { fetchWithKey } from './keyed-fetch';

function recorder() {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    return new Response('{}');
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const authorization = (init: RequestInit) => new Headers(init.headers).get('Authorization');

describe('fetchWithKey', () => {
  it('adds the key only to requests to its own origin, and forbids redirects for them', async () => {
    const { calls, fetchImpl } = recorder();
    const keyed = fetchWithKey(fetchImpl, 'sk-a', 'http://a.example:8000');
    await keyed('http://a.example:8000/v1/models', { headers: { Accept: 'x' } });
    await keyed('http://a.example:8000/props');
    await keyed('http://a.example:8001/v1/models');
    await keyed('https://a.example:8000/v1/models');
    await keyed('http://a.example.evil.test:8000/v1/models');
    await keyed(new URL('http://b.example/v1/chat/completions'), { headers: new Headers() });

    expect(calls.map((c) => authorization(c.init))).toEqual([
      'Bearer sk-a',
      'Bearer sk-a',
      null,
      null,
      null,
      null,
    ]);
    expect(calls[0]!.init.redirect).toBe('error');
    expect(new Headers(calls[0]!.init.headers).get('Accept')).toBe('x');
    expect(calls[2]!.init.redirect).toBeUndefined();
  });

  it('sends nothing extra without a key', async () => {
    const { calls, fetchImpl } = recorder();
    await fetchWithKey(fetchImpl, '', 'http://a:1')('http://a:1/v1/models');
    expect(authorization(calls[0]!.init)).toBeNull();
    expect(calls[0]!.init.redirect).toBeUndefined();
  });
});
