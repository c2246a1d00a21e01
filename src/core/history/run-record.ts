/**
 * One pipeline run as the person watched it and as history keeps it: the same shape serves the
 * live stage cards (folded from the runner's events, see ./fold-events.ts) and the saved record,
 * so reopening a run from history shows exactly what was shown when it ran.
 */
import type { ErrorPayload } from '../errors';
import type { ChatMessage, ChatUsage, RetryNote } from '../llm/chat';
import type {
  CallId,
  ExecutionOutcome,
  PipelineSettings,
  SimplifiedSchema,
  StageId,
  StageOutput,
  StageReport,
} from '../pipeline/events';
import { STAGE_ORDER } from '../pipeline/events';
import type { CutBy } from '../pipeline/cut-answers';
import type { PromptBudget } from '../budget/call-prompt';
import type { KnowledgeUse } from '../knowledge/types';

export type StageStatus = 'idle' | 'running' | 'done' | 'failed' | 'skipped' | 'stale' | 'stopped';

export type RunStatus = 'running' | 'done' | 'failed' | 'stopped';

export interface CallRecord {
  call: CallId;
  messages: ChatMessage[];
  /** Grows token by token while the call streams; the whole answer once it finished. */
  answer: string;
  usage: ChatUsage | null;
  elapsedMs: number | null;
  finishReason: string | null;
  /** Which limit cut the answer, when finish reason `length` did (absent in older records). */
  cut?: CutBy | null;
  /** The prompt's tokens counted before sending and what fitting it to the window did. */
  budget?: PromptBudget | null;
  /** The remembered examples and descriptions the prompt used (absent: none, or older records). */
  knowledge?: KnowledgeUse | null;
  /**
   * The model's thinking, apart from the answer: grows while it streams (absent in records of
   * models that did not think, and in records saved before thinking was kept).
   */
  thinking?: string;
  /** Tokens of the thinking, once the call ended (null when nothing could count them). */
  thinkingTokens?: number | null;
  /** The limit was reached while the model was still thinking: there was no answer. */
  cutWhileThinking?: boolean;
  /** The tries that failed for a passing reason before the answer (absent: none, or older records). */
  retries?: RetryNote[];
}

export interface ExecutionRecord {
  sql: string;
  outcome: ExecutionOutcome;
}

export type StageVerdict =
  | { kind: 'adopted'; reason: string; sql: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'skipped'; reason: string };

/** What the person typed over a stage's output; the value a re-run starts from. */
export type StageEdit =
  | { stage: 'schema_linking'; simplifiedSchema: SimplifiedSchema }
  | { stage: 'sql_generation'; sql: string }
  | { stage: 'noise_correction'; sql: string }
  | { stage: 'continuation_writing'; prefix: string }
  | { stage: 'result'; sql: string };

export interface StageRecord {
  id: StageId;
  status: StageStatus;
  startedAt: number | null;
  elapsedMs: number | null;
  calls: CallRecord[];
  output: StageOutput | null;
  executions: ExecutionRecord[];
  verdict: StageVerdict | null;
  error: ErrorPayload | null;
  /** Sentences the runner added for the card (a fallback it took, an answer cut off). */
  notes: string[];
  /** Structured facts for the card's sections (grammar, vote, result checks). */
  reports: StageReport[];
  /** The current SQL when the stage began (what noise correction and continuation work on). */
  inputSql: string | null;
  /** The current SQL when the stage ended: its own adopted SQL, or what it passed along. */
  outputSql: string | null;
  /** Set when the person edited this stage's output. */
  edit: StageEdit | null;
  /** The edit is waiting for "Re-run from here". */
  rerunPending: boolean;
}

export interface DatabaseFingerprint {
  name: string;
  sizeBytes: number;
  tableCount: number;
  /** FNV-1a of the schema text: tells two databases with the same name apart. */
  schemaHash: string;
}

export interface ModelInfo {
  engine: string;
  modelId: string;
}

export interface ResultSummary {
  rowCount: number;
  columns: string[];
  truncated: boolean;
}

/**
 * Where a run sits in a thread of follow-up questions. Records saved before threads existed
 * have none: each is a thread of one turn (src/core/thread/thread.ts reads them so).
 */
export interface ThreadLink {
  id: string;
  /** 0 for the thread's first question. */
  turn: number;
  /** The earlier turns as they stood when this one was asked, oldest first. */
  earlier: ThreadTurn[];
}

/** An earlier turn as a later one keeps it: enough to show, export and prompt with. */
export interface ThreadTurn {
  runId: string;
  question: string;
  /** Its final (adopted) SQL; null when the run failed or adopted none. */
  sql: string | null;
  rowCount: number | null;
  status: RunStatus;
}

export interface EditLogEntry {
  at: number;
  edit: StageEdit;
}

