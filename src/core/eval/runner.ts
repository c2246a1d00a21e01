/**
 * The evaluation runner: every (setting, question) job runs the same `runPipeline` as the Ask
 * view on that question's database, and is scored by execution against the gold. Jobs run
 * `concurrency` at a time; results are yielded as they finish, so a caller can save each one and
 * resume later by passing the saved results as `done`. Stop (the signal) drops the jobs in flight:
 * a half-run question is not a result.
 *
 * With `predictions` instead of a model, each question's given SQL is scored as it is.
 */
import { toErrorPayload } from '../errors';
import { databaseFingerprint } from '../history/fingerprint';
import { endRun, foldEvent } from '../history/fold-events';
import { compactForHistory, newRunRecord, type RunRecord } from '../history/run-record';
import type { ChatModel } from '../llm/chat';
import { SEEN_THINKING, type ThinkingEvidence } from '../llm/thinking';
import type { PipelineSettings } from '../pipeline/events';
import { runPipeline } from '../pipeline/runner';
import { STAGE_TITLES } from '../pipeline/stages';
import { isTransientFailure } from '../llm/retry';
import { readBirdDescriptions, type DescriptionFile } from '../knowledge/bird-descriptions';
import { benchmarkMemory, leaveOut } from '../knowledge/leave-out';
import type { KnowledgeExample, RunKnowledge, SchemaDescriptions } from '../knowledge/types';
import type { DbSchema } from '../schema/types';
import type { SqlExecutor } from '../sql/result';
import type { Benchmark, BenchmarkQuestion } from './benchmark';
import { SCORED_STAGES, type QuestionResult, type StageResult } from './results';
import {
  executeForScoring,
  scoreOutcomes,
  type ExecutionOutcome,
  type ExecutionScore,
  type ScoringOptions,
} from './score';
import { MEMORY_EXAMPLES, applySetting, type EvalSetting } from './settings';
import { readSpiderSchema, spiderHardness, type SpiderSchema } from './spider-hardness';

export interface EvalDatabase {
  executor: SqlExecutor;
  schema: DbSchema;
  /** For the run records' fingerprint. */
  name: string;
  sizeBytes: number;
}

export interface EvalDeps {
  /** Opens (or returns the already open) database for a db_id; rejects with an AppError. */
  database(dbId: string): Promise<EvalDatabase>;
  /** Called when a question is done with its database (a pool may close idle ones). */
  release?(dbId: string): void;
  /**
   * BIRD's description files of a database (`<db_id>/database_description/*.csv`), none when
   * it has none: what the descriptions row puts in the prompts.
   */
  descriptionFiles?(dbId: string): Promise<readonly DescriptionFile[]>;
  /** The engine; not needed when scoring predictions. */
  model?: ChatModel;
  /** How run records name the model. */
  modelInfo?: { engine: string; modelId: string };
  /**
   * Whether the model thinks (decides each run's thinking allowance). The runner sets it to
   * SEEN_THINKING once any answer came with thinking, so later questions get the room.
   */
  thinking?: { evidence: ThinkingEvidence };
}

export interface EvalOptions {
  benchmark: Benchmark;
  /** The questions to run (a subset of the benchmark's, e.g. the first N or a filter). */
  questions: readonly BenchmarkQuestion[];
  settings: readonly EvalSetting[];
  base: PipelineSettings;
  scoring: ScoringOptions;
  concurrency?: number;
  signal?: AbortSignal;
  /** Results from an earlier run: their jobs are skipped. */
  done?: readonly Pick<QuestionResult, 'settingId' | 'index' | 'unscored'>[];
  /** Score these SQL (one per benchmark question, by index) instead of calling a model. */
  predictions?: readonly (string | null)[];
  /** Keep each question's run record (for "Open run"); the CLI leaves it off. */
  keepRuns?: boolean;
  /** Examples per prompt in the memory row (default MEMORY_EXAMPLES). */
  memoryExamples?: number;
}

