import { afterAll, describe, expect, it } from 'vitest';
import {
  createScriptedModel,
  lastUserMessage,
  promptKind,
} from '../../test-support/scripted-model';
import { SPIDER_DEV_JSON, sharedDataAvailable } from '../../test-support/shared-data';
import { spiderDatabases } from '../../test-support/spider-databases';
import { readFileSync } from 'node:fs';
import type { ChatRequest } from '../llm/chat';
import { DEFAULT_PIPELINE_SETTINGS } from '../pipeline/defaults';
import { parseBenchmark, type Benchmark, type BenchmarkQuestion } from './benchmark';
import { summarize, type QuestionResult } from './results';
import { runEvaluation, type EvalDeps } from './runner';
import { ABLATION_VOTE, STANDARD_SETTINGS, findStandardSetting } from './settings';

const WRONG_SQL = "SELECT 'wrong answer'";

/** The question of a prompt: the last "Question:" line (few-shot examples come before it). */
function questionOf(request: ChatRequest): string {
  const lines = lastUserMessage(request)
    .split('\n')
    .filter((l) => l.startsWith('Question: '));
  return (lines.at(-1) ?? '').slice('Question: '.length).trim();
}

const block = (sql: string) => '```sql\n' + sql + '\n```';

/** A scripted model on the benchmark's questions: schema linking keeps everything, the rest as told. */
function benchmarkModel(
  benchmark: Benchmark,
  answers: {
    noiseCorrection(q: BenchmarkQuestion, request: ChatRequest): string;
    sql(q: BenchmarkQuestion, request: ChatRequest): string;
  },
) {
  const gold = new Map(benchmark.questions.map((q) => [q.question.trim(), q]));
  return createScriptedModel([
    {
      times: Infinity,
      answer: (request) => {
        const q = gold.get(questionOf(request));
        if (!q) return 'no idea';
        switch (promptKind(request.messages)) {
          case 'schema_links':
            return '{}';
          case 'noise_correction':
            return answers.noiseCorrection(q, request);
          default:
            return answers.sql(q, request);
        }
      },
    },
  ]);
}

/**
 * A model that writes the gold SQL for every second question and a wrong SQL for the others,
 * and whose noise correction replaces the wrong SQL with the gold.
 */
function halfRightModel(benchmark: Benchmark) {
  return benchmarkModel(benchmark, {
    noiseCorrection: (q, request) =>
      lastUserMessage(request).includes(WRONG_SQL)
        ? `The query is wrong.\n${block(q.goldSql)}`
        : 'The query is correct.',
    sql: (q) => block(q.index % 2 === 0 ? WRONG_SQL : q.goldSql),
  });
}

/**
 * For the vote row: SQL₀ is the gold for odd questions and wrong for even ones; of the four
 * samples drawn at the vote's temperature, an odd question's are all the gold (5 of 5 agree), an
 * even one's two gold and two wrong (3 of 5 agree on the wrong SQL). Noise correction agrees.
 */
function votingModel(benchmark: Benchmark) {
  const drawn = new Map<number, number>();
  return benchmarkModel(benchmark, {
    noiseCorrection: () => 'The query is correct.',
    sql: (q, request) => {
      if (request.temperature !== ABLATION_VOTE.sampleTemperature)
        return block(q.index % 2 === 0 ? WRONG_SQL : q.goldSql);
      const n = (drawn.get(q.index) ?? 0) + 1;
      drawn.set(q.index, n);
      return block(q.index % 2 === 1 || n <= 2 ? q.goldSql : WRONG_SQL);
    },
  });
}