export interface RunRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  status: RunStatus;
  question: string;
  hint: string;
  model: ModelInfo;
  settings: PipelineSettings;
  database: DatabaseFingerprint;
  stages: Record<StageId, StageRecord>;
  /** Every edit the person made, in order (a re-run keeps the record and adds to this). */
  edits: EditLogEntry[];
  /** The SQL the pipeline is holding right now (the latest adopted one). */
  currentSql: string | null;
  finalSql: string | null;
  finalOutcome: ExecutionOutcome | null;
  resultSummary: ResultSummary | null;
  /** Why the whole run ended early, when it did (a thrown error, not a stage's own failure). */
  error: ErrorPayload | null;
  /** How many of the vote's samples agreed with the adopted SQL; null without a vote. */
  agreement?: { agreeing: number; total: number } | null;
  /** The thread this run is a turn of (absent: a thread of its own, one turn). */
  thread?: ThreadLink;
}

export function emptyStage(id: StageId): StageRecord {
  return {
    id,
    status: 'idle',
    startedAt: null,
    elapsedMs: null,
    calls: [],
    output: null,
    executions: [],
    verdict: null,
    error: null,
    notes: [],
    reports: [],
    inputSql: null,
    outputSql: null,
    edit: null,
    rerunPending: false,
  };
}

export function emptyStages(): Record<StageId, StageRecord> {
  return Object.fromEntries(STAGE_ORDER.map((id) => [id, emptyStage(id)])) as Record<
    StageId,
    StageRecord
  >;
}

/**
 * A record as saved by an older version may lack stages added since (the vote, the result
 * checks) or a stage's newer fields: fill them in so every view can rely on the full shape.
 */
export function withAllStages(run: RunRecord): RunRecord {
  const stages = { ...run.stages };
  for (const id of STAGE_ORDER) stages[id] = { ...emptyStage(id), ...stages[id] };
  return { ...run, stages };
}

export interface NewRunInput {
  id: string;
  now: number;
  question: string;
  hint: string;
  model: ModelInfo;
  settings: PipelineSettings;
  database: DatabaseFingerprint;
  thread?: ThreadLink;
}

export function newRunRecord(input: NewRunInput): RunRecord {
  return {
    id: input.id,
    createdAt: input.now,
    updatedAt: input.now,
    finishedAt: null,
    status: 'running',
    question: input.question,
    hint: input.hint,
    model: input.model,
    settings: input.settings,
    database: input.database,
    stages: emptyStages(),
    edits: [],
    currentSql: null,
    finalSql: null,
    finalOutcome: null,
    resultSummary: null,
    error: null,
    ...(input.thread ? { thread: input.thread } : {}),
  };
}

/** Summed over a stage's calls; null when no call reported the figure. */
export function stageTokens(stage: StageRecord): {
  prompt: number | null;
  completion: number | null;
} {
  let prompt: number | null = null;
  let completion: number | null = null;
  for (const call of stage.calls) {
    if (call.usage?.promptTokens != null) prompt = (prompt ?? 0) + call.usage.promptTokens;
    if (call.usage?.completionTokens != null)
      completion = (completion ?? 0) + call.usage.completionTokens;
  }
  return { prompt, completion };
}

/**
 * Decode speed over the stage's calls: the engine's own figure when every call gave one,
 * else completion tokens over the calls' wall time.
 */
export function stageTokensPerSecond(stage: StageRecord): number | null {
  const finished = stage.calls.filter((call) => call.usage);
  if (finished.length === 0) return null;
  const reported = finished.map((call) => call.usage?.decodeTokensPerSecond ?? null);
  if (reported.every((value) => value != null)) {
    return (reported as number[]).reduce((a, b) => a + b, 0) / reported.length;
  }
  const { completion } = stageTokens(stage);
  const ms = finished.reduce((sum, call) => sum + (call.elapsedMs ?? 0), 0);
  if (completion == null || ms <= 0) return null;
  return (completion * 1000) / ms;
}

/**
 * What history keeps of a run: everything, except that result rows are cut to `maxRows` per
 * execution (the summary keeps the full count), so a big result does not fill IndexedDB.
 */
export function compactForHistory(run: RunRecord, maxRows = 100): RunRecord {
  const cut = (outcome: ExecutionOutcome): ExecutionOutcome =>
    outcome.ok && outcome.result.rows.length > maxRows
      ? {
          ok: true,
          result: {
            ...outcome.result,
            rows: outcome.result.rows.slice(0, maxRows),
            truncated: true,
          },
        }
      : outcome;
  const stages = Object.fromEntries(
    Object.entries(run.stages).map(([id, stage]) => [
      id,
      { ...stage, executions: stage.executions.map((e) => ({ ...e, outcome: cut(e.outcome) })) },
    ]),
  ) as Record<StageId, StageRecord>;
  return { ...run, stages, finalOutcome: run.finalOutcome && cut(run.finalOutcome) };
}
