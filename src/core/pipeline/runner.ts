/**
 * The pipeline as an async generator of events: the store folds them, the cards render them.
 * A re-run from a stage is the same generator started at that stage with the edited value.
 */
import { isAbort, toAppError, toErrorPayload } from '../errors';
import type { ChatMessage, ChatModel, ChatUsage, FinishReason } from '../llm/chat';
import type { SqlExecutor } from '../sql/result';
import type { CallId, ExecutionOutcome, PipelineEvent, PipelineInput, ResumePoint, SimplifiedSchema, StageId } from './events';
import { chatRequest } from './prompts';
import { fetchSampleRows } from './sample-rows';
import { renderSchemaText } from './schema-text';
import { loadSqlParser, sqlReads, type SqlReads } from './sql-reads';
import { PIPELINE_STAGES } from './stages';
import type { CallOutcome, RunState, StageContext } from './stages/stage';

export interface PipelineDeps {
  model: ChatModel;
  db: SqlExecutor;
}

export interface PipelineOptions {
  signal?: AbortSignal;
  resume?: ResumePoint;
}

const NO_USAGE: ChatUsage = {
  promptTokens: null,
  completionTokens: null,
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: null,
};

/** Thrown inside the run when the person pressed Stop; becomes a `stopped` event. */
class Stopped extends Error {}

function initialState(resume: ResumePoint | undefined): RunState {
  const state: RunState = {
    simplifiedSchema: null,
    currentSql: null,
    currentOutcome: null,
    customPrefix: null,
    finalSql: null,
    finalOutcome: null,
  };
  if (!resume) return state;
  if (resume.stage === 'sql_generation') state.simplifiedSchema = resume.simplifiedSchema;
  else state.currentSql = resume.sql;
  if (resume.stage === 'continuation_writing' && resume.prefix !== undefined) state.customPrefix = resume.prefix;
  return state;
}

export async function* runPipeline(
  input: PipelineInput,
  deps: PipelineDeps,
  options: PipelineOptions = {},
): AsyncGenerator<PipelineEvent> {
  const { signal, resume } = options;
  const { schema, settings } = input;
  const state = initialState(resume);
  const startIndex = resume ? PIPELINE_STAGES.findIndex((s) => s.id === resume.stage) : 0;

  const [samples] = await Promise.all([
    fetchSampleRows(deps.db, schema, { timeoutMs: settings.sqlTimeoutMs }),
    loadSqlParser(),
  ]);
  if (signal?.aborted) {
    yield { type: 'stopped', stage: null };
    return;
  }

  let fullText: string | null = null;
  const executions = new Map<string, Promise<ExecutionOutcome>>();
  const readsCache = new Map<string, SqlReads>();

  const runSql = (sql: string): Promise<ExecutionOutcome> => {
    let pending = executions.get(sql);
    if (!pending) {
      pending = deps.db.execute(sql, { timeoutMs: settings.sqlTimeoutMs }).then(
        (result): ExecutionOutcome => ({ ok: true, result }),
        (error: unknown): ExecutionOutcome => ({ ok: false, error: toErrorPayload(error) }),
      );
      executions.set(sql, pending);
    }
    return pending;
  };

  const contextFor = (stage: StageId): StageContext => {
    const context: StageContext = {
    stage,
    input,
    state,
    fullSchemaText: () => (fullText ??= renderSchemaText(schema, { samples })),
    simplifiedSchemaText: (kept: SimplifiedSchema) => renderSchemaText(schema, { samples, kept }),
    reads(sql: string) {
      let reads = readsCache.get(sql);
      if (!reads) {
        reads = sqlReads(sql, schema);
        readsCache.set(sql, reads);
      }
      return reads;
    },
    async *call(call: CallId, messages: ChatMessage[], callOptions = {}): AsyncGenerator<PipelineEvent, CallOutcome> {
      yield { type: 'prompt', stage, call, messages };
      const started = performance.now();
      let answer = '';
      let finishReason: FinishReason = 'other';
      let usage = NO_USAGE;
      try {
        for await (const event of deps.model.streamChat(chatRequest(messages, settings, callOptions.json), signal)) {
          if (signal?.aborted) throw new Stopped();
          if (event.type === 'token') {
            answer += event.text;
            yield { type: 'token', stage, call, text: event.text };
          } else {
            finishReason = event.finishReason;
            usage = event.usage;
          }
        }
      } catch (error) {
        if (error instanceof Stopped || isAbort(error) || signal?.aborted) throw new Stopped();
        const failure = toAppError(error);
        const elapsedMs = performance.now() - started;
        yield { type: 'call_finished', stage, call, answer, usage, elapsedMs, finishReason: 'error', notes: [`The answer broke off: ${failure.message}`] };
        return { ok: false, answer, error: failure };
      }
      const elapsedMs = performance.now() - started;
      const notes =
        finishReason === 'length'
          ? [`The answer reached the limit of ${settings.maxTokens} tokens and was cut off.`]
          : undefined;
      yield { type: 'call_finished', stage, call, answer, usage, elapsedMs, finishReason, ...(notes ? { notes } : {}) };
      return { ok: true, answer, finishReason };
    },
    async *execute(sql: string): AsyncGenerator<PipelineEvent, ExecutionOutcome> {
      const outcome = await runSql(sql);
      yield { type: 'executed', stage, sql, outcome };
      return outcome;
    },
    async *currentOutcome(): AsyncGenerator<PipelineEvent, ExecutionOutcome | null> {
      if (state.currentSql === null) return null;
      if (state.currentOutcome === null) state.currentOutcome = yield* context.execute(state.currentSql);
      return state.currentOutcome;
    },
    };
    return context;
  };

  for (const stage of PIPELINE_STAGES.slice(Math.max(0, startIndex))) {
    if (signal?.aborted) {
      yield { type: 'stopped', stage: stage.id };
      return;
    }
    const started = performance.now();
    yield { type: 'stage_started', stage: stage.id, at: Date.now() };
    try {
      const off = stage.switchedOff(settings);
      if (off !== null) yield { type: 'skipped', stage: stage.id, reason: off };
      else yield* stage.run(contextFor(stage.id));
    } catch (error) {
      if (error instanceof Stopped || isAbort(error) || signal?.aborted) {
        yield { type: 'stopped', stage: stage.id };
        return;
      }
      // A bug in a stage must not take the run down with it: report it and go on.
      yield { type: 'stage_failed', stage: stage.id, error: toErrorPayload(error) };
    }
    yield { type: 'stage_finished', stage: stage.id, elapsedMs: performance.now() - started };
  }
  yield { type: 'done', finalSql: state.finalSql, outcome: state.finalOutcome };
}
