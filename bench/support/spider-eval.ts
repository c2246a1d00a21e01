/**
 * What the evaluation benches share: the first N Spider dev questions with a responder that
 * answers each with its gold SQL, and one timed `runEvaluation` of one setting (questions per
 * second and EX), so every bench measures the same path the same way.
 */
import { readFileSync } from 'node:fs';
import { benchmarkResponder } from '../../e2e/support/mock-benchmark-model';
import {
  parseBenchmark,
  runEvaluation,
  summarize,
  type EvalDeps,
  type EvalSetting,
} from '../../src/core/eval';
import { DEFAULT_PIPELINE_SETTINGS } from '../../src/core/pipeline/defaults';
import { SPIDER_DEV_JSON } from '../../src/test-support/shared-data';

export function spiderDevSlice(count: number) {
  const benchmark = parseBenchmark(readFileSync(SPIDER_DEV_JSON, 'utf8'), 'dev.json');
  const questions = benchmark.questions.slice(0, count);
  const respond = benchmarkResponder(
    questions.map((q) => ({ question: q.question, query: q.goldSql })),
  );
  return { benchmark, questions, respond };
}

/** Runs every question once with `setting` (Spider's scoring) and times it. */
export async function timeEvaluation(
  { benchmark, questions }: Pick<ReturnType<typeof spiderDevSlice>, 'benchmark' | 'questions'>,
  setting: EvalSetting,
  concurrency: number,
  deps: EvalDeps,
) {
  const started = performance.now();
  const results = [];
  for await (const r of runEvaluation(
    {
      benchmark,
      questions,
      settings: [setting],
      base: DEFAULT_PIPELINE_SETTINGS,
      scoring: { rule: 'spider' },
      concurrency,
    },
    deps,
  ))
    results.push(r);
  const seconds = (performance.now() - started) / 1000;
  const ex = summarize(results, setting.id).overall;
  return {
    count: results.length,
    seconds,
    perSecond: results.length / seconds,
    ex: `EX ${ex.matched}/${ex.total}`,
  };
}
