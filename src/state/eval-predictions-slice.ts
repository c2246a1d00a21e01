/**
 * Predictions imported from a file (Spider's predict.txt or BIRD's JSON): scored against the
 * benchmark's gold without a model, as a row of their own in the ablation, next to the runs'.
 */
import { toErrorPayload } from '../core/errors';
import {
  parsePredictions,
  runEvaluation,
  type EvalSetting,
  type QuestionResult,
} from '../core/eval';
import { poolDeps, saveQuietly, type EvalSession } from './eval-session';
import type { SliceCreator } from './slice';

export interface EvalPredictionsSlice {
  /** What is worth saying about the last imported file (fewer predictions than questions). */
  predictionNotes: string[];
  importPredictions(file: File): Promise<void>;
}

export const createEvalPredictionsSlice =
  (session: EvalSession): SliceCreator<EvalPredictionsSlice> =>
  (set, get) => ({
    predictionNotes: [],

    async importPredictions(file) {
      const { benchmark, evalConfig } = get();
      if (!benchmark || session.controller) return;
      try {
        const imported = parsePredictions(await file.text(), file.name, benchmark);
        const setting: EvalSetting = {
          id: `file:${file.name}`,
          label: `Predictions: ${file.name}`,
          overrides: {},
        };
        const questions = benchmark.questions.filter((q) => session.blobs.has(q.dbId));
        const previous = get().evalResults.filter((r) => r.settingId !== setting.id);
        get().setEvalConfig({
          settingsUsed: [...evalConfig.settingsUsed.filter((s) => s.id !== setting.id), setting],
        });
        const controller = new AbortController();
        session.controller = controller;
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
          poolDeps(session),
        )) {
          fresh.push(result);
          if (fresh.length % 25 === 0)
            set((s) => ({
              evalResults: [...previous, ...fresh],
              evalRun: s.evalRun && { ...s.evalRun, finished: fresh.length },
            }));
          void saveQuietly(set, session.store.putResult(result));
        }
        set({ evalResults: [...previous, ...fresh] });
      } catch (error) {
        set({ evalError: toErrorPayload(error) });
      } finally {
        session.controller = null;
        set({ evalPhase: 'ready', evalRun: null });
      }
    },
  });
