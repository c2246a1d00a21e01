/**
 * The Evaluate view's benchmark: loading it (the Spider sample or picked files), the check before
 * a run (missing databases, gold SQL that fails, Spider difficulties), restoring it after a
 * reload, closing it, and running one question's gold and predicted SQL side by side. The
 * evaluation's phase and error live here too; the configuration, the run and imported
 * predictions have slices of their own. The scorer and the checks are src/core/eval.
 */
import { AppError, toErrorPayload, type ErrorPayload } from '../core/errors';
import {
  DEFAULT_SELECTION,
  checkBenchmark,
  databasesNeeded,
  executeForScoring,
  missingDatabases,
  parseBenchmark,
  type Benchmark,
  type ExecutionOutcome,
  type RuleName,
} from '../core/eval';
import type { DescriptionFile } from '../core/knowledge/bird-descriptions';
import {
  fetchSpiderSample,
  readPickedFiles,
  type BenchmarkSource,
} from '../services/eval/benchmark-source';
import { DEFAULT_EVAL_CONFIG, type EvalConfig } from './eval-config-slice';
import { poolDeps, saveQuietly, type EvalSession } from './eval-session';
import type { SliceCreator } from './slice';

export type EvalPhase = 'empty' | 'loading' | 'checking' | 'ready' | 'running';

export interface BenchmarkSlice {
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

  restoreEvaluation(): Promise<void>;
  loadSampleBenchmark(): Promise<void>;
  loadBenchmarkFiles(files: File[]): Promise<void>;
  closeBenchmark(): Promise<void>;
  runBothForQuestion(
    index: number,
    predSql: string | null,
  ): Promise<{ gold: ExecutionOutcome; pred: ExecutionOutcome | null }>;
}

const withDifficulties = (benchmark: Benchmark, difficulties: (string | null)[]): Benchmark => ({
  ...benchmark,
  questions: benchmark.questions.map((q, i) => ({
    ...q,
    difficulty: difficulties[i] ?? q.difficulty,
  })),
});

export const createBenchmarkSlice =
  (session: EvalSession): SliceCreator<BenchmarkSlice> =>
  (set, get) => {
    const { store } = session;
    let questionsText = '';

    const adoptDescriptions = (files: Map<string, DescriptionFile[]>) => {
      session.descriptionFiles = files;
      set({ evalDescriptionDbIds: [...files.keys()].sort() });
    };

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
      await session.pool?.closeAll();
      session.pool = null;
      session.blobs = source.databases;
      adoptDescriptions(source.descriptions);
      questionsText = source.questions.text;
      const missing = missingDatabases(databasesNeeded(benchmark), session.blobs);
      const rule: RuleName = benchmark.format;
      set({
        benchmark,
        evalDatabaseIds: [...session.blobs.keys()].sort(),
        missingDatabases: missing,
        goldFailures: [],
        evalResults: [],
        evalInterrupted: false,
        predictionNotes: [],
        evalPhase: 'checking',
        evalStatus: 'Running every gold SQL once and computing difficulties…',
        evalConfig: { ...get().evalConfig, rule, settingsUsed: [], selection: DEFAULT_SELECTION },
      });
      const check = await checkBenchmark(benchmark, session.blobs, poolDeps(session), {
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
        set,
        store.saveSetup({
          name: benchmark.name,
          questionsText,
          databases: Object.fromEntries(session.blobs),
          descriptions: Object.fromEntries(session.descriptionFiles),
          difficulties: check.difficulties,
          goldFailures: check.goldFailures,
          config: get().evalConfig,
          status: 'idle',
        }),
      );
    };

    const load = async (what: string, read: () => Promise<BenchmarkSource>) => {
      if (session.controller) return;
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

      async restoreEvaluation() {
        try {
          const saved = await store.loadSetup<EvalConfig>();
          if (!saved || get().benchmark) return;
          const benchmark = parseBenchmark(saved.questionsText, saved.name);
          session.blobs = new Map(Object.entries(saved.databases));
          adoptDescriptions(new Map(Object.entries(saved.descriptions ?? {})));
          questionsText = saved.questionsText;
          set({
            benchmark: withDifficulties(benchmark, saved.difficulties),
            evalDatabaseIds: [...session.blobs.keys()].sort(),
            missingDatabases: missingDatabases(databasesNeeded(benchmark), session.blobs),
            goldFailures: saved.goldFailures,
            evalConfig: { ...DEFAULT_EVAL_CONFIG, ...saved.config },
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

      async closeBenchmark() {
        if (session.controller) return;
        await session.pool?.closeAll();
        session.pool = null;
        session.blobs = new Map();
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
        await saveQuietly(set, store.clear());
      },

      async runBothForQuestion(index, predSql) {
        const { benchmark, evalConfig } = get();
        const q = benchmark?.questions[index];
        if (!q) throw new AppError('unknown', 'No such question.');
        const deps = poolDeps(session);
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
    };
  };
