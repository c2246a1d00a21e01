import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createEvalStore } from './eval-store';

describe('evaluation store', () => {
  it('keeps both of two updates made one after the other without waiting (no lost update)', async () => {
    const store = createEvalStore();
    await store.saveSetup({
      name: 'dev.json',
      questionsText: '[]',
      databases: {},
      difficulties: [],
      goldFailures: [],
      config: { settingsUsed: [] as string[] },
      status: 'idle',
    });
    // As a run starts: the settings it uses, then its status, both fired at once.
    await Promise.all([
      store.updateSetup({ config: { settingsUsed: ['all', 'text2sql'] } }),
      store.updateSetup({ status: 'running' }),
    ]);
    // What a reload reads.
    const saved = await createEvalStore().loadSetup<{ settingsUsed: string[] }>();
    expect(saved?.config.settingsUsed).toEqual(['all', 'text2sql']);
    expect(saved?.status).toBe('running');
  });
});
