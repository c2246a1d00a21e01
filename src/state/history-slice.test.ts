import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createHistoryStore } from '../services/storage/history-store';
import { COUNT_ARTISTS, runStoresOnChinook, scriptedEngine } from '../test-support/run-store';

const makeStore = runStoresOnChinook();

describe('History', () => {
  it('opens a past run read-only and refuses edits to it', async () => {
    const { engine } = scriptedEngine(COUNT_ARTISTS);
    const { store } = makeStore(engine);
    await store.getState().ask('How many artists are there?', 'a hint');
    const id = store.getState().run!.id;

    const { store: reloaded, showView } = makeStore(engine);
    await reloaded.getState().loadHistory();
    reloaded.getState().openHistoryRun(id);
    expect(reloaded.getState().runReadOnly).toBe(true);
    expect(reloaded.getState().hintDraft).toBe('a hint');
    reloaded.getState().editStage({ stage: 'result', sql: 'SELECT 1' });
    expect(reloaded.getState().run!.edits).toHaveLength(0);
    expect(showView).toHaveBeenCalledWith('ask');

    const file = reloaded.getState().exportHistoryRun(id, 'markdown');
    expect(file?.text).toContain('Hint: a hint');
    await reloaded.getState().deleteHistoryRun(id);
    expect(await createHistoryStore().get(id)).toBeNull();
    expect(reloaded.getState().run).toBeNull();
  });
});
