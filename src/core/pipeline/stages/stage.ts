/**
 * What a stage is: a record the runner walks in order. A stage gets a context with the run's
 * state and helpers that stream a model call or run a SQL while reporting events, so a stage
 * file holds only its own prompt, parse and adopt decisions.
 */
import type { AppError } from '../../errors';
import type { ChatUsage, FinishReason, GrammarSupport, RetryNote } from '../../llm/chat';
import type { SqlExecutor } from '../../sql/result';
import type { CallPrompt } from '../../budget/call-prompt';
import type {
  CallId,
  ExecutionOutcome,
  PipelineEvent,
  PipelineInput,
  PipelineSettings,
  SimplifiedSchema,
  StageId,
} from '../events';
import type { SqlReads } from '../../sql/sql-reads';
import type { CutBy } from '../cut-answers';

export interface RunState {
  /** null when SQL generation works on the full schema. */
  simplifiedSchema: SimplifiedSchema | null;
  currentSql: string | null;
  /** How currentSql ran, once it has run in this run. */
  currentOutcome: ExecutionOutcome | null;
  /** SQL₀ and how it ran, once noise correction replaced it (result checks look at both). */
  replacedSql: { sql: string; outcome: ExecutionOutcome | null } | null;
  /** Set when currentSql comes from a cut answer (it is reviewed as cut, not run as whole). */
  currentCut: CutBy | null;
  /** A continuation prefix the person wrote; null for the default. */
  customPrefix: string | null;
  finalSql: string | null;
  finalOutcome: ExecutionOutcome | null;
}

export type CallOutcome =
  | {
      ok: true;
      /** The answer with the model's thinking split off: the only text parsers read. */
      answer: string;
      finishReason: FinishReason;
      cut: CutBy | null;
      usage?: ChatUsage;
      /** The limit was reached while the model was still thinking. */
      cutWhileThinking?: boolean;
    }
  | { ok: false; answer: string; error: AppError };

export interface CallOptions {
  json?: boolean;
  /** EBNF the answer must follow (src/core/grammar). */
  grammar?: string;
}

export type SamplesOutcome =
  | {
      ok: true;
      /** Each answer with its thinking split off. */
      answers: { answer: string; finishReason: FinishReason; thinking?: string }[];
      usage: ChatUsage;
      retries?: RetryNote[];
    }
  | { ok: false; error: AppError };

export interface StageContext {
  readonly stage: StageId;
  readonly input: PipelineInput;
  readonly state: RunState;
  /**
   * Fits the prompt to the model's window (src/core/budget) and streams the call (prompt,
   * tokens, call_finished). A stop is thrown; a broken stream, or a prompt that cannot fit
   * (not sent), is returned.
   */
  call(
    call: CallId,
    prompt: CallPrompt,
    options?: CallOptions,
  ): AsyncGenerator<PipelineEvent, CallOutcome>;
  /**
   * Draws `n` answers at `temperature` (one request where the engine takes `n`, else `n`
   * requests) and reports them as one call; the prompt is fitted as `call` fits it.
   */
  sample(
    call: CallId,
    prompt: CallPrompt,
    n: number,
    temperature: number,
    options?: CallOptions,
  ): AsyncGenerator<PipelineEvent, SamplesOutcome>;
  /** Whether the run's engine decodes under a grammar. */
  grammarSupport(): GrammarSupport;
  /** Runs a lookup SQL of a check on the person's database, with no event (result checks). */
  readonly lookup: SqlExecutor;
  /**
   * Runs a SQL once per run (later asks reuse the outcome) and reports `executed`. A candidate
   * reads at most CANDIDATE_ROW_LIMIT rows (enough to know it runs and has a first row);
   * `whole` reads every row (the final result).
   */
  execute(
    sql: string,
    options?: { whole?: boolean },
  ): AsyncGenerator<PipelineEvent, ExecutionOutcome>;
  /** How the current SQL runs, running it first if this run has not yet. */
  currentOutcome(): AsyncGenerator<PipelineEvent, ExecutionOutcome | null>;
  reads(sql: string): SqlReads;
}

export interface PipelineStage {
  id: StageId;
  /** The card's title. */
  label: string;
  /** The sentence for the card when the run's switches turn the stage off; null when it is on. */
  switchedOff(settings: PipelineSettings): string | null;
  run(context: StageContext): AsyncGenerator<PipelineEvent, void>;
}
