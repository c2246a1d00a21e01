/**
 * The contract between the pipeline runner (src/core/pipeline/runner.ts) and whoever shows it
 * (the run slice folds these events; the stage cards render the folded state).
 */
import type { ErrorPayload } from '../errors';
import type { ChatMessage, ChatUsage, RetryNote } from '../llm/chat';
import type { QueryResult } from '../sql/result';
import type { DbSchema } from '../schema/types';
import type { CutBy } from './cut-answers';
import type { PromptBudget } from '../budget/call-prompt';
import type { KnowledgeUse, RunKnowledge } from '../knowledge/types';
import type { ThinkingMode } from '../llm/thinking';

export type StageId =
  | 'schema_linking'
  | 'sql_generation'
  | 'sample_vote'
  | 'noise_correction'
  | 'result_checks'
  | 'continuation_writing'
  | 'result';

export const STAGE_ORDER: readonly StageId[] = [
  'schema_linking',
  'sql_generation',
  'sample_vote',
  'noise_correction',
  'result_checks',
  'continuation_writing',
  'result',
];

/** Schema linking makes two model calls; the vote draws its samples as one ('samples'); every other stage makes at most one ('sql'). */
export type CallId = 'schema_links' | 'pseudo_sql' | 'sql' | 'samples';

// The shapes the budget shares with the pipeline live below both (the budget never imports
// the pipeline); they are named here too, for the pipeline's callers.
import type { SimplifiedSchema } from '../schema/types';
import type { EarlierTurn } from '../thread/earlier-turn';
export type { EarlierTurn, SimplifiedSchema };

export interface PipelineSettings {
  schemaLinking: boolean;
  noiseCorrection: boolean;
  continuationWriting: boolean;
  /**
   * few_shot for base models (the default), zero_shot for fine-tuned ones, omnisql for the SQL
   * specialists trained on OmniSQL's prompt (its SQL calls get that prompt; the others zero-shot).
   */
  promptStyle: 'few_shot' | 'zero_shot' | 'omnisql';
  temperature: number;
  topP: number;
  maxTokens: number;
  /** Time limit for each execution of a candidate SQL. */
  sqlTimeoutMs: number;
  /** Decode SQL under a grammar of the prompt's schema, where the engine takes one. */
  constrainSql: boolean;
  /** SQL samples the agreement vote draws in all (SQL₀ included); 1 switches the vote off. */
  samples: number;
  /** Temperature of the vote's extra samples. */
  sampleTemperature: number;
  /** Check suspicious results (values no row holds, fan-out, NULLs) and ask once for a fix. */
  resultChecks: boolean;
  /** Ask a thinking model to think, not to, or leave it to its default (absent: the default). */
  thinking?: ThinkingMode;
  /**
   * Tokens a thinking model may think, added to `maxTokens` (the answer room) on calls to a
   * model that thinks; absent: DEFAULT_THINKING_ALLOWANCE.
   */
  thinkingAllowance?: number;
}

export interface PipelineInput {
  question: string;
  hint: string;
  schema: DbSchema;
  settings: PipelineSettings;
  /** A follow-up's earlier turns, oldest first: every prompt shows them (budget permitting). */
  earlier?: readonly EarlierTurn[];
  /** Remembered examples and descriptions of this database (issue 19), for every prompt. */
  knowledge?: RunKnowledge;
}

/**
 * Where a re-run starts, with the value the person edited. The stages before it are kept as
 * they were; the stages from it on run again.
 */
export type ResumePoint =
  | { stage: 'sql_generation'; simplifiedSchema: SimplifiedSchema }
  | { stage: 'noise_correction'; sql: string }
  | { stage: 'continuation_writing'; sql: string; prefix?: string }
  | { stage: 'result'; sql: string };

export type ExecutionOutcome =
  { ok: true; result: QueryResult } | { ok: false; error: ErrorPayload };

/** What a stage parsed out of its answer(s); the editable value of the stage. */
export type StageOutput =
  | {
      stage: 'schema_linking';
      links: SimplifiedSchema | null;
      pseudoSql: string | null;
      simplifiedSchema: SimplifiedSchema;
    }
  /** `cut`: the answer was cut off, so SQL₀ may be a prefix; it is handed on unrun. */
  | { stage: 'sql_generation'; sql: string; cut?: CutBy }
  | { stage: 'noise_correction'; verdict: 'correct' | 'corrected'; sql: string | null }
  | { stage: 'continuation_writing'; prefix: string; sql: string }
  | { stage: 'result'; sql: string }
  | { stage: 'sample_vote'; sql: string }
  | { stage: 'result_checks'; sql: string | null };

