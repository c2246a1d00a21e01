/**
 * An evaluation run: the (setting, question) jobs through the same pipeline as the Ask view,
 * results as they come (saved one by one, so a reload resumes), progress, Stop, clearing the
 * results, and opening a question's run on the Ask view. `runEvaluation` in src/core/eval does
 * the work; this slice only feeds it the benchmark, the databases and the engine.
 */
import { NO_THINKING_EVIDENCE } from '../core/llm/thinking';
import { AppError, toErrorPayload } from '../core/errors';
import {
  runnableSettings,
  runEvaluation,
  selectQuestions,
  withResult,
  type QuestionResult,
} from '../core/eval';
import { runSettings } from './eval-config-slice';
import { poolDeps, saveQuietly, type EvalSession } from './eval-session';
import type { SliceCreator } from './slice';

export interface EvalRunSlice {
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

  startEvaluation(): Promise<void>;
  stopEvaluation(): void;
  clearEvaluationResults(): Promise<void>;
  openQuestionRun(result: QuestionResult): void;
}

const NO_ENGINE = new AppError(
  'model_not_loaded',
  'No model is ready to answer.',
  'Open the Model view to load a model in the browser or connect a server; or import predictions to score them without a model.',
);

export const createEvalRunSlice =
  (session: EvalSession): SliceCreator<EvalRunSlice> =>
  (set, get) => ({
    evalResults: [],
    evalRun: null,
    evalInterrupted: false,

    async startEvaluation() {
      const { benchmark, evalConfig } = get();
      if (!benchmark || session.controller) return;
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
        session.blobs.has(q.dbId),
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
      const controller = new AbortController();
      session.controller = controller;
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
      void saveQuietly(set, session.store.updateSetup({ status: 'running' }));
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
            ...poolDeps(session),
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
          void saveQuietly(set, session.store.putResult(result));
        }
      } catch (error) {
        set({ evalError: toErrorPayload(error) });
      } finally {
        const stopped = session.controller?.signal.aborted ?? false;
        session.controller = null;
        set({ evalPhase: 'ready', evalRun: null });
        void saveQuietly(set, session.store.updateSetup({ status: stopped ? 'stopped' : 'done' }));
      }
    },

    stopEvaluation() {
      session.controller?.abort();
    },

    async clearEvaluationResults() {
      if (session.controller) return;
      set({ evalResults: [], evalInterrupted: false, predictionNotes: [] });
      get().setEvalConfig({ settingsUsed: [] });
      await saveQuietly(set, session.store.clearResults());
    },

    openQuestionRun(result) {
      if (!result.run) return;
      get().openRun(result.run);
    },
  });