export function jobKey(settingId: string, index: number): string {
  return `${settingId}#${index}`;
}

/** Per-database work shared by every job on it: the gold outcomes and Spider's schema. */
class GoldCache {
  private readonly gold = new Map<number, Promise<ExecutionOutcome>>();
  private readonly difficulty = new Map<number, Promise<string | null>>();
  private readonly spiderSchemas = new Map<string, Promise<SpiderSchema>>();

  constructor(
    private readonly benchmark: Benchmark,
    private readonly scoring: ScoringOptions,
  ) {}

  goldOutcome(q: BenchmarkQuestion, db: EvalDatabase): Promise<ExecutionOutcome> {
    let pending = this.gold.get(q.index);
    if (!pending) {
      pending = executeForScoring(db.executor, q.goldSql, this.scoring);
      this.gold.set(q.index, pending);
    }
    return pending;
  }

  difficultyOf(q: BenchmarkQuestion, db: EvalDatabase): Promise<string | null> {
    if (q.difficulty !== null || this.benchmark.format !== 'spider')
      return Promise.resolve(q.difficulty);
    let pending = this.difficulty.get(q.index);
    if (!pending) {
      let schema = this.spiderSchemas.get(q.dbId);
      if (!schema) {
        schema = readSpiderSchema(db.executor);
        this.spiderSchemas.set(q.dbId, schema);
      }
      pending = schema.then((schema) => {
        const hardness = spiderHardness(q.goldSql, schema);
        return hardness.ok ? hardness.difficulty : null;
      });
      this.difficulty.set(q.index, pending);
    }
    return pending;
  }
}

/**
 * What the knowledge rows give each question. The memory is every question of the benchmark
 * (the selected ones or not) with its gold SQL, grouped by database; each question sees its
 * database's, minus itself and every question with the same gold SQL (leave-out.ts).
 */
class KnowledgeCache {
  private memory: Map<string, KnowledgeExample[]> | null = null;
  private readonly descriptions = new Map<string, Promise<SchemaDescriptions>>();

  constructor(
    private readonly benchmark: Benchmark,
    private readonly deps: EvalDeps,
    private readonly k: number,
  ) {}

  async forQuestion(
    setting: EvalSetting,
    q: BenchmarkQuestion,
    db: EvalDatabase,
  ): Promise<RunKnowledge | undefined> {
    if (setting.knowledge === 'memory') {
      this.memory ??= benchmarkMemory(this.benchmark.questions.map(goldQuestion));
      return {
        examples: this.memory.get(q.dbId) ?? [],
        k: this.k,
        descriptions: {},
        leaveOut: leaveOut(goldQuestion(q)),
      };
    }
    if (setting.knowledge === 'descriptions')
      return { examples: [], k: 0, descriptions: await this.descriptionsOf(q.dbId, db) };
    return undefined;
  }

  private descriptionsOf(dbId: string, db: EvalDatabase): Promise<SchemaDescriptions> {
    let pending = this.descriptions.get(dbId);
    if (!pending) {
      pending = (async () => {
        const files = (await this.deps.descriptionFiles?.(dbId)) ?? [];
        // A row naming no column is left out by the reader; the rest of the file still counts.
        return (await readBirdDescriptions(files, db.schema)).descriptions;
      })();
      this.descriptions.set(dbId, pending);
    }
    return pending;
  }
}

function goldQuestion(q: BenchmarkQuestion) {
  return { key: q.id, dbId: q.dbId, question: q.question, hint: q.hint, sql: q.goldSql };
}

interface Job {
  question: BenchmarkQuestion;
  setting: EvalSetting;
}

