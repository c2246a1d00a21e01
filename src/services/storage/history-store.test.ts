import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { FULL_RUN, fold, freshRun } from '../../core/history/fixtures.test-support';
import type { RunRecord } from '../../core/history/run-record';
import { createHistoryStore } from './history-store';

function run(id: string, createdAt: number, question = `q ${id}`): RunRecord {
  return { ...fold(freshRun(), FULL_RUN), id, createdAt, question };
}

describe('history store', () => {
  it('keeps runs across store instances, newest first, and deletes one', async () => {
    const first = createHistoryStore();
    await first.save(run('a', 100));
    await first.save(run('c', 300));
    await first.save(run('b', 200));

    // A second instance is what a reload sees.
    const second = createHistoryStore();
    expect((await second.list()).map((r) => r.id)).toEqual(['c', 'b', 'a']);
    const b = await second.get('b');
    expect(b?.stages.noise_correction.verdict?.reason).toMatch(/correction adopted/);
    expect(b?.finalOutcome).toEqual(run('b', 200).finalOutcome);

    await second.remove('b');
    expect((await first.list()).map((r) => r.id)).toEqual(['c', 'a']);
    expect(await first.get('b')).toBeNull();
  });

  it('saving the same run again replaces it (a re-run updates its entry)', async () => {
    const store = createHistoryStore();
    await store.save(run('same', 1, 'before'));
    await store.save(run('same', 1, 'after'));
    const all = await store.list();
    expect(all.filter((r) => r.id === 'same').map((r) => r.question)).toEqual(['after']);
  });
});
