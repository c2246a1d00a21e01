import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { COUNT_ARTISTS, runStoresOnChinook, scriptedEngine } from '../test-support/run-store';

const makeStore = runStoresOnChinook();

describe('threads of follow-up questions', () => {
  it('follows up with the earlier turn in every prompt, then New question starts afresh', async () => {
    const { engine, prompts } = scriptedEngine(COUNT_ARTISTS);
    const { store } = makeStore(engine);
    expect(store.getState().nextTurn).toBe('new');
    store.getState().followUp(); // nothing to follow up yet
    expect(store.getState().nextTurn).toBe('new');

    await store.getState().ask('How many artists are there?', '');
    const first = store.getState().run!;
    expect(first.thread).toEqual({ id: first.id, turn: 0, earlier: [] });

    store.getState().followUp();
    expect(store.getState()).toMatchObject({ nextTurn: 'follow_up', questionDraft: '' });
    prompts.length = 0;
    store.getState().setQuestionDraft('And how many albums?');
    await store.getState().ask();
    const second = store.getState().run!;
    expect(second.thread).toMatchObject({ id: first.id, turn: 1 });
    expect(second.thread?.earlier).toEqual([
      {
        runId: first.id,
        question: 'How many artists are there?',
        sql: 'SELECT count(*) AS n FROM Artist',
        rowCount: 1,
        status: 'done',
      },
    ]);
    expect(prompts.length).toBeGreaterThan(0);
    for (const prompt of prompts) {
      expect(prompt).toContain('Earlier question 1: How many artists are there?');
      expect(prompt).toContain('SELECT count(*) AS n FROM Artist');
    }
    // The box is free for the next turn; the mode stays.
    expect(store.getState()).toMatchObject({ nextTurn: 'follow_up', questionDraft: '' });

    // Re-run from here on the follow-up keeps its context.
    store.getState().editStage({ stage: 'result', sql: 'SELECT count(*) FROM Album' });
    prompts.length = 0;
    await store.getState().rerunFrom('noise_correction');
    await store.getState().rerunFrom('sql_generation');
    expect(prompts.length).toBeGreaterThan(0);
    for (const prompt of prompts) expect(prompt).toContain('Earlier question 1');

    store.getState().newQuestion();
    expect(store.getState()).toMatchObject({ nextTurn: 'new', run: null, questionDraft: '' });
    prompts.length = 0;
    await store.getState().ask('How many tracks?', '');
    const fresh = store.getState().run!;
    expect(fresh.thread).toEqual({ id: fresh.id, turn: 0, earlier: [] });
    for (const prompt of prompts) expect(prompt).not.toContain('Earlier question');

    const threads = store.getState().history.map((r) => [r.question, r.thread?.id, r.thread?.turn]);
    expect(threads).toEqual([
      ['How many tracks?', fresh.id, 0],
      ['And how many albums?', first.id, 1],
      ['How many artists are there?', first.id, 0],
    ]);
    const file = store.getState().exportHistoryThread(first.id, 'markdown');
    expect(file?.text).toContain('## Turn 2: And how many albums?');
  });

  it('continues a thread opened from History, branching from a turn that has a later one', async () => {
    const { engine } = scriptedEngine(COUNT_ARTISTS);
    const { store } = makeStore(engine);
    await store.getState().ask('Q1', '');
    const q1 = store.getState().run!;
    store.getState().followUp();
    await store.getState().ask('Q2', '');
    const q2 = store.getState().run!;

    // Reopened, a later turn asked again keeps its place and its earlier turns.
    store.getState().openHistoryRun(q2.id);
    expect(store.getState()).toMatchObject({ runReadOnly: true, nextTurn: 'again' });
    await store.getState().ask('Q2, reworded', '');
    expect(store.getState().run!.thread).toEqual(q2.thread);
    // A first turn reopened is asked afresh.
    store.getState().openHistoryRun(q1.id);
    expect(store.getState().nextTurn).toBe('new');

    store.getState().openHistoryRun(q2.id);
    store.getState().followUp();
    await store.getState().ask('Q3', '');
    expect(store.getState().run!.thread).toMatchObject({ id: q1.id, turn: 2 });

    store.getState().openHistoryRun(q1.id);
    store.getState().followUp();
    await store.getState().ask('Q2 again, differently', '');
    const branch = store.getState().run!;
    expect(branch.thread?.id).toBe(branch.id);
    expect(branch.thread?.turn).toBe(1);
    expect(branch.thread?.earlier.map((t) => t.question)).toEqual(['Q1']);
  });

  it('refuses a follow-up on another database than its earlier turns', async () => {
    const { engine } = scriptedEngine(COUNT_ARTISTS);
    const { store } = makeStore(engine);
    await store.getState().ask('How many artists are there?', '');
    store.getState().followUp();
    store.setState({
      run: {
        ...store.getState().run!,
        database: { name: 'other.sqlite', sizeBytes: 1, tableCount: 1, schemaHash: 'zz' },
      },
    });
    await store.getState().ask('Only rock?', '');
    expect(store.getState().askError?.message).toMatch(/asked on other\.sqlite/);
    expect(store.getState().run!.question).toBe('How many artists are there?');
  });

  it('keeps the run shown while it is going: New question acts only once it has ended', async () => {
    let release!: () => void;
    const wait = new Promise<void>((resolve) => (release = resolve));
    const { engine } = scriptedEngine(COUNT_ARTISTS, { stage: 'sql', wait });
    const { store } = makeStore(engine);
    const asking = store.getState().ask('How many artists are there?', '');
    await vi.waitFor(() =>
      expect(store.getState().run?.stages.sql_generation.calls).toHaveLength(1),
    );
    expect(store.getState().runInProgress()).toBe(true);
    store.getState().newQuestion();
    expect(store.getState().run?.status).toBe('running');

    release();
    await asking;
    expect(store.getState().runInProgress()).toBe(false);
    store.getState().newQuestion();
    expect(store.getState()).toMatchObject({ nextTurn: 'new', run: null });
  });
});