/** Scores SQL texts of one question against its gold, each distinct SQL once. */
function scorerFor(
  q: BenchmarkQuestion,
  db: EvalDatabase,
  gold: ExecutionOutcome,
  scoring: ScoringOptions,
): (sql: string | null) => Promise<ExecutionScore> {
  const cache = new Map<string, Promise<ExecutionScore>>();
  return (sql) => {
    const key = sql ?? '';
    let pending = cache.get(key);
    if (!pending) {
      pending = (async () => {
        const pred =
          sql === null || sql.trim() === ''
            ? null
            : await executeForScoring(db.executor, sql, scoring);
        return scoreOutcomes(q.goldSql, gold, pred, scoring);
      })();
      cache.set(key, pending);
    }
    return pending;
  };
}

async function stageResults(
  run: RunRecord,
  score: (sql: string | null) => Promise<ExecutionScore>,
): Promise<StageResult[]> {
  const results: StageResult[] = [];
  for (const id of SCORED_STAGES) {
    const stage = run.stages[id];
    const ran = stage.status !== 'skipped' && stage.status !== 'idle';
    const adopted = stage.verdict?.kind === 'adopted';
    const before = stage.inputSql;
    const after = stage.outputSql;
    results.push({
      stage: id,
      ran,
      adopted,
      matchBefore: ran && before !== null ? (await score(before)).match : null,
      matchAfter: ran && after !== null ? (await score(after)).match : null,
    });
  }
  return results;
}

async function runJob(
  job: Job,
  options: EvalOptions,
  deps: EvalDeps,
  cache: GoldCache,
  knowledge: KnowledgeCache,
): Promise<QuestionResult | null> {
  try {
    return await runJobOnDatabase(job, options, deps, cache, knowledge);
  } finally {
    deps.release?.(job.question.dbId);
  }
}

async function runJobOnDatabase(
  job: Job,
  options: EvalOptions,
  deps: EvalDeps,
  cache: GoldCache,
  knowledge: KnowledgeCache,
): Promise<QuestionResult | null> {
  const { question: q, setting } = job;
  const started = performance.now();
  const base = {
    settingId: setting.id,
    index: q.index,
    questionId: q.id,
    dbId: q.dbId,
    difficulty: q.difficulty,
    stages: [] as StageResult[],
    calls: 0,
    promptTokens: 0,
    completionTokens: 0,
  };
  let db: EvalDatabase;
  try {
    db = await deps.database(q.dbId);
  } catch (error) {
    const message = toErrorPayload(error).message;
    return {
      ...base,
      predSql: null,
      match: false,
      goldFailed: true,
      reason: `The database ${q.dbId} cannot be opened: ${message}`,
      pipelineError: null,
      elapsedMs: performance.now() - started,
    };
  }
  const [gold, difficulty] = await Promise.all([
    cache.goldOutcome(q, db),
    cache.difficultyOf(q, db),
  ]);
  const score = scorerFor(q, db, gold, options.scoring);

  if (options.predictions) {
    const predSql = options.predictions[q.index] ?? null;
    const result = await score(predSql);
    return {
      ...base,
      difficulty,
      predSql,
      match: result.match,
      goldFailed: result.goldFailed,
      reason: result.reason,
      pipelineError: null,
      elapsedMs: performance.now() - started,
    };
  }

  if (!deps.model) throw new Error('runEvaluation needs a model or predictions.');
  const settings = applySetting(options.base, setting);
  let run = newRunRecord({
    id: `eval-${setting.id}-${q.index}`,
    now: Date.now(),
    question: q.question,
    hint: q.hint,
    model: deps.modelInfo ?? { engine: 'unknown', modelId: 'unknown' },
    settings,
    database: databaseFingerprint(db.name, db.sizeBytes, db.schema),
  });
  let calls = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  const retries: Record<string, number> = {};
  for await (const event of runPipeline(
    {
      question: q.question,
      hint: q.hint,
      schema: db.schema,
      settings,
      knowledge: await knowledge.forQuestion(setting, q, db),
    },
    { model: deps.model, db: db.executor, thinking: deps.thinking?.evidence },
    { signal: options.signal },
  )) {
    if (event.type === 'stopped') return null;
    // Tokens are not folded: call_finished carries the whole answer, and folding every token
    // of 32 parallel runs would cost more than the scoring.
    if (event.type === 'token' || event.type === 'thinking') continue;
    if (event.type === 'call_finished' && event.thinking && deps.thinking)
      deps.thinking.evidence = SEEN_THINKING;
    if (event.type === 'call_retry')
      retries[event.retry.reason] = (retries[event.retry.reason] ?? 0) + 1;
    if (event.type === 'call_finished') {
      calls++;
      promptTokens += event.usage.promptTokens ?? 0;
      completionTokens += event.usage.completionTokens ?? 0;
    }
    run = foldEvent(run, event, Date.now());
  }
  run = endRun(run, 'done', Date.now(), null);
  const predSql = run.finalSql ?? run.currentSql;
  const final = await score(predSql);
  const failedStage = Object.values(run.stages).find((s) => s.error)?.error;
  // The server's trouble outlasted the retries: the answer says nothing about the model.
  const serverFailure = Object.values(run.stages).find((s) => isTransientFailure(s.error));
  return {
    ...base,
    difficulty,
    predSql,
    match: final.match,
    goldFailed: final.goldFailed,
    reason: final.reason,
    pipelineError: predSql === null ? (failedStage?.message ?? 'The pipeline gave no SQL.') : null,
    stages: await stageResults(run, score),
    ...(run.agreement ? { agreement: run.agreement } : {}),
    ...(serverFailure
      ? { unscored: `${STAGE_TITLES[serverFailure.id]}: ${serverFailure.error?.message ?? ''}` }
      : {}),
    ...(Object.keys(retries).length > 0 ? { retries } : {}),
    calls,
    promptTokens,
    completionTokens,
    elapsedMs: performance.now() - started,
    ...(options.keepRuns ? { run: compactForHistory(run, 20) } : {}),
  };
}

