/**
 * The Evaluate view's state: the loaded benchmark and its databases, the check before a run
 * (missing databases, gold SQL that fails, Spider difficulties), the run configuration, the
 * results as they come, and their persistence (a reload resumes). The pipeline, the scorer and
 * the tables are src/core/eval; this slice only orchestrates.
 */
import type { ThinkingMode } from '../core/llm/thinking';
import { NO_THINKING_EVIDENCE } from '../core/llm/thinking';
import { AppError, toErrorPayload, type ErrorPayload } from '../core/errors';
import {
  DEFAULT_SELECTION,
  STANDARD_SETTINGS,
  runnableSettings,
  checkBenchmark,
  databasesNeeded,
  executeForScoring,
  missingDatabases,
  parseBenchmark,
  parsePredictions,
  runEvaluation,
  selectQuestions,
  withPromptStyle,
  withThinking,
  withResult,
  type Benchmark,
  type EvalSetting,
  type ExecutionOutcome,
  type QuestionResult,
  type QuestionSelection,
  type RuleName,
} from '../core/eval';
import type { DescriptionFile } from '../core/knowledge/bird-descriptions';
import type { PipelineSettings } from '../core/pipeline/events';
import {
  fetchSpiderSample,
  readPickedFiles,
  type BenchmarkSource,
} from '../services/eval/benchmark-source';
import { createEvalDatabasePool, type EvalDatabasePool } from '../services/eval/eval-databases';
import { createEvalStore } from '../services/storage/eval-store';
import type { SliceCreator } from './slice';

export type PromptStyle = PipelineSettings['promptStyle'];

export interface EvalConfig {
  selection: QuestionSelection;
  /** Standard setting ids (ts, sl, sl,nc, all, all+grammar, all+vote, ...) to run. */
  settingIds: string[];
  promptStyles: PromptStyle[];
  /** Thinking modes to compare as rows; the model's default alone adds no row. */
  thinkingModes: ThinkingMode[];
  concurrency: number;
  rule: RuleName;
  keepDistinct: boolean;
  /** Every setting that has results (runs and imported predictions): the ablation's rows. */
  settingsUsed: EvalSetting[];
}

export type EvalPhase = 'empty' | 'loading' | 'checking' | 'ready' | 'running';

export interface EvalSlice {
  evalPhase: EvalPhase;
  /** What loading or checking is doing, for the status line. */
  evalStatus: string;
  evalError: ErrorPayload | null;
  benchmark: Benchmark | null;
  evalDatabaseIds: string[];
  /** The databases with BIRD descriptions (`database_description`): the descriptions row needs some. */
  evalDescriptionDbIds: string[];
  missingDatabases: { dbId: string; questions: number }[];
  goldFailures: { index: number; message: string }[];
  checkProgress: { done: number; total: number };
  evalConfig: EvalConfig;
  evalResults: QuestionResult[];
  /** Jobs in the current run (done ones included) and when it started, for the progress bar. */
  evalRun: {
    total: number;
    startedAt: number;
    /** Jobs of this run already done before it started (resumed). */
    doneAtStart: number;
    /** Results this run gave so far (a re-run of an unscored question replaces its result). */
    finished: number;
    /** Calls this run tried again. */
    retries: number;
  } | null;
  /** The page closed during a run: results are kept and Resume goes on. */
  evalInterrupted: boolean;
  predictionNotes: string[];

  restoreEvaluation(): Promise<void>;
  loadSampleBenchmark(): Promise<void>;
  loadBenchmarkFiles(files: File[]): Promise<void>;
  setEvalConfig(patch: Partial<EvalConfig>): void;
  setEvalSelection(patch: Partial<QuestionSelection>): void;
  selectedQuestionCount(): number;
  startEvaluation(): Promise<void>;
  stopEvaluation(): void;
  clearEvaluationResults(): Promise<void>;
  closeBenchmark(): Promise<void>;
  importPredictions(file: File): Promise<void>;
  runBothForQuestion(
    index: number,
    predSql: string | null,
  ): Promise<{ gold: ExecutionOutcome; pred: ExecutionOutcome | null }>;
  openQuestionRun(result: QuestionResult): void;
}

const DEFAULT_CONFIG: EvalConfig = {
  selection: DEFAULT_SELECTION,
  settingIds: ['ts', 'all'],
  promptStyles: ['few_shot'],
  thinkingModes: ['server_default'],
  concurrency: 4,
  rule: 'spider',
  keepDistinct: false,
  settingsUsed: [],
};

/**
 * The settings a run uses: each chosen stage setting, once per chosen prompt style, once per
 * chosen thinking mode.
 */