/** One sample of the vote as the card shows it. */
export interface VoteSampleReport {
  sql: string | null;
  /** Index of its group in `groups`, null when it gave no SQL or its SQL failed. */
  group: number | null;
  /** Why it joined no group. */
  problem: string | null;
}

/** Structured facts a stage reports for its card section, beside the usual events. */
export type StageReport =
  | {
      kind: 'grammar';
      call: CallId;
      /** False when the switch was on but the engine took no grammar (`reason` says why). */
      constrained: boolean;
      reason: string | null;
      rules: number;
      bytes: number;
      /** The engine's grammar compile time, when it reports one (WebLLM's grammar_init_s). */
      compileMs: number | null;
    }
  | {
      kind: 'vote';
      samples: VoteSampleReport[];
      groups: { members: number[]; sql: string; variants: string[]; rowCount: number }[];
      agreeing: number;
      total: number;
      /** Extra tokens and time the k-1 extra samples cost. */
      completionTokens: number | null;
      elapsedMs: number;
    }
  | {
      kind: 'checks';
      /**
       * 'first_sql': the checks on SQL₀ as it ran before noise correction replaced it (shown
       * beside the checks on the current SQL; the correction call gets the current SQL's).
       */
      of?: 'first_sql';
      sql: string;
      findings: { kind: string; sentence: string; key: string }[];
      /** Findings on the correction's SQL, when one was asked for and ran. */
      after: { kind: string; sentence: string; key: string }[] | null;
    };

/**
 * Order: every stage from the start (or resume) point gets stage_started and, last, one
 * stage_finished (with its time), also when it was skipped (a `skipped` event in between) or
 * failed (a `stage_failed` in between: the stage stays failed, the run goes on where it can).
 * A stage may report several `executed` events: on a re-run, noise correction and continuation
 * writing first run the SQL they start from, then their own candidate. The run ends with `done`,
 * or with `stopped` (and no `done`) when the signal fires.
 */
export type PipelineEvent =
  | { type: 'stage_started'; stage: StageId; at: number }
  /** `budget`: the prompt's tokens as counted before sending, and what fitting it did. */
  | {
      type: 'prompt';
      stage: StageId;
      call: CallId;
      messages: ChatMessage[];
      budget?: PromptBudget;
      /** What the prompt used of the database's knowledge (absent: nothing). */
      knowledge?: KnowledgeUse;
    }
  | { type: 'token'; stage: StageId; call: CallId; text: string }
  /** The model's thinking as it streams (never part of `answer`, never parsed). */
  | { type: 'thinking'; stage: StageId; call: CallId; text: string }
  /** The call failed for a passing reason and is tried again: the text it streamed is void. */
  | { type: 'call_retry'; stage: StageId; call: CallId; retry: RetryNote }
  /**
   * finishReason is the engine's ('stop', 'length', 'other') or 'error' when the stream broke
   * (a stage_failed with the error follows). `notes` are sentences for the card, e.g. that the
   * answer was cut off at the token limit.
   */
  | {
      type: 'call_finished';
      stage: StageId;
      call: CallId;
      answer: string;
      usage: ChatUsage;
      elapsedMs: number;
      finishReason: string;
      notes?: string[];
      /** Set when finish reason `length` cut the answer: which limit did. */
      cut?: CutBy;
      /** The model's thinking, split off the answer (absent when it did not think). */
      thinking?: string;
      /** Tokens of that thinking, as the run's counter or the engine counted them. */
      thinkingTokens?: number | null;
      /** The answer was cut before the model finished thinking: there is no answer. */
      cutWhileThinking?: boolean;
    }
  /** `notes`: fallbacks the stage took, in sentences for the card (e.g. invalid JSON, so the pseudo-SQL alone was used). */
  | { type: 'parsed'; stage: StageId; output: StageOutput; notes?: string[] }
  | { type: 'executed'; stage: StageId; sql: string; outcome: ExecutionOutcome }
  /** The stage's SQL became the current SQL; `reason` is the sentence the card shows. */
  | { type: 'adopted'; stage: StageId; sql: string; reason: string }
  | { type: 'rejected'; stage: StageId; reason: string }
  | { type: 'report'; stage: StageId; report: StageReport }
  | { type: 'skipped'; stage: StageId; reason: string }
  | { type: 'stage_failed'; stage: StageId; error: ErrorPayload }
  | { type: 'stage_finished'; stage: StageId; elapsedMs: number }
  | { type: 'stopped'; stage: StageId | null }
  | { type: 'done'; finalSql: string | null; outcome: ExecutionOutcome | null };
