/**
 * What an evaluation keeps per question and setting, and the summary tables built from it:
 * execution accuracy overall and per difficulty, per agreement level of the vote (is agreement a
 * confidence signal?), and per stage how often it ran, was adopted, turned a wrong SQL right or
 * a right one wrong, with the cost per question.
 */
import type { RunRecord } from '../history/run-record';
import type { StageId } from '../pipeline/events';
import { addReasonCounts } from '../llm/retry';

/** The stages that can change the SQL, in pipeline order (the result stage only runs it). */
export const SCORED_STAGES = [
  'schema_linking',
  'sql_generation',
  'sample_vote',
  'noise_correction',
  'result_checks',
  'continuation_writing',
] as const satisfies readonly StageId[];
export type ScoredStage = (typeof SCORED_STAGES)[number];

export interface StageResult {
  stage: ScoredStage;
  ran: boolean;
  adopted: boolean;
  /** Did the SQL the stage started from match the gold? null when there was none. */
  matchBefore: boolean | null;
  /** Did the SQL it passed on match? null when there was none. */
  matchAfter: boolean | null;
}

export interface QuestionResult {
  settingId: string;
  index: number;
  questionId: string;
  dbId: string;
  difficulty: string | null;
  predSql: string | null;
  match: boolean;
  /** The gold SQL itself failed: the question is left out of EX. */
  goldFailed: boolean;
  reason: string;
  /** Why the pipeline gave no SQL (a model error), when it did not. */
  pipelineError: string | null;
  /**
   * Set when a call failed for the server's passing reason (429, 5xx, a cut stream) even after
   * its retries: the question is "not scored (server error)", counted apart and run again on
   * resume. Holds the error. Absent: scored.
   */
  unscored?: string;
  /** Calls tried again, by reason ({ "429": 2 }); absent when none was. */
  retries?: Record<string, number>;
  stages: StageResult[];
  /** How many of the vote's samples agreed with the adopted SQL; absent when the run did not vote. */
  agreement?: Agreement | null;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  elapsedMs: number;
  /** The run as the Ask view shows it (compacted), for "Open run"; absent for imported predictions and in CLI files. */
  run?: RunRecord;
}

export interface Tally {
  matched: number;
  total: number;
}

export interface Agreement {
  agreeing: number;
  total: number;
}

/** EX of the questions whose vote ended at one agreement level ("4 of 5 agree"). */
export interface AgreementTally extends Agreement {
  ex: Tally;
}

export function agreementLabel(a: Agreement): string {
  return `${a.agreeing} of ${a.total} agree`;
}

export interface StageTally {
  ran: number;
  adopted: number;
  wrongToRight: number;
  rightToWrong: number;
}

export interface SettingSummary {
  settingId: string;
  /** EX over the scored questions. */
  overall: Tally;
  /** EX over every question that ran, the unscored ones counted as not matched. */
  overAll: Tally;
  /** Questions not scored: a server error outlasted the retries. */
  unscored: number;
  /** Calls tried again, by reason. */
  retries: Record<string, number>;
  byDifficulty: Record<string, Tally>;
  /** For the questions that voted: EX per agreement level, most agreement first. */
  byAgreement: AgreementTally[];
  /** Questions left out because their gold SQL failed. */
  goldFailed: number;
  stages: Record<ScoredStage, StageTally>;
  /** Means per scored question. */
  callsPerQuestion: number;
  tokensPerQuestion: number;
  secondsPerQuestion: number;
}

export function percent(tally: Tally): string {
  return tally.total === 0 ? '-' : `${((100 * tally.matched) / tally.total).toFixed(1)}%`;
}

/** The line `npm run eval` ends with and tests look for: `EX 12/20 (60.0%)`. */
export function exLine(tally: Tally): string {
  return `EX ${tally.matched}/${tally.total} (${percent(tally)})`;
}

/** How the unscored are named everywhere (CLI, summary.md, the view, exports). */
export const NOT_SCORED = 'not scored (server error)';

/**
 * EX as a summary states it: one line when every question was scored; with unscored ones, EX
 * over the scored and EX over all with the unscored shown, so the two are never mistaken.
 */
export function exLines(
  summary: Pick<SettingSummary, 'overall' | 'overAll' | 'unscored'>,
): string[] {
  if (summary.unscored === 0) return [exLine(summary.overall)];
  return [
    `${exLine(summary.overall)} over the ${summary.overall.total} scored questions`,
    `${exLine(summary.overAll)} over all ${summary.overAll.total} questions, ${summary.unscored} ${NOT_SCORED}`,
  ];
}

/** Whether a result counts: scored, and its gold ran. */
export function isScored(result: QuestionResult): boolean {
  return !result.goldFailed && result.unscored === undefined;
}

