import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createDatabaseStore } from './database-store';

describe('database store', () => {
  it('keeps the last database across store instances until cleared', async () => {
    const first = createDatabaseStore();
    expect(await first.load()).toBeNull();
    await first.save({ file: new Blob(['one']), name: 'one.sqlite', source: 'file', savedAt: 1 });
    await first.save({
      file: new Blob(['second file']),
      name: 'two.db',
      source: 'url',
      savedAt: 2,
    });

    // A second instance is what a reload sees: only the last one is kept.
    const second = createDatabaseStore();
    const kept = await second.load();
    expect(kept).toMatchObject({ name: 'two.db', source: 'url', savedAt: 2 });
    expect(await kept?.file.text()).toBe('second file');

    await second.clear();
    expect(await createDatabaseStore().load()).toBeNull();
  });
});
