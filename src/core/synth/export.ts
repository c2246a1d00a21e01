/**
 * Step 5, the files: sft.jsonl and dpo.jsonl (training), pairs.json (the kept pairs as a BIRD-format
 * benchmark the evaluation lab runs as it is), filtered.jsonl (what the judge or the person took
 * out, with why), and summary.md (the counts of every step). A pure function of the run state.
 */
import type { SynthesisEnd, SynthRunState, DropReason } from './types';
import { filterReason, isKept } from './types';
import { TASKS, type TaskName, type TrainingSamples } from './multitask';

/** One question of BIRD's dev.json. */
export interface BirdQuestion {
  question_id: number;
  db_id: string;
  question: string;
  evidence: string;
  SQL: string;
  difficulty: string;
}

export interface SynthCounts {
  rounds: number;
  written: number;
  checked: number;
  dropped: Record<DropReason, number>;
  end: SynthesisEnd | null;
  judgedMatch: number;
  judgedMismatch: number;
  judgeFailed: number;
  notJudged: number;
  accepted: number;
  rejected: number;
  edited: number;
  training: number;
  filtered: number;
  weakQuestions: number;
  weakAnswers: number;
  weakRight: number;
  weakWrong: number;
  /** Weak answers a server error left unscored (asked again by the next weak step). */
  weakUnscored: number;
  sft: Record<TaskName, number>;
  dpo: number;
}

export function countRun(state: SynthRunState, samples?: TrainingSamples): SynthCounts {
  const dropped: Record<DropReason, number> = {
    sql_error: 0,
    timeout: 0,
    no_rows: 0,
    duplicate: 0,
    not_a_query: 0,
  };
  for (const d of state.dropped) dropped[d.reason]++;
  const judged = state.pairs.map((p) => p.judge);
  const answers = state.pairs.filter(isKept).flatMap((p) => p.weak ?? []);
  const sft = Object.fromEntries(TASKS.map((t) => [t, 0])) as Record<TaskName, number>;
  for (const s of samples?.sft ?? []) sft[s.task]++;
  const training = state.pairs.filter(isKept).length;
  return {
    rounds: state.rounds.length,
    written: state.rounds.reduce((n, r) => n + r.written, 0),
    checked: state.pairs.length,
    dropped,
    end: state.end,
    judgedMatch: judged.filter((j) => j?.status === 'judged' && j.match).length,
    judgedMismatch: judged.filter((j) => j?.status === 'judged' && !j.match).length,
    judgeFailed: judged.filter((j) => j?.status === 'failed').length,
    notJudged: judged.filter((j) => j === null).length,
    accepted: state.pairs.filter((p) => p.review === 'accepted').length,
    rejected: state.pairs.filter((p) => p.review === 'rejected').length,
    edited: state.pairs.filter((p) => p.edited).length,
    training,
    filtered: state.pairs.length - training,
    weakQuestions: state.pairs.filter((p) => isKept(p) && p.weak !== null).length,
    weakAnswers: answers.length,
    weakRight: answers.filter((a) => a.match).length,
    weakWrong: answers.filter((a) => !a.match && !a.serverError).length,
    weakUnscored: answers.filter((a) => a.serverError).length,
    sft,
    dpo: samples?.dpo.length ?? 0,
  };
}

export const END_SENTENCE: Record<SynthesisEnd, string> = {
  reached_target: 'Synthesis stopped because the target number of pairs was kept.',
  no_new_pairs: 'Synthesis stopped because a round added no new pair.',
  round_limit: 'Synthesis stopped at the round limit.',
};

/** A database's name in a benchmark (the file name without its extension: `<db_id>.sqlite`). */
export function databaseId(fileName: string): string {
  return fileName.replace(/\.(sqlite3?|db3?)$/i, '') || fileName;
}

export function birdPairs(state: SynthRunState): BirdQuestion[] {
  return state.pairs.filter(isKept).map((pair, index) => ({
    question_id: index,
    db_id: state.dbId,
    question: pair.question,
    evidence: pair.evidence,
    SQL: pair.sql,
    difficulty: pair.difficulty ?? 'simple',
  }));
}

export function filteredLines(state: SynthRunState): string {
  return jsonLines(
    state.pairs
      .filter((p) => !isKept(p))
      .map((p) => ({
        id: p.id,
        db_id: state.dbId,
        question: p.question,
        evidence: p.evidence,
        SQL: p.sql,
        difficulty: p.difficulty,
        reason: filterReason(p),
      })),
  );
}

export function jsonLines(items: unknown[]): string {
  return items.map((item) => JSON.stringify(item)).join('\n') + (items.length > 0 ? '\n' : '');
}

export function summaryMarkdown(state: SynthRunState, counts: SynthCounts): string {
  const row = (what: string, n: number | string) => `| ${what} | ${n} |`;
  const lines = [
    `# Training data for \`${state.dbId}\``,
    '',
    state.end ? END_SENTENCE[state.end] : 'Synthesis has not finished.',
    '',
    '| step | count |',
    '| --- | --- |',
    row('synthesis rounds', counts.rounds),
    row('pairs written by the strong model', counts.written),
    row('pairs kept after running them', counts.checked),
    row('dropped: SQL error', counts.dropped.sql_error),
    row('dropped: time limit', counts.dropped.timeout),
    row('dropped: no rows', counts.dropped.no_rows),
    row('dropped: near-duplicate', counts.dropped.duplicate),
    row('dropped: not a query', counts.dropped.not_a_query),
    row('judge: SQL answers the question', counts.judgedMatch),
    row('judge: SQL does not answer it (filtered)', counts.judgedMismatch),
    row('judge: no verdict', counts.judgeFailed),
    row('accepted in review', counts.accepted),
    row('rejected in review', counts.rejected),
    row('edited in review', counts.edited),
    row('pairs in training (pairs.json)', counts.training),
    row('pairs filtered (filtered.jsonl)', counts.filtered),
    row('weak answers', counts.weakAnswers),
    row('weak answers right by execution', counts.weakRight),
    row('weak answers wrong (preference pairs come from these)', counts.weakWrong),
    row('weak answers not scored (server error; the weak step asks again)', counts.weakUnscored),
    ...TASKS.map((task) => row(`sft.jsonl: ${task}`, counts.sft[task])),
    row('dpo.jsonl: preference pairs', counts.dpo),
    '',
    `Settings: target ${state.settings.target} pairs, ${state.settings.samples} weak sample(s) per question, ${state.settings.pairsPerRound} pairs per round.`,
    '',
  ];
  return lines.join('\n');
}

export interface ExportFiles {
  'sft.jsonl': string;
  'dpo.jsonl': string;
  'pairs.json': string;
  'filtered.jsonl': string;
  'summary.md': string;
}

export function exportFiles(state: SynthRunState, samples: TrainingSamples): ExportFiles {
  const counts = countRun(state, samples);
  return {
    'sft.jsonl': jsonLines(samples.sft),
    'dpo.jsonl': jsonLines(samples.dpo),
    'pairs.json': `${JSON.stringify(birdPairs(state), null, 2)}\n`,
    'filtered.jsonl': filteredLines(state),
    'summary.md': summaryMarkdown(state, counts),
  };
}