/**
 * One result per (setting, question), the latest: a resumed run appends the re-run of an
 * unscored question after it.
 */
export function latestResults(results: readonly QuestionResult[]): QuestionResult[] {
  const byJob = new Map<string, QuestionResult>();
  for (const r of results) byJob.set(`${r.settingId}#${r.index}`, r);
  return [...byJob.values()];
}

/** `results` with `result` in place of the earlier result of its job, or added. */
export function withResult(
  results: readonly QuestionResult[],
  result: QuestionResult,
): QuestionResult[] {
  const at = results.findIndex((r) => r.settingId === result.settingId && r.index === result.index);
  if (at < 0) return [...results, result];
  const next = results.slice();
  next[at] = result;
  return next;
}

/** Stage tallies for one question: a stage turned the SQL wrong->right when it was adopted and the match flipped. */
function addStage(tally: StageTally, stage: StageResult): void {
  if (stage.ran) tally.ran++;
  if (!stage.adopted) return;
  tally.adopted++;
  if (stage.matchBefore === false && stage.matchAfter === true) tally.wrongToRight++;
  if (stage.matchBefore === true && stage.matchAfter === false) tally.rightToWrong++;
}

function emptyStages(): Record<ScoredStage, StageTally> {
  const zero = (): StageTally => ({ ran: 0, adopted: 0, wrongToRight: 0, rightToWrong: 0 });
  return Object.fromEntries(SCORED_STAGES.map((stage) => [stage, zero()])) as Record<
    ScoredStage,
    StageTally
  >;
}

/** Scored results grouped by agreement level: more samples first, then more agreeing. */
export function exByAgreement(results: readonly QuestionResult[]): AgreementTally[] {
  const levels = new Map<string, AgreementTally>();
  for (const r of results) {
    if (!isScored(r) || !r.agreement) continue;
    const key = `${r.agreement.agreeing}/${r.agreement.total}`;
    let level = levels.get(key);
    if (!level) {
      level = { ...r.agreement, ex: { matched: 0, total: 0 } };
      levels.set(key, level);
    }
    level.ex.total++;
    if (r.match) level.ex.matched++;
  }
  return [...levels.values()].sort((a, b) => b.total - a.total || b.agreeing - a.agreeing);
}

/**
 * Is agreement a confidence signal? EX when every sample agreed against EX when they split, in
 * a sentence; null when no question voted, or all ended at one kind of level.
 */
export function agreementSignal(levels: readonly AgreementTally[]): string | null {
  const unanimous: Tally = { matched: 0, total: 0 };
  const split: Tally = { matched: 0, total: 0 };
  for (const level of levels) {
    const into = level.agreeing === level.total ? unanimous : split;
    into.matched += level.ex.matched;
    into.total += level.ex.total;
  }
  if (unanimous.total === 0 || split.total === 0) return null;
  const rate = (t: Tally) => t.matched / t.total;
  const verdict = rate(unanimous) > rate(split) ? 'higher' : 'not higher';
  return `EX is ${verdict} when every sample agrees: ${percent(unanimous)} (${unanimous.matched}/${unanimous.total}) against ${percent(split)} (${split.matched}/${split.total}) when they split.`;
}

export function summarize(results: readonly QuestionResult[], settingId: string): SettingSummary {
  const overall: Tally = { matched: 0, total: 0 };
  const byDifficulty: Record<string, Tally> = {};
  const stages = emptyStages();
  let goldFailed = 0;
  let unscored = 0;
  const retries: Record<string, number> = {};
  let calls = 0;
  let tokens = 0;
  let ms = 0;
  for (const r of results) {
    if (r.settingId !== settingId) continue;
    addReasonCounts(retries, r.retries);
    if (r.goldFailed) {
      goldFailed++;
      continue;
    }
    if (r.unscored !== undefined) {
      unscored++;
      continue;
    }
    overall.total++;
    if (r.match) overall.matched++;
    if (r.difficulty) {
      const tally = (byDifficulty[r.difficulty] ??= { matched: 0, total: 0 });
      tally.total++;
      if (r.match) tally.matched++;
    }
    for (const stage of r.stages) addStage(stages[stage.stage], stage);
    calls += r.calls;
    tokens += r.promptTokens + r.completionTokens;
    ms += r.elapsedMs;
  }
  const n = Math.max(1, overall.total);
  return {
    settingId,
    overall,
    overAll: { matched: overall.matched, total: overall.total + unscored },
    unscored,
    retries,
    byDifficulty,
    byAgreement: exByAgreement(results.filter((r) => r.settingId === settingId)),
    goldFailed,
    stages,
    callsPerQuestion: calls / n,
    tokensPerQuestion: tokens / n,
    secondsPerQuestion: ms / 1000 / n,
  };
}
