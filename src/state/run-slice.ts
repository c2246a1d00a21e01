/**
 * The pipeline run the person is watching: asking, folding the runner's events, Stop, edits and
 * re-runs. Each stage lives in its own object inside `run.stages`, replaced only when an event
 * names that stage, so a card selecting its stage re-renders for its own tokens only. The
 * switches a run copies, its thread and History have slices of their own.
 */
import { SEEN_THINKING } from '../core/llm/thinking';
import { AppError, isAbort, toErrorPayload, type ErrorPayload } from '../core/errors';
import { databaseFingerprint, otherDatabaseError } from '../core/history/fingerprint';
import {
  applyEdit,
  endRun,
  foldEvent,
  prepareResume,
  resumePointFor,
} from '../core/history/fold-events';
import { newRunRecord, type RunRecord, type StageEdit } from '../core/history/run-record';
import type { ResumePoint, StageId } from '../core/pipeline/events';
import { runPipeline } from '../core/pipeline/runner';
import { noDatabaseError } from '../core/sql/result';
import { promptContext } from '../core/thread/thread';
import { runTokenCounter } from '../services/llm/engine';
import type { SliceCreator } from './slice';
import { threadForAsk } from './thread-slice';

export interface RunSlice {
  /** The run on the Ask view: the live one, or one reopened from history. */
  run: RunRecord | null;
  /** True for a run reopened from history: shown as it was, editable only after asking again. */
  runReadOnly: boolean;
  /** Counts runs and re-runs started in this page (lets tests and effects tell runs apart). */
  runsStarted: number;
  /** What a started run waits for before its first call (the tokenizer's first load), or null. */
  runPreparing: string | null;
  /** Why Ask or a re-run could not start (no model, no database). */
  askError: ErrorPayload | null;
  questionDraft: string;
  hintDraft: string;
  setQuestionDraft(text: string): void;
  setHintDraft(text: string): void;
  ask(question?: string, hint?: string): Promise<void>;
  stop(): void;
  /** True from a run's start until it ends or is stopped (one run at a time). */
  runInProgress(): boolean;
  /** Replaces a stage's output with the person's value; the later stages become stale. */
  editStage(edit: StageEdit): void;
  /** Runs the stages after `stage` again, starting from its (edited) output. */
  rerunFrom(stage: StageId): Promise<void>;
  /** Shows a finished run (from history or an evaluation) on the Ask view, read-only. */
  openRun(run: RunRecord): void;
}

const PREPARING_TOKENIZER =
  'Loading the tokenizer that fits each prompt to the model\u2019s window (once per visit)…';
const PREPARING_NOTICE_DELAY_MS = 150;
const EDIT_SAVE_DELAY_MS = 800;

