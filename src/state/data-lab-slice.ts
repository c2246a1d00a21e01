/**
 * The Data view's run: settings (two API keys kept apart, as the Model view keeps its key), the
 * run state from src/core/synth, which step is running with its progress, review decisions and
 * edits, and the export as a zip. The steps themselves are the core's; this slice wires them to
 * the open database, the strong server, and the weak model (the active engine or a second server).
 */
import { AppError, isAbort, toErrorPayload, type ErrorPayload } from '../core/errors';
import type { RunBudget } from '../core/budget/call-prompt';
import type { ChatModel } from '../core/llm/chat';
import { NO_BUDGET } from '../core/synth/pipeline-prompt';
import { awaitingJudge, judgePairs } from '../core/synth/judge';
import { setReview, editPair, type PairEdit } from '../core/synth/review';
import {
  buildExport,
  judgeDeps,
  prepareDatabase,
  stepDeps,
  synthesisDeps,
  weakDeps,
  withBudget,
  type SynthDatabase,
} from '../core/synth/session';
import { synthesize, type StepOptions } from '../core/synth/synthesize';
import { countRun, databaseId, type SynthCounts } from '../core/synth/export';
import {
  DEFAULT_SYNTH_SETTINGS,
  emptyRunState,
  type ReviewDecision,
  type SynthRunState,
  type SynthSettings,
} from '../core/synth/types';
import { answerWithWeakModel, awaitingWeak } from '../core/synth/weak';
import { noDatabaseError } from '../core/sql/result';
import { zipTextFiles } from '../services/files/zip';
import { OpenAiEngine } from '../services/llm/openai-engine';
import { keyFor } from '../core/security/api-keys';
import { policyWithRetries } from '../core/llm/retry';
import {
  loadDataLabSettings,
  saveDataLabSettings,
  type DataLabSettings,
} from '../services/storage/data-lab-settings-store';
import type { SliceCreator } from './slice';

export type { DataLabSettings } from '../services/storage/data-lab-settings-store';

export type DataLabStep = 'synthesis' | 'judge' | 'weak';

export type DataLabStatus =
  | { state: 'idle' }
  | { state: 'running'; step: DataLabStep; done: number; total: number }
  | { state: 'failed'; step: DataLabStep; error: ErrorPayload };

export type PairEditStatus =
  { id: string; state: 'running' } | { id: string; state: 'failed'; error: ErrorPayload };

export interface DataLabExport {
  fileName: string;
  counts: SynthCounts;
}

export interface DataLabSlice {
  dataLabSettings: DataLabSettings;
  dataLabRun: SynthRunState | null;
  dataLabStatus: DataLabStatus;
  /** Calls to the data lab's servers tried again since the steps started (429, 5xx, cut streams). */
  dataLabRetries: number;
  pairEditStatus: PairEditStatus | null;
  /** The last export, or why it failed. */
  dataLabExport:
    { state: 'done'; result: DataLabExport } | { state: 'failed'; error: ErrorPayload } | null;

  setDataLabSettings(patch: Partial<DataLabSettings>): void;
  /** Runs one step over what is waiting for it (synthesis resumes until N pairs). */
  runDataLabStep(step: DataLabStep): Promise<void>;
  /** Synthesis, then the judge, then the weak answers. */
  runAllDataLabSteps(): Promise<void>;
  stopDataLab(): void;
  reviewPair(id: string, decision: ReviewDecision): void;
  /** Saves the person's text and runs the pair again (check, judge, weak answers); false when refused. */
  editDataLabPair(id: string, edit: PairEdit): Promise<boolean>;
  /** Builds the five files and returns them zipped (the view downloads the Blob). */
  exportDataLab(): Promise<Blob | null>;
  resetDataLab(): void;
}

const STEP_ORDER: DataLabStep[] = ['synthesis', 'judge', 'weak'];

function synthSettings(settings: DataLabSettings): SynthSettings {
  return {
    ...DEFAULT_SYNTH_SETTINGS,
    target: settings.target,
    samples: settings.samples,
    concurrency: settings.concurrency,
    withEvidence: settings.withEvidence,
  };
}

function needs(what: string, where: string): AppError {
  return new AppError('model_not_loaded', `${what} is not set.`, where);
}

