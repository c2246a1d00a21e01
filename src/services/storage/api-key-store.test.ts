import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test-support/memory-storage';
import { API_KEYS_STORAGE_KEY, loadApiKeys, saveApiKeys } from './api-key-store';
import { ENGINE_SETTINGS_KEY } from './engine-settings-store';
import { DATA_LAB_SETTINGS_KEY } from './data-lab-settings-store';

describe('API key store', () => {
  it('round-trips keys by origin under a storage key of their own', () => {
    const storage = memoryStorage();
    saveApiKeys({ 'http://a:1': 'sk-a', 'https://b.example': 'sk-b' }, storage);
    expect(loadApiKeys(storage)).toEqual({ 'http://a:1': 'sk-a', 'https://b.example': 'sk-b' });
    saveApiKeys({}, storage);
    expect(storage.map.has(API_KEYS_STORAGE_KEY)).toBe(false);
  });

  it('moves the single keys of earlier versions to the origins saved beside them, once', () => {
    const storage = memoryStorage();
    storage.setItem(
      ENGINE_SETTINGS_KEY,
      JSON.stringify({ choice: 'openai', server: { endpoint: 'https://gpu.lan:8000/v1' } }),
    );
    storage.setItem(
      DATA_LAB_SETTINGS_KEY,
      JSON.stringify({ strong: { endpoint: 'https://api.example.com/v1', model: 'big' } }),
    );
    storage.setItem('ttsql.openai-api-key', 'sk-model');
    storage.setItem('ttsql.data-lab.strong-api-key', 'sk-strong');
    // The weak server's endpoint was never changed: the default of that version applies.
    storage.setItem('ttsql.data-lab.weak-api-key', 'sk-weak');

    const expected = {
      'https://gpu.lan:8000': 'sk-model',
      'https://api.example.com': 'sk-strong',
      'http://localhost:11434': 'sk-weak',
    };
    expect(loadApiKeys(storage)).toEqual(expected);
    for (const old of [
      'ttsql.openai-api-key',
      'ttsql.data-lab.strong-api-key',
      'ttsql.data-lab.weak-api-key',
    ])
      expect(storage.map.has(old), old).toBe(false);
    expect(JSON.parse(storage.map.get(API_KEYS_STORAGE_KEY) ?? '')).toEqual(expected);
    expect(loadApiKeys(storage)).toEqual(expected);
  });

  it('reads nothing from broken or odd stored values, and works without storage', () => {
    const storage = memoryStorage();
    storage.setItem(API_KEYS_STORAGE_KEY, '{"http://a:1": 5, "http://b:2": "k"}');
    expect(loadApiKeys(storage)).toEqual({ 'http://b:2': 'k' });
    storage.setItem(API_KEYS_STORAGE_KEY, '[1,2]');
    expect(loadApiKeys(storage)).toEqual({});
    storage.setItem(API_KEYS_STORAGE_KEY, 'not json');
    expect(loadApiKeys(storage)).toEqual({});
    expect(loadApiKeys(null)).toEqual({});
    expect(() => saveApiKeys({ 'http://a:1': 'k' }, null)).not.toThrow();
  });
});
