import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test-support/memory-storage';
import {
  DATA_LAB_SETTINGS_KEY,
  DEFAULT_DATA_LAB_SETTINGS,
  loadDataLabSettings,
  saveDataLabSettings,
} from './data-lab-settings-store';

describe('data lab settings store', () => {
  it('round-trips the settings and never writes a key that rode along', () => {
    const storage = memoryStorage();
    const settings = {
      ...DEFAULT_DATA_LAB_SETTINGS,
      strong: { endpoint: 'http://gpu:8000/v1', model: 'big', apiKey: 'sk-stray' },
      weakSource: 'server' as const,
      target: 200,
      samples: 4,
    };
    saveDataLabSettings(settings, storage);
    expect(loadDataLabSettings(storage)).toEqual({
      ...settings,
      strong: { endpoint: 'http://gpu:8000/v1', model: 'big' },
    });
    expect(storage.map.get(DATA_LAB_SETTINGS_KEY)).not.toMatch(/sk-/);
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