describe.skipIf(!sharedDataAvailable())('runEvaluation on Spider dev questions', () => {
  const benchmark = sharedDataAvailable()
    ? parseBenchmark(readFileSync(SPIDER_DEV_JSON, 'utf8'), 'dev.json')
    : ({ name: '', format: 'spider', questions: [] } as Benchmark);
  const questions = benchmark.questions.slice(0, 10);
  const spider = spiderDatabases();
  const deps = (model?: EvalDeps['model']): EvalDeps => ({ model, database: spider.database() });
  afterAll(() => spider.closeAll());

  async function collect(run: AsyncGenerator<QuestionResult>): Promise<QuestionResult[]> {
    const results: QuestionResult[] = [];
    for await (const r of run) results.push(r);
    return results;
  }

  it('scores each setting, with per-stage wrong->right counts and difficulties', async () => {
    const settings = [findStandardSetting('ts'), findStandardSetting('all')].flatMap((s) =>
      s ? [s] : [],
    );
    const results = await collect(
      runEvaluation(
        {
          benchmark,
          questions,
          settings,
          base: DEFAULT_PIPELINE_SETTINGS,
          scoring: { rule: 'spider' },
          concurrency: 4,
          keepRuns: true,
        },
        deps(halfRightModel(benchmark)),
      ),
    );
    expect(results).toHaveLength(20);
    const plain = summarize(results, 'ts');
    const all = summarize(results, 'all');
    expect(plain.overall).toEqual({ matched: 5, total: 10 });
    expect(all.overall).toEqual({ matched: 10, total: 10 });
    expect(all.stages.noise_correction).toEqual({
      ran: 10,
      adopted: 5,
      wrongToRight: 5,
      rightToWrong: 0,
    });
    expect(plain.stages.noise_correction.ran).toBe(0);
    expect(plain.callsPerQuestion).toBe(1);
    expect(all.callsPerQuestion).toBeGreaterThanOrEqual(4);
    const sum = Object.values(all.byDifficulty).reduce((n, t) => n + t.total, 0);
    expect(sum).toBe(10);
    const one = results.find((r) => r.settingId === 'all' && r.index === 0);
    expect(one?.run?.stages.noise_correction.verdict?.kind).toBe('adopted');
    expect(one?.reason).toMatch(/^The same/);
  }, 60_000);

  it("keeps each question's agreement on the vote row, and EX by agreement level", async () => {
    const setting = findStandardSetting('all+vote');
    const results = await collect(
      runEvaluation(
        {
          benchmark,
          questions,
          settings: setting ? [setting] : [],
          base: DEFAULT_PIPELINE_SETTINGS,
          scoring: { rule: 'spider' },
          concurrency: 2,
        },
        deps(votingModel(benchmark)),
      ),
    );
    expect(results).toHaveLength(10);
    const summary = summarize(results, 'all+vote');
    expect(summary.byAgreement).toEqual([
      { agreeing: 5, total: 5, ex: { matched: 5, total: 5 } },
      { agreeing: 3, total: 5, ex: { matched: 0, total: 5 } },
    ]);
    expect(summary.stages.sample_vote).toMatchObject({ ran: 10 });
  }, 60_000);

  it('skips the jobs already done and stops when the signal fires', async () => {
    const controller = new AbortController();
    const settings = [STANDARD_SETTINGS[0]].flatMap((s) => (s ? [s] : []));
    const options = {
      benchmark,
      questions,
      settings,
      base: DEFAULT_PIPELINE_SETTINGS,
      scoring: { rule: 'spider' as const },
      signal: controller.signal,
    };
    const first: QuestionResult[] = [];
    for await (const r of runEvaluation(options, deps(halfRightModel(benchmark)))) {
      first.push(r);
      if (first.length === 3) controller.abort();
    }
    expect(first.length).toBe(3);
    const rest = await collect(
      runEvaluation(
        { ...options, signal: undefined, done: first },
        deps(halfRightModel(benchmark)),
      ),
    );
    expect(rest).toHaveLength(7);
    expect(new Set([...first, ...rest].map((r) => r.index)).size).toBe(10);
  }, 60_000);

  it('scores predictions without a model', async () => {
    const predictions = benchmark.questions.map((q) => (q.index < 4 ? q.goldSql : WRONG_SQL));
    const results = await collect(
      runEvaluation(
        {
          benchmark,
          questions,
          settings: [{ id: 'predictions', label: 'predict.txt', overrides: {} }],
          base: DEFAULT_PIPELINE_SETTINGS,
          scoring: { rule: 'spider' },
          predictions,
          concurrency: 8,
        },
        deps(),
      ),
    );
    expect(summarize(results, 'predictions').overall).toEqual({ matched: 4, total: 10 });
  });
});