function newId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`
  );
}

const NO_MODEL = new AppError(
  'model_not_loaded',
  'No model is ready to answer.',
  'Open the Model view to load a model in the browser or connect a server.',
);

export const createRunSlice: SliceCreator<RunSlice> = (set, get) => {
  let controller: AbortController | null = null;
  // Each run gets a number; events from a run that was replaced are dropped.
  let runSeq = 0;
  // Edits are saved a moment after the typing stops, so history keeps them even without a re-run.
  let editSaveTimer: ReturnType<typeof setTimeout> | null = null;
  const cancelEditSave = () => {
    if (editSaveTimer) clearTimeout(editSaveTimer);
    editSaveTimer = null;
  };

  const setGenerating = (on: boolean) => get().setGenerating(on);

  /** What a run needs that lives in other slices, or the error that says what is missing. */
  const prerequisites = () => {
    const state = get();
    const engine = state.engine;
    const ready =
      engine && (state.engineStatus.state === 'ready' || state.engineStatus.state === 'generating');
    if (!ready) return { error: NO_MODEL } as const;
    if (!state.dbClient || !state.database) return { error: noDatabaseError() } as const;
    return { engine, db: state.dbClient, database: state.database } as const;
  };

  const drive = async (resume: ResumePoint | undefined) => {
    const pre = prerequisites();
    const start = get().run;
    if ('error' in pre || !start) return;
    const seq = ++runSeq;
    cancelEditSave();
    controller?.abort();
    const abort = new AbortController();
    controller = abort;
    const input = {
      question: start.question,
      hint: start.hint,
      schema: pre.database.schema,
      settings: start.settings,
      // A follow-up (and any re-run of it) is asked with its thread's earlier turns.
      earlier: promptContext(start.thread),
    };
    set((s) => ({ runsStarted: s.runsStarted + 1 }));
    const fold = (update: (run: RunRecord) => RunRecord) => {
      if (seq !== runSeq) return;
      set((s) => (s.run ? { run: update(s.run) } : {}));
    };

    setGenerating(true);
    try {
      const contextWindow = pre.engine.contextWindow ?? null;
      // Said only when the wait is noticeable (the tokenizer's first load), never as a flash.
      const saySoon = setTimeout(() => {
        if (seq === runSeq) set({ runPreparing: PREPARING_TOKENIZER });
      }, PREPARING_NOTICE_DELAY_MS);
      const tokens = await runTokenCounter(pre.engine, contextWindow !== null).finally(() => {
        clearTimeout(saySoon);
        if (seq === runSeq) set({ runPreparing: null });
      });
      // The database's remembered examples and descriptions (issue 19), read when the run starts.
      const knowledge = await get().knowledgeForRun();
      const events = runPipeline(
        { ...input, ...(knowledge ? { knowledge } : {}) },
        { model: pre.engine, db: pre.db, tokens, contextWindow, thinking: pre.engine.thinking },
        { signal: abort.signal, resume },
      );
      for await (const event of events) {
        if (seq !== runSeq) break;
        // An answer with thinking is proof the model thinks: later runs give it room to.
        if (event.type === 'call_finished' && event.thinking) pre.engine.thinking = SEEN_THINKING;
        fold((run) => foldEvent(run, event, Date.now()));
      }
      // A runner that ends without `done` (or a replaced run) leaves nothing spinning.
      fold((run) => endRun(run, abort.signal.aborted ? 'stopped' : 'done', Date.now(), null));
    } catch (error) {
      if (isAbort(error) || abort.signal.aborted) {
        fold((run) => endRun(run, 'stopped', Date.now(), null));
      } else {
        fold((run) => endRun(run, 'failed', Date.now(), toErrorPayload(error)));
      }
    } finally {
      if (controller === abort) controller = null;
    }
    // After Stop the run was already ended and saved, and a new run may own the store.
    if (seq !== runSeq) return;
    setGenerating(false);
    const finished = get().run;
    if (finished) await get().saveRunToHistory(finished);
  };

  return {
    run: null,
    runsStarted: 0,
    runReadOnly: false,
    runPreparing: null,
    askError: null,
    questionDraft: '',
    hintDraft: '',

    setQuestionDraft: (text) => set({ questionDraft: text }),
    setHintDraft: (text) => set({ hintDraft: text }),

    ask: async (questionArg, hintArg) => {
      const question = (questionArg ?? get().questionDraft).trim();
      const hint = (hintArg ?? get().hintDraft).trim();
      if (!question) {
        set({
          askError: toErrorPayload(
            new AppError('unknown', 'Type a question first.', 'Ask about the open database.'),
          ),
        });
        return;
      }
      if (controller) return; // one run at a time; Stop ends the current one
      const pre = prerequisites();
      if ('error' in pre) {
        set({ askError: toErrorPayload(pre.error) });
        return;
      }
      const database = databaseFingerprint(
        pre.database.name,
        pre.database.sizeBytes,
        pre.database.schema,
      );
      const id = newId();
      const thread = threadForAsk(get(), id, database.schemaHash);
      if ('error' in thread) {
        set({ askError: toErrorPayload(thread.error) });
        return;
      }
      const run = newRunRecord({
        id,
        now: Date.now(),
        question,
        hint,
        model: { engine: pre.engine.kind, modelId: pre.engine.modelId },
        settings: get().pipelineSettings,
        database,
        thread: thread.link,
      });
      // A follow-up's box empties for the next one; a question asked anew stays to be reworded.
      const asked = get().nextTurn === 'follow_up' ? { questionDraft: '', hintDraft: '' } : {};
      set({ run, runReadOnly: false, askError: null, ...asked });
      await drive(undefined);
    },

    runInProgress: () => controller !== null,

    stop: () => {
      if (!controller) return;
      // End the run at once rather than when the runner notices: a stream stuck in a dead
      // connection must not keep the page waiting. Its late events are dropped (runSeq).
      controller.abort();
      controller = null;
      runSeq += 1;
      setGenerating(false);
      const run = get().run;
      if (!run) return;
      const stopped = endRun(run, 'stopped', Date.now(), null);
      set({ run: stopped });
      void get().saveRunToHistory(stopped);
    },

    editStage: (edit) => {
      const { run, runReadOnly } = get();
      if (!run || runReadOnly || run.status === 'running') return;
      set({ run: applyEdit(run, edit, Date.now()) });
      cancelEditSave();
      editSaveTimer = setTimeout(() => {
        editSaveTimer = null;
        const current = get().run;
        if (current?.id === run.id && current.status !== 'running' && !get().runReadOnly) {
          void get().saveRunToHistory(current);
        }
      }, EDIT_SAVE_DELAY_MS);
    },

    rerunFrom: async (stage) => {
      const { run, runReadOnly } = get();
      if (!run || runReadOnly || controller) return;
      const pre = prerequisites();
      if ('error' in pre) {
        set({ askError: toErrorPayload(pre.error) });
        return;
      }
      const { database } = pre;
      // The kept stages were computed on another schema; mixing them would mislead.
      const elsewhere = otherDatabaseError(
        run,
        database,
        'Ask the question again to run it on the open database.',
      );
      if (elsewhere) {
        set({ askError: toErrorPayload(elsewhere) });
        return;
      }
      const resume = resumePointFor(run, stage);
      if (!resume) return;
      set({
        run: {
          ...prepareResume(run, resume, Date.now()),
          // The re-run uses today's switches and model; the record says so.
          settings: get().pipelineSettings,
          model: { engine: pre.engine.kind, modelId: pre.engine.modelId },
        },
        askError: null,
      });
      await drive(resume);
    },

    openRun: (run) => {
      if (controller) return;
      set({
        run,
        runReadOnly: true,
        askError: null,
        questionDraft: run.question,
        hintDraft: run.hint,
        // A later turn asked again keeps its earlier turns; a first question starts afresh.
        nextTurn: run.thread && run.thread.turn > 0 ? 'again' : 'new',
      });
      get().showView('ask');
    },
  };
};
