import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test-support/memory-storage';
import {
  DATA_LAB_SETTINGS_KEY,
  DATA_LAB_STRONG_KEY_STORAGE_KEY,
  DATA_LAB_WEAK_KEY_STORAGE_KEY,
  DEFAULT_DATA_LAB_SETTINGS,
  loadDataLabKey,
  loadDataLabSettings,
  saveDataLabKey,
  saveDataLabSettings,
} from './data-lab-settings-store';

describe('data lab settings store', () => {
  it('round-trips the settings and keeps each key under its own storage key', () => {
    const storage = memoryStorage();
    const settings = {
      ...DEFAULT_DATA_LAB_SETTINGS,
      strong: { endpoint: 'http://gpu:8000/v1', model: 'big', apiKey: 'sk-stray' },
      weakSource: 'server' as const,
      target: 200,
      samples: 4,
    };
    saveDataLabSettings(settings, storage);
    saveDataLabKey('strong', 'sk-strong', storage);
    saveDataLabKey('weak', 'sk-weak', storage);
    expect(loadDataLabSettings(storage)).toEqual({
      ...settings,
      strong: { endpoint: 'http://gpu:8000/v1', model: 'big' },
    });
    expect(storage.map.get(DATA_LAB_SETTINGS_KEY)).not.toMatch(/sk-/);
    expect(storage.map.get(DATA_LAB_STRONG_KEY_STORAGE_KEY)).toBe('sk-strong');
    expect(loadDataLabKey('weak', storage)).toBe('sk-weak');
    saveDataLabKey('weak', '', storage);
    expect(storage.map.has(DATA_LAB_WEAK_KEY_STORAGE_KEY)).toBe(false);
  });

  it('falls back to the defaults for missing, corrupt or out-of-range values', () => {
    const storage = memoryStorage();
    expect(loadDataLabSettings(storage)).toEqual(DEFAULT_DATA_LAB_SETTINGS);
    storage.setItem(DATA_LAB_SETTINGS_KEY, '{"target": -3, "samples": 2.5, "weakSource": "x"}');
    expect(loadDataLabSettings(storage)).toEqual(DEFAULT_DATA_LAB_SETTINGS);
    storage.setItem(DATA_LAB_SETTINGS_KEY, 'not json');
    expect(loadDataLabSettings(storage)).toEqual(DEFAULT_DATA_LAB_SETTINGS);
  });
});