export function runSettings(config: EvalConfig): EvalSetting[] {
  const chosen = STANDARD_SETTINGS.filter((s) => config.settingIds.includes(s.id));
  const styled =
    config.promptStyles.length <= 1
      ? chosen.map((s) => {
          const style = config.promptStyles[0] ?? 'few_shot';
          return style === 'few_shot' ? s : withPromptStyle(s, style);
        })
      : chosen.flatMap((s) => config.promptStyles.map((style) => withPromptStyle(s, style)));
  const modes = config.thinkingModes?.length ? config.thinkingModes : ['server_default' as const];
  return styled.flatMap((s) => modes.map((mode) => withThinking(s, mode)));
}

const NO_ENGINE = new AppError(
  'model_not_loaded',
  'No model is ready to answer.',
  'Open the Model view to load a model in the browser or connect a server; or import predictions to score them without a model.',
);

export const createEvalSlice: SliceCreator<EvalSlice> = (set, get) => {
  const store = createEvalStore();
  let blobs = new Map<string, Blob>();
  let descriptionFiles = new Map<string, DescriptionFile[]>();
  let questionsText = '';
  let pool: EvalDatabasePool | null = null;
  let controller: AbortController | null = null;

  const databasePool = () => (pool ??= createEvalDatabasePool(blobs));
  const poolDeps = () => {
    const p = databasePool();
    return {
      database: (id: string) => p.acquire(id),
      release: (id: string) => p.release(id),
      descriptionFiles: async (id: string) => descriptionFiles.get(id) ?? [],
    };
  };
  const adoptDescriptions = (files: Map<string, DescriptionFile[]>) => {
    descriptionFiles = files;
    set({ evalDescriptionDbIds: [...files.keys()].sort() });
  };
  const saveQuietly = (work: Promise<unknown>) =>
    work.catch((error: unknown) => set({ evalError: toErrorPayload(error) }));

  const withDifficulties = (benchmark: Benchmark, difficulties: (string | null)[]): Benchmark => ({
    ...benchmark,
    questions: benchmark.questions.map((q, i) => ({
      ...q,
      difficulty: difficulties[i] ?? q.difficulty,
    })),
  });

  /** Parses, matches databases, runs every gold once and computes difficulties. */
  const adoptSource = async (source: BenchmarkSource) => {
    if (!source.questions) {
      throw new AppError(
        'invalid_benchmark',
        'No questions file was among the files.',
        'Pick the questions file (Spider dev.json or BIRD dev.json) together with the databases, or a .zip holding both.',
      );
    }
    const benchmark = parseBenchmark(source.questions.text, source.questions.name);
    await pool?.closeAll();
    pool = null;
    blobs = source.databases;
    adoptDescriptions(source.descriptions);
    questionsText = source.questions.text;
    const missing = missingDatabases(databasesNeeded(benchmark), blobs);
    const rule: RuleName = benchmark.format;
    set({
      benchmark,
      evalDatabaseIds: [...blobs.keys()].sort(),
      missingDatabases: missing,
      goldFailures: [],
      evalResults: [],
      evalInterrupted: false,
      predictionNotes: [],
      evalPhase: 'checking',
      evalStatus: 'Running every gold SQL once and computing difficulties…',
      evalConfig: { ...get().evalConfig, rule, settingsUsed: [], selection: DEFAULT_SELECTION },
    });
    const check = await checkBenchmark(benchmark, blobs, poolDeps(), {
      scoring: { rule },
      // Every 50: a store update per question would re-render the view 972 times.
      onProgress: (done, total) => {
        if (done % 50 === 0 || done === total) set({ checkProgress: { done, total } });
      },
    });
    set({
      benchmark: withDifficulties(benchmark, check.difficulties),
      goldFailures: check.goldFailures,
      evalPhase: 'ready',
      evalStatus: '',
    });
    await store.clear().catch(() => undefined);
    await saveQuietly(
      store.saveSetup({
        name: benchmark.name,
        questionsText,
        databases: Object.fromEntries(blobs),
        descriptions: Object.fromEntries(descriptionFiles),
        difficulties: check.difficulties,
        goldFailures: check.goldFailures,
        config: get().evalConfig,
        status: 'idle',
      }),
    );
  };

  const load = async (what: string, read: () => Promise<BenchmarkSource>) => {
    if (controller) return;
    set({ evalPhase: 'loading', evalStatus: what, evalError: null });
    try {
      await adoptSource(await read());
    } catch (error) {
      set({
        evalError: toErrorPayload(error),
        evalPhase: get().benchmark ? 'ready' : 'empty',
        evalStatus: '',
      });
    }
  };

  return {
    evalPhase: 'empty',
    evalStatus: '',
    evalError: null,
    benchmark: null,
    evalDatabaseIds: [],
    evalDescriptionDbIds: [],
    missingDatabases: [],
    goldFailures: [],
    checkProgress: { done: 0, total: 0 },
    evalConfig: DEFAULT_CONFIG,
    evalResults: [],
    evalRun: null,
    evalInterrupted: false,
    predictionNotes: [],

    async restoreEvaluation() {
      try {
        const saved = await store.loadSetup<EvalConfig>();
        if (!saved || get().benchmark) return;
        const benchmark = parseBenchmark(saved.questionsText, saved.name);
        blobs = new Map(Object.entries(saved.databases));
        adoptDescriptions(new Map(Object.entries(saved.descriptions ?? {})));
        questionsText = saved.questionsText;
        set({
          benchmark: withDifficulties(benchmark, saved.difficulties),
          evalDatabaseIds: [...blobs.keys()].sort(),
          missingDatabases: missingDatabases(databasesNeeded(benchmark), blobs),
          goldFailures: saved.goldFailures,
          evalConfig: { ...DEFAULT_CONFIG, ...saved.config },
          evalResults: await store.listResults(),
          evalInterrupted: saved.status === 'running',
          evalPhase: 'ready',
        });
      } catch (error) {
        set({ evalError: toErrorPayload(error) });
      }
    },

    loadSampleBenchmark: () =>
      load('Downloading the Spider dev sample…', () => fetchSpiderSample()),
    loadBenchmarkFiles: (files) =>
      load(`Reading ${files.length} files…`, () => readPickedFiles(files)),

    setEvalConfig(patch) {
      const evalConfig = { ...get().evalConfig, ...patch };
      set({ evalConfig });
      void saveQuietly(store.updateSetup({ config: evalConfig }));
    },
    setEvalSelection(patch) {
      get().setEvalConfig({ selection: { ...get().evalConfig.selection, ...patch } });
    },
    selectedQuestionCount() {
      const { benchmark, evalConfig } = get();
      if (!benchmark) return 0;
      return selectQuestions(benchmark.questions, evalConfig.selection).filter((q) =>
        blobs.has(q.dbId),
      ).length;
    },

    async startEvaluation() {
      const { benchmark, evalConfig } = get();
      if (!benchmark || controller) return;
      const engine = get().engine;
      if (!engine) {
        set({ evalError: toErrorPayload(NO_ENGINE) });
        return;
      }
      // A constrained row on an engine without a grammar, or a descriptions row on a benchmark
      // without descriptions, is left out (the Run section says why).
      const { runnable: settings, leftOut } = runnableSettings(
        runSettings(evalConfig),
        engine.grammarSupport?.(),
        { descriptions: get().evalDescriptionDbIds.length > 0 },
      );
      if (settings.length === 0) {
        set({
          evalError: leftOut[0]
            ? {
                code: 'unknown',
                message: leftOut[0].reason,
                nextStep:
                  leftOut[0].setting.knowledge === 'descriptions'
                    ? "Choose another setting, or load a benchmark with BIRD's database_description folders."
                    : 'Choose another setting, or connect a server that takes a grammar (llama.cpp, vLLM) or load the on-device model.',
              }
            : { code: 'unknown', message: 'Choose at least one stage setting to run.' },
        });
        return;
      }
      const questions = selectQuestions(benchmark.questions, evalConfig.selection).filter((q) =>
        blobs.has(q.dbId),
      );
      const settingsUsed = [
        ...evalConfig.settingsUsed.filter((s) => !settings.some((n) => n.id === s.id)),
        ...settings,
      ];
      const wanted = new Set(questions.map((q) => q.index));
      const done = get().evalResults.filter(
        (r) => settings.some((s) => s.id === r.settingId) && wanted.has(r.index),
      );
      // A question a server error left unscored runs again (runEvaluation skips only the scored).
      const scoredBefore = done.filter((r) => r.unscored === undefined).length;
      controller = new AbortController();
      const onDevice = engine.kind === 'webllm';
      get().setEvalConfig({ settingsUsed });
      set({
        evalPhase: 'running',
        evalError: null,
        evalInterrupted: false,
        evalRun: {
          total: questions.length * settings.length,
          startedAt: Date.now(),
          doneAtStart: scoredBefore,
          finished: 0,
          retries: 0,
        },
      });
      void saveQuietly(store.updateSetup({ status: 'running' }));
      try {
        for await (const result of runEvaluation(
          {
            benchmark,
            questions,
            settings,
            base: get().pipelineSettings,
            scoring: { rule: evalConfig.rule, keepDistinct: evalConfig.keepDistinct },
            concurrency: onDevice ? 1 : evalConfig.concurrency,
            signal: controller.signal,
            done,
            keepRuns: true,
          },
          {
            ...poolDeps(),
            model: engine,
            modelInfo: { engine: engine.kind, modelId: engine.modelId },
            thinking: { evidence: engine.thinking ?? NO_THINKING_EVIDENCE },
          },
        )) {
          const retried = Object.values(result.retries ?? {}).reduce((a, b) => a + b, 0);
          set((s) => ({
            evalResults: withResult(s.evalResults, result),
            evalRun: s.evalRun && {
              ...s.evalRun,
              finished: s.evalRun.finished + 1,
              retries: s.evalRun.retries + retried,
            },
          }));
          void saveQuietly(store.putResult(result));
        }
      } catch (error) {
        set({ evalError: toErrorPayload(error) });
      } finally {
        const stopped = controller?.signal.aborted ?? false;
        controller = null;
        set({ evalPhase: 'ready', evalRun: null });
        void saveQuietly(store.updateSetup({ status: stopped ? 'stopped' : 'done' }));
      }
    },

    stopEvaluation() {
      controller?.abort();
    },

    async clearEvaluationResults() {
      if (controller) return;
      set({ evalResults: [], evalInterrupted: false, predictionNotes: [] });
      get().setEvalConfig({ settingsUsed: [] });
      await saveQuietly(store.clearResults());
    },

    async closeBenchmark() {
      if (controller) return;
      await pool?.closeAll();
      pool = null;
      blobs = new Map();
      adoptDescriptions(new Map());
      set({
        benchmark: null,
        evalPhase: 'empty',
        evalResults: [],
        evalDatabaseIds: [],
        missingDatabases: [],
        goldFailures: [],
        evalInterrupted: false,
        evalError: null,
        predictionNotes: [],
      });
      await saveQuietly(store.clear());
    },

    async importPredictions(file) {
      const { benchmark, evalConfig } = get();
      if (!benchmark || controller) return;
      try {
        const imported = parsePredictions(await file.text(), file.name, benchmark);
        const setting: EvalSetting = {
          id: `file:${file.name}`,
          label: `Predictions: ${file.name}`,
          overrides: {},
        };
        const questions = benchmark.questions.filter((q) => blobs.has(q.dbId));
        const previous = get().evalResults.filter((r) => r.settingId !== setting.id);
        get().setEvalConfig({
          settingsUsed: [...evalConfig.settingsUsed.filter((s) => s.id !== setting.id), setting],
        });
        controller = new AbortController();
        set({
          evalPhase: 'running',
          evalError: null,
          evalResults: previous,
          predictionNotes: imported.warnings,
          evalRun: {
            total: questions.length,
            startedAt: Date.now(),
            doneAtStart: 0,
            finished: 0,
            retries: 0,
          },
        });
        const fresh: QuestionResult[] = [];
        for await (const result of runEvaluation(
          {
            benchmark,
            questions,
            settings: [setting],
            base: get().pipelineSettings,
            scoring: { rule: evalConfig.rule, keepDistinct: evalConfig.keepDistinct },
            concurrency: 4,
            signal: controller.signal,
            predictions: imported.sql,
          },
          poolDeps(),
        )) {
          fresh.push(result);
          if (fresh.length % 25 === 0)
            set((s) => ({
              evalResults: [...previous, ...fresh],
              evalRun: s.evalRun && { ...s.evalRun, finished: fresh.length },
            }));
          void saveQuietly(store.putResult(result));
        }
        set({ evalResults: [...previous, ...fresh] });
      } catch (error) {
        set({ evalError: toErrorPayload(error) });
      } finally {
        controller = null;
        set({ evalPhase: 'ready', evalRun: null });
      }
    },

    async runBothForQuestion(index, predSql) {
      const { benchmark, evalConfig } = get();
      const q = benchmark?.questions[index];
      if (!q) throw new AppError('unknown', 'No such question.');
      const deps = poolDeps();
      try {
        const db = await deps.database(q.dbId);
        const scoring = { rule: evalConfig.rule, keepDistinct: evalConfig.keepDistinct };
        const gold = await executeForScoring(db.executor, q.goldSql, scoring);
        const pred = predSql ? await executeForScoring(db.executor, predSql, scoring) : null;
        return { gold, pred };
      } finally {
        deps.release(q.dbId);
      }
    },

    openQuestionRun(result) {
      if (!result.run) return;
      get().openRun(result.run);
    },
  };
};
