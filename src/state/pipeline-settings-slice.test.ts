import { describe, expect, it, vi } from 'vitest';
import { runStoresOnChinook } from '../test-support/run-store';

const makeStore = runStoresOnChinook();

describe('the pipeline switches', () => {
  it('remembers the stage switches and prompt style', () => {
    const storage = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    });
    try {
      const { store } = makeStore(null);
      store.getState().setStageSwitch('noiseCorrection', false);
      store.getState().setPromptStyle('zero_shot');
      const again = makeStore(null).store.getState().pipelineSettings;
      expect(again).toMatchObject({
        noiseCorrection: false,
        schemaLinking: true,
        promptStyle: 'zero_shot',
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