/**
 * Every (setting, question) job not yet done, setting by setting, in question order. A result
 * left unscored by a server error is not done: it runs again.
 */
export function pendingJobs(options: EvalOptions): Job[] {
  const done = new Set(
    (options.done ?? [])
      .filter((r) => r.unscored === undefined)
      .map((r) => jobKey(r.settingId, r.index)),
  );
  return options.settings.flatMap((setting) =>
    options.questions
      .filter((question) => !done.has(jobKey(setting.id, question.index)))
      .map((question) => ({ question, setting })),
  );
}

/** Runs the pending jobs and yields each result as it finishes. */
export async function* runEvaluation(
  options: EvalOptions,
  deps: EvalDeps,
): AsyncGenerator<QuestionResult> {
  const jobs = pendingJobs(options);
  const cache = new GoldCache(options.benchmark, options.scoring);
  const knowledge = new KnowledgeCache(
    options.benchmark,
    deps,
    options.memoryExamples ?? MEMORY_EXAMPLES,
  );
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 1, jobs.length || 1));
  const finished: QuestionResult[] = [];
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  let next = 0;
  let active = 0;

  const notify = () => {
    wake?.();
    wake = null;
  };
  const worker = async () => {
    while (next < jobs.length && !options.signal?.aborted && failure === null) {
      const job = jobs[next++] as Job;
      try {
        const result = await runJob(job, options, deps, cache, knowledge);
        if (result) finished.push(result);
      } catch (error) {
        failure ??= error;
      }
      notify();
    }
  };
  const workers = Array.from({ length: concurrency }, async () => {
    active++;
    try {
      await worker();
    } finally {
      active--;
      notify();
    }
  });

  while (active > 0 || finished.length > 0) {
    if (finished.length === 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (finished.length > 0 || active === 0) notify();
      });
    }
    while (finished.length > 0) yield finished.shift() as QuestionResult;
  }
  await Promise.all(workers);
  if (failure !== null) throw failure;
}
