import { describe, expect, it } from 'vitest';
import { keyFor, migrateLegacyKeys, withKey } from './api-keys';

describe('API keys by server origin', () => {
  it('a key is found by any endpoint of its origin and by no other', () => {
    const keys = withKey({}, 'https://api.example.com/v1', ' sk-a ');
    expect(keys).toEqual({ 'https://api.example.com': 'sk-a' });
    expect(keyFor(keys, 'api.example.com/openai/v1/chat/completions')).toBe('');
    expect(keyFor(keys, 'https://api.example.com/openai/v1/chat/completions')).toBe('sk-a');
    expect(keyFor(keys, 'https://API.example.com:443/v1/')).toBe('sk-a');
    for (const other of [
      'http://api.example.com/v1', // another scheme
      'https://api.example.com:8443/v1', // another port
      'https://api.example.com.evil.test/v1', // a look-alike host
      'https://evil.test/v1?x=https://api.example.com',
      'https://user:pw@evil.test/https://api.example.com/v1',
      'not a url at all',
      '',
    ])
      expect(keyFor(keys, other), other).toBe('');
  });

  it('an empty key forgets the origin, and a non-URL endpoint keeps nothing', () => {
    const keys = withKey({ 'http://a:1': 'k' }, 'http://a:1/v1', '  ');
    expect(keys).toEqual({});
    expect(withKey({}, 'ftp://host/v1', 'k')).toEqual({});
    expect(withKey({}, '   ', 'k')).toEqual({});
  });

  it('moves keys saved per field to the origin saved beside them; a newer key for that origin wins', () => {
    const keys = migrateLegacyKeys({ 'http://b:2': 'sk-new' }, [
      { key: 'sk-model-view', endpoint: 'http://a:1/v1' },
      { key: 'sk-old', endpoint: 'http://b:2/v1' },
      { key: 'sk-lost', endpoint: 'nonsense://' },
      { key: '', endpoint: 'http://c:3/v1' },
    ]);
    expect(keys).toEqual({ 'http://a:1': 'sk-model-view', 'http://b:2': 'sk-new' });
  });
});