export const createDataLabSlice: SliceCreator<DataLabSlice> = (set, get) => {
  let controller: AbortController | null = null;
  /** Sample rows and schema texts are read once per open database. */
  let prepared: { source: object; database: Promise<SynthDatabase> } | null = null;

  const database = (): Promise<SynthDatabase> => {
    const { dbClient, database: loaded } = get();
    if (!dbClient || !loaded) throw noDatabaseError();
    if (prepared?.source !== loaded)
      prepared = { source: loaded, database: prepareDatabase(dbClient, loaded.schema) };
    return prepared.database;
  };

  /** The page's one retry setting (Model view), for the data lab's own servers too. */
  const retryOptions = () => ({
    policy: policyWithRetries(get().serverSettings.retries),
    onRetry: () => set((s) => ({ dataLabRetries: s.dataLabRetries + 1 })),
  });

  const strongModel = (): ChatModel => {
    const { strong } = get().dataLabSettings;
    if (!strong.endpoint.trim() || !strong.model.trim())
      throw needs('The strong model', 'Fill in its server URL and model name above.');
    // The key typed for this server's origin, never another server's.
    const apiKey = keyFor(get().apiKeys, strong.endpoint);
    return new OpenAiEngine({ ...strong, apiKey, retry: retryOptions() });
  };

  /**
   * The active engine's window and tokenizer, so the weak model's prompts and the training
   * samples are fitted as the Ask view fits them; none for a second server.
   */
  const weakBudget = async (): Promise<RunBudget> => {
    const { engine, dataLabSettings } = get();
    if (dataLabSettings.weakSource !== 'active' || !engine) return NO_BUDGET;
    const counter = engine.tokenCounter ? await engine.tokenCounter().catch(() => null) : null;
    return { counter, window: engine.contextWindow ?? null };
  };

  /** The weak model and how many calls it takes at once (the on-device engine answers one at a time). */
  const weakModel = (): { model: ChatModel; concurrency: number } => {
    const state = get();
    const { weakSource, weak, concurrency } = state.dataLabSettings;
    if (weakSource === 'server') {
      if (!weak.endpoint.trim() || !weak.model.trim())
        throw needs('The weak model', 'Fill in the weak server’s URL and model name.');
      const apiKey = keyFor(state.apiKeys, weak.endpoint);
      return { model: new OpenAiEngine({ ...weak, apiKey, retry: retryOptions() }), concurrency };
    }
    const ready = state.engineStatus.state === 'ready' || state.engineStatus.state === 'generating';
    if (!state.engine || !ready)
      throw needs('The weak model', 'Load a model in the Model view, or pick a second server.');
    return { model: state.engine, concurrency: state.engine.kind === 'webllm' ? 1 : concurrency };
  };

  /** The run to continue: the current one with today's settings, or a new one for this database. */
  const currentRun = (name: string): SynthRunState => {
    const settings = synthSettings(get().dataLabSettings);
    const run = get().dataLabRun;
    if (run && run.dbId !== name) {
      throw new AppError(
        'unknown',
        `This run is about ${run.dbId}, not ${name}.`,
        'Start over to make data for the open database, or open the other one again.',
      );
    }
    return run ? { ...run, settings } : emptyRunState(name, settings);
  };

  const waitingFor = (step: DataLabStep, run: SynthRunState): number => {
    if (step === 'synthesis') return run.settings.target;
    if (step === 'judge') return awaitingJudge(run).length;
    return awaitingWeak(run).length;
  };

  const doneIn = (step: DataLabStep, run: SynthRunState, before: SynthRunState): number => {
    if (step === 'synthesis') return run.pairs.length;
    return waitingFor(step, before) - waitingFor(step, run);
  };

  async function runStep(step: DataLabStep, signal: AbortSignal): Promise<void> {
    const loaded = get().database;
    if (!loaded) throw noDatabaseError();
    const before = currentRun(databaseId(loaded.name));
    const db = await database();
    const usesActiveEngine = step === 'weak' && get().dataLabSettings.weakSource === 'active';
    let run = before;
    let work: (options: StepOptions) => Promise<SynthRunState>;
    if (step === 'synthesis') {
      const deps = synthesisDeps(db, strongModel());
      work = (options) => synthesize(run, deps, options);
    } else if (step === 'judge') {
      const deps = judgeDeps(db, strongModel());
      work = (options) => judgePairs(run, deps, options);
    } else {
      const weak = weakModel();
      const deps = weakDeps(withBudget(db, await weakBudget()), weak.model);
      run = { ...run, settings: { ...run.settings, concurrency: weak.concurrency } };
      work = (options) => answerWithWeakModel(run, deps, options);
    }
    const total = waitingFor(step, before);
    set({
      dataLabRun: run,
      dataLabStatus: { state: 'running', step, done: doneIn(step, run, before), total },
    });
    const onUpdate = (next: SynthRunState) => {
      set({
        dataLabRun: { ...next, settings: before.settings },
        dataLabStatus: { state: 'running', step, done: doneIn(step, next, before), total },
      });
    };
    if (usesActiveEngine) get().setGenerating(true);
    try {
      const finished = await work({ signal, onUpdate });
      set({ dataLabRun: { ...finished, settings: before.settings } });
    } finally {
      if (usesActiveEngine) get().setGenerating(false);
    }
  }

  async function guarded(steps: DataLabStep[]): Promise<void> {
    if (get().dataLabStatus.state === 'running') return;
    controller = new AbortController();
    const signal = controller.signal;
    set({ dataLabExport: null, dataLabRetries: 0 });
    let current: DataLabStep = steps[0] as DataLabStep;
    try {
      for (const step of steps) {
        current = step;
        await runStep(step, signal);
      }
      set({ dataLabStatus: { state: 'idle' } });
    } catch (error) {
      set({
        dataLabStatus:
          isAbort(error) || signal.aborted
            ? { state: 'idle' }
            : { state: 'failed', step: current, error: toErrorPayload(error) },
      });
    } finally {
      controller = null;
    }
  }

  return {
    dataLabSettings: loadDataLabSettings(),
    dataLabRun: null,
    dataLabStatus: { state: 'idle' },
    dataLabRetries: 0,
    pairEditStatus: null,
    dataLabExport: null,

    setDataLabSettings(patch) {
      const next = { ...get().dataLabSettings, ...patch };
      saveDataLabSettings(next);
      set({ dataLabSettings: next });
    },
    runDataLabStep: (step) => guarded([step]),
    runAllDataLabSteps: () => guarded(STEP_ORDER),
    stopDataLab() {
      controller?.abort();
    },
    reviewPair(id, decision) {
      const run = get().dataLabRun;
      if (run) set({ dataLabRun: setReview(run, id, decision), dataLabExport: null });
    },
    async editDataLabPair(id, edit) {
      const run = get().dataLabRun;
      if (!run) return false;
      set({ pairEditStatus: { id, state: 'running' } });
      try {
        const db = await database();
        let weak: ChatModel | null = null;
        try {
          weak = weakModel().model;
        } catch {
          // Without a weak model the pair is checked and judged; its weak answers wait for step 3.
        }
        const deps = stepDeps(withBudget(db, await weakBudget()), { strong: strongModel(), weak });
        const next = await editPair(run, id, edit, { judge: deps.judge, weak: deps.weak });
        set({ dataLabRun: next, pairEditStatus: null, dataLabExport: null });
        return true;
      } catch (error) {
        set({ pairEditStatus: { id, state: 'failed', error: toErrorPayload(error) } });
        return false;
      }
    },
    async exportDataLab() {
      const run = get().dataLabRun;
      if (!run) return null;
      try {
        const { samples, files } = await buildExport(
          run,
          withBudget(await database(), await weakBudget()),
        );
        const blob = await zipTextFiles({ ...files });
        set({
          dataLabExport: {
            state: 'done',
            result: { fileName: `${run.dbId}-training-data.zip`, counts: countRun(run, samples) },
          },
        });
        return blob;
      } catch (error) {
        set({ dataLabExport: { state: 'failed', error: toErrorPayload(error) } });
        return null;
      }
    },
    resetDataLab() {
      controller?.abort();
      set({
        dataLabRun: null,
        dataLabStatus: { state: 'idle' },
        pairEditStatus: null,
        dataLabExport: null,
      });
    },
  };
};
