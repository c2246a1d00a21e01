/**
 * The helpers a stage works with during one run: the schema texts (rendered once), model calls
 * that report their events, and SQL runs that are cached so a SQL is executed once per run.
 */
import { isAbort, toAppError, toErrorPayload } from '../errors';
import { NO_USAGE, type ChatMessage, type ChatModel, type FinishReason } from '../llm/chat';
import type {
  CallId,
  ExecutionOutcome,
  PipelineEvent,
  PipelineInput,
  SimplifiedSchema,
  StageId,
} from './events';
import { chatRequest } from './prompts';
import type { SqlExecutor } from '../sql/result';
import { renderSchemaTextWithin, type SampleRows } from './schema-text';
import { sqlReads, type SqlReads } from './sql-reads';
import { drawSamples } from '../llm/samples';
import type { CallOutcome, RunState, SamplesOutcome, StageContext } from './stages/stage';

export interface PipelineDeps {
  model: ChatModel;
  db: SqlExecutor;
}

/** Thrown inside the run when the person pressed Stop; the runner turns it into `stopped`. */
export class Stopped extends Error {}

export function createRunContext(
  input: PipelineInput,
  deps: PipelineDeps,
  state: RunState,
  samples: SampleRows,
  signal: AbortSignal | undefined,
): (stage: StageId) => StageContext {
  const { schema, settings } = input;
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
      fullSchemaText: () => (fullText ??= renderSchemaTextWithin(schema, { samples })),
      simplifiedSchemaText: (kept: SimplifiedSchema) =>
        renderSchemaTextWithin(schema, { samples, kept }),
      reads(sql: string) {
        let reads = readsCache.get(sql);
        if (!reads) {
          reads = sqlReads(sql, schema);
          readsCache.set(sql, reads);
        }
        return reads;
      },
      async *call(
        call: CallId,
        messages: ChatMessage[],
        callOptions = {},
      ): AsyncGenerator<PipelineEvent, CallOutcome> {
        yield { type: 'prompt', stage, call, messages };
        const started = performance.now();
        let answer = '';
        let finishReason: FinishReason = 'other';
        let usage = NO_USAGE;
        const finished = (reason: string, notes?: string[]): PipelineEvent => ({
          type: 'call_finished',
          stage,
          call,
          answer,
          usage,
          elapsedMs: performance.now() - started,
          finishReason: reason,
          ...(notes ? { notes } : {}),
        });
        try {
          for await (const event of deps.model.streamChat(
            chatRequest(messages, settings, callOptions.json, callOptions.grammar),
            signal,
          )) {
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
          yield finished('error', [`The answer broke off: ${failure.message}`]);
          return { ok: false, answer, error: failure };
        }
        yield finished(
          finishReason,
          finishReason === 'length'
            ? [`The answer reached the limit of ${settings.maxTokens} tokens and was cut off.`]
            : undefined,
        );
        return { ok: true, answer, finishReason, usage };
      },
      async *sample(call, messages, n, temperature, callOptions = {}) {
        yield { type: 'prompt', stage, call, messages };
        const started = performance.now();
        const request = {
          ...chatRequest(messages, settings, callOptions.json, callOptions.grammar),
          temperature,
        };
        let outcome: SamplesOutcome;
        try {
          outcome = { ok: true, ...(await drawSamples(deps.model, request, n, signal)) };
        } catch (error) {
          if (error instanceof Stopped || isAbort(error) || signal?.aborted) throw new Stopped();
          outcome = { ok: false, error: toAppError(error) };
        }
        const answers = outcome.ok ? outcome.answers : [];
        yield {
          type: 'call_finished',
          stage,
          call,
          // Numbered from 2: sample 1 is the stage's own temperature-0 answer (SQL₀).
          answer: answers.map((a, i) => `-- sample ${i + 2}\n${a.answer}`).join('\n\n'),
          usage: outcome.ok ? outcome.usage : NO_USAGE,
          elapsedMs: performance.now() - started,
          finishReason: outcome.ok ? 'stop' : 'error',
          ...(outcome.ok ? {} : { notes: [`The samples broke off: ${outcome.error.message}`] }),
        };
        return outcome;
      },
      grammarSupport: () =>
        deps.model.grammarSupport?.() ?? {
          ok: false,
          reason: 'this engine takes no grammar',
        },
      lookup: deps.db,
      async *execute(sql: string): AsyncGenerator<PipelineEvent, ExecutionOutcome> {
        const outcome = await runSql(sql);
        yield { type: 'executed', stage, sql, outcome };
        return outcome;
      },
      async *currentOutcome(): AsyncGenerator<PipelineEvent, ExecutionOutcome | null> {
        if (state.currentSql === null) return null;
        if (state.currentOutcome === null)
          state.currentOutcome = yield* context.execute(state.currentSql);
        return state.currentOutcome;
      },
    };
    return context;
  };

  return contextFor;
}
