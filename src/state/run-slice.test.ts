import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import type { ChatEvent, ChatModel, ChatRequest } from '../core/llm/chat';
import {
  CONTINUATION_MARKER,
  CORRECT_VERDICT,
  FULL_SCHEMA_HEADING,
  NOISE_CORRECTION_MARKER,
  SCHEMA_LINKING_MARKER,
  TEXT_TO_SQL_MARKER,
} from '../core/pipeline/prompts';
import type { DbSchema } from '../core/schema/types';
import type { TokenCounter } from '../core/tokens/token-counter';
import type { DbClient } from '../services/db/db-client';
import type { LlmEngine } from '../services/llm/engine';
import { createHistoryStore } from '../services/storage/history-store';
import { CHINOOK_PATH } from '../test-support/shared-data';
import { openTestDb } from '../test-support/open-test-db';
import { createRunSlice, type RunSlice } from './run-slice';
import type { AppState } from './store';

type Stage = 'links' | 'pseudo_sql' | 'sql' | 'correction' | 'continuation';

function stageOf(request: ChatRequest): Stage {
  const text = request.messages.map((m) => m.content).join('\n');
  if (text.includes(SCHEMA_LINKING_MARKER)) return 'links';
  if (text.includes(NOISE_CORRECTION_MARKER)) return 'correction';
  if (text.includes(CONTINUATION_MARKER)) return 'continuation';
  if (text.includes(TEXT_TO_SQL_MARKER))
    return text.includes(FULL_SCHEMA_HEADING) ? 'pseudo_sql' : 'sql';
  throw new Error('unknown prompt');
}

/**
 * A scripted engine: answers each stage from `answers`, in small tokens. `gate` lets a test hold
 * a stage's stream open (to press Stop in the middle of it).
 */
function scriptedEngine(
  answers: Record<Stage, string>,
  gate?: { stage: Stage; wait: Promise<void> },
) {
  const calls: Stage[] = [];
  const prompts: string[] = [];
  const model: ChatModel = {
    async *streamChat(request, signal): AsyncIterable<ChatEvent> {
      const stage = stageOf(request);
      calls.push(stage);
      prompts.push(request.messages.at(-1)?.content ?? '');
      const answer = answers[stage];
      for (let i = 0; i < answer.length; i += 5) {
        if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
        yield { type: 'token', text: answer.slice(i, i + 5) };
        if (gate?.stage === stage && i === 0) {
          await Promise.race([
            gate.wait,
            new Promise((resolve) => signal?.addEventListener('abort', resolve)),
          ]);
        }
      }
      yield {
        type: 'done',
        finishReason: 'stop',
        usage: {
          promptTokens: 100,
          completionTokens: 10,
          prefillTokensPerSecond: null,
          decodeTokensPerSecond: null,
        },
      };
    },
  };
  const engine: LlmEngine = {
    ...model,
    kind: 'openai',
    modelId: 'scripted',
    load: async () => undefined,
    unload: async () => undefined,
  };
  return { engine, calls, prompts };
}

const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;

const COUNT_ARTISTS: Record<Stage, string> = {
  links: '{"Artist": ["ArtistId"]}',
  pseudo_sql: fenced('SELECT count(*) FROM Artist;'),
  sql: fenced('SELECT count(*) AS n FROM Artist;'),
  correction: CORRECT_VERDICT,
  continuation: 'count(*) FROM Artist;',
};

let db: DbClient;
let schema: DbSchema;

beforeAll(async () => {
  const session = await openTestDb(CHINOOK_PATH);
  schema = session.readSchema();
  db = session as unknown as DbClient;
});

type TestState = RunSlice & Record<string, unknown>;

/** The run slice in a store with just the parts of the other slices it reads. */
function makeStore(engine: LlmEngine | null) {
  const setGenerating = vi.fn();
  const showView = vi.fn();
  const store = create<TestState>()((set, get, api) => ({
    engine,
    engineStatus: engine ? { state: 'ready' } : { state: 'not_loaded' },
    setGenerating,
    showView,
    knowledgeForRun: async () => undefined,
    dbClient: db,
    database: { name: 'chinook.sqlite', sizeBytes: 1000, source: 'sample', schema, dirty: false },
    ...createRunSlice(
      set as unknown as Parameters<typeof createRunSlice>[0],
      get as unknown as () => AppState,
      api as unknown as Parameters<typeof createRunSlice>[2],
    ),
  }));
  return { store, setGenerating, showView };
}

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
    const otherSchema = { tables: schema.tables.slice(1) };
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
});
