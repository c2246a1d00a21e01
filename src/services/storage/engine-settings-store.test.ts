import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test-support/memory-storage';
import {
  DEFAULT_ENGINE_SETTINGS,
  ENGINE_SETTINGS_KEY,
  loadEngineSettings,
  saveEngineSettings,
} from './engine-settings-store';

describe('engine settings store', () => {
  it('round-trips the settings and keeps the API key under its own key only', () => {
    const storage = memoryStorage();
    const settings = {
      ...DEFAULT_ENGINE_SETTINGS,
      choice: 'openai' as const,
      server: {
        endpoint: 'http://gpu-box:8000/v1',
        model: 'qwen',
        stream: false,
        timeoutSeconds: 30,
        kind: 'vllm' as const,
        contextWindow: 8192,
        retries: 2,
      },
      // A stray field (say, a key pasted into the wrong object) must not be written.
      extra: 'sk-should-not-be-saved',
    };
    saveEngineSettings(settings, storage);
    expect(loadEngineSettings(storage)).toEqual({
      ...DEFAULT_ENGINE_SETTINGS,
      choice: 'openai',
      server: settings.server,
    });
    expect(storage.map.get(ENGINE_SETTINGS_KEY)).not.toContain('sk-');
  });

  it('falls back to defaults for missing, broken or odd saved values', () => {
    const storage = memoryStorage();
    expect(loadEngineSettings(storage)).toEqual(DEFAULT_ENGINE_SETTINGS);
    storage.setItem(ENGINE_SETTINGS_KEY, '{not json');
    expect(loadEngineSettings(storage)).toEqual(DEFAULT_ENGINE_SETTINGS);
    storage.setItem(
      ENGINE_SETTINGS_KEY,
      JSON.stringify({
        choice: 'gpu?',
        customModels: [{ modelId: 1 }],
        server: { timeoutSeconds: -3, retries: 1000 },
      }),
    );
    const loaded = loadEngineSettings(storage);
    expect(loaded.choice).toBe('webllm');
    expect(loaded.customModels).toEqual([]);
    expect(loaded.server.timeoutSeconds).toBe(DEFAULT_ENGINE_SETTINGS.server.timeoutSeconds);
    // 4 retries (5 tries) unless a sane number was saved.
    expect(loaded.server.retries).toBe(4);
  });

  it('works without storage at all (blocked by privacy settings)', () => {
    expect(loadEngineSettings(null)).toEqual(DEFAULT_ENGINE_SETTINGS);
    expect(() => saveEngineSettings(DEFAULT_ENGINE_SETTINGS, null)).not.toThrow();
  });
});
