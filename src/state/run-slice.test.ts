import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { TokenCounter } from '../core/tokens/token-counter';
import type { LlmEngine } from '../services/llm/engine';
import { createHistoryStore } from '../services/storage/history-store';
import { COUNT_ARTISTS, runStoresOnChinook, scriptedEngine } from '../test-support/run-store';

const makeStore = runStoresOnChinook();

describe('run slice', () => {
  it('asks, folds every stage, and keeps the run in history', async () => {
    const { engine, calls } = scriptedEngine(COUNT_ARTISTS);
    const { store, setGenerating } = makeStore(engine);
    await store.getState().ask('How many artists are there?', '');

    const run = store.getState().run!;
    expect(run.status).toBe('done');
    expect(calls).toEqual(['links', 'pseudo_sql', 'sql', 'correction']);
    expect(run.stages.schema_linking.status).toBe('done');
    expect(run.stages.continuation_writing.status).toBe('skipped');
    expect(run.finalSql).toBe('SELECT count(*) AS n FROM Artist');
    expect(run.resultSummary).toEqual({ rowCount: 1, columns: ['n'], truncated: false });
    expect(run.model).toEqual({ engine: 'openai', modelId: 'scripted' });
    expect(run.database).toMatchObject({ name: 'chinook.sqlite', tableCount: 11 });
    expect(setGenerating.mock.calls).toEqual([[true], [false]]);

    const saved = await createHistoryStore().get(run.id);
    expect(saved?.stages.sql_generation.calls[0]?.answer).toContain('SELECT count(*) AS n');
    expect(store.getState().history[0]?.id).toBe(run.id);
  });

  it('says what is missing when no model is ready, and starts nothing', async () => {
    const { store } = makeStore(null);
    await store.getState().ask('How many artists are there?', '');
    expect(store.getState().run).toBeNull();
    expect(store.getState().askError).toMatchObject({ code: 'model_not_loaded' });
    expect(store.getState().askError?.nextStep).toMatch(/Model view/);
  });

  it('re-runs from an edited SQL with only the later stages asking the model', async () => {
    const { engine, calls } = scriptedEngine(COUNT_ARTISTS);
    const { store } = makeStore(engine);
    await store.getState().ask('How many artists are there?', '');
    const firstId = store.getState().run!.id;

    store
      .getState()
      .editStage({ stage: 'sql_generation', sql: 'SELECT count(*) AS albums FROM Album' });
    expect(store.getState().run!.stages.result.status).toBe('stale');
    expect(store.getState().run!.stages.sql_generation.rerunPending).toBe(true);
    // The edit reaches history shortly after the typing stops, before any re-run.
    await vi.waitFor(
      async () => expect((await createHistoryStore().get(firstId))?.edits).toHaveLength(1),
      { timeout: 3000 },
    );

    calls.length = 0;
    await store.getState().rerunFrom('sql_generation');
    const run = store.getState().run!;
    expect(calls).toEqual(['correction']);
    expect(run.id).toBe(firstId);
    expect(run.status).toBe('done');
    expect(run.finalSql).toBe('SELECT count(*) AS albums FROM Album');
    const final = run.finalOutcome;
    expect(final?.ok && final.result.rows).toEqual([[347]]);
    expect(run.edits).toHaveLength(1);
    expect(run.stages.sql_generation.rerunPending).toBe(false);
  });

  it('stops mid-stream at once, keeps what streamed, and lets the next ask run', async () => {
    let release!: () => void;
    const wait = new Promise<void>((resolve) => (release = resolve));
    const { engine } = scriptedEngine(COUNT_ARTISTS, { stage: 'sql', wait });
    const { store, setGenerating } = makeStore(engine);
    const asking = store.getState().ask('How many artists are there?', '');
    await vi.waitFor(() =>
      expect(store.getState().run?.stages.sql_generation.calls[0]?.answer).toBe('```sq'),
    );
    store.getState().stop();
    const stopped = store.getState().run!;
    expect(stopped.status).toBe('stopped');
    expect(stopped.stages.sql_generation.status).toBe('stopped');
    expect(stopped.stages.schema_linking.status).toBe('done');
    expect(setGenerating).toHaveBeenLastCalledWith(false);
    release();
    await asking;
    // Late events from the stopped run change nothing.
    expect(store.getState().run).toBe(stopped);

    await store.getState().ask('How many artists are there?', '');
    expect(store.getState().run!.status).toBe('done');
    expect(store.getState().run!.id).not.toBe(stopped.id);
  });

  it('refuses to re-run a run made on another database', async () => {
    const { engine, calls } = scriptedEngine(COUNT_ARTISTS);
    const { store } = makeStore(engine);
    await store.getState().ask('How many artists are there?', '');
    store.getState().editStage({ stage: 'result', sql: 'SELECT 1' });
    const otherSchema = { tables: store.getState().database!.schema.tables.slice(1) };
    store.setState({
      database: {
        name: 'other.sqlite',
        sizeBytes: 5,
        source: 'file',
        schema: otherSchema,
        dirty: false,
      },
    });
    calls.length = 0;
    await store.getState().rerunFrom('result');
    expect(calls).toEqual([]);
    expect(store.getState().askError?.message).toMatch(/made on chinook\.sqlite/);
    expect(store.getState().run!.stages.result.rerunPending).toBe(true);
  });
});

describe('a run waiting for its tokenizer', () => {
  it('says so while the first load takes, fits with it once there, then clears the note', async () => {
    const { engine, prompts } = scriptedEngine(COUNT_ARTISTS);
    let loaded: (counter: TokenCounter) => void = () => {};
    const loading = new Promise<TokenCounter>((resolve) => (loaded = resolve));
    const windowed: LlmEngine = { ...engine, contextWindow: 4096, tokenCounter: () => loading };
    const { store } = makeStore(windowed);
    const asked = store.getState().ask('How many artists are there?', '');
    await vi.waitFor(() => expect(store.getState().runPreparing).toMatch(/Loading the tokenizer/));
    expect(prompts).toEqual([]);
    loaded({ source: 'a test counter', count: (text) => Math.ceil(text.length / 4) });
    await asked;
    expect(store.getState().runPreparing).toBeNull();
    expect(prompts.length).toBeGreaterThan(0);
    const budget = store.getState().run!.stages.schema_linking.calls[0]?.budget;
    expect(budget).toMatchObject({ countedBy: 'a test counter', window: 4096 });
  });
});
