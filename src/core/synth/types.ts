/**
 * The data lab's run state: everything a synthesis run has produced so far, as plain data, so
 * that the command line can write it to disk and resume from it, the Data view can keep it in the
 * store, and the exports are a pure function of it.
 */
import type { ErrorPayload } from '../errors';

export type Difficulty = 'simple' | 'moderate' | 'challenging';
export const DIFFICULTIES: readonly Difficulty[] = ['simple', 'moderate', 'challenging'];

/** A pair as the strong model wrote it, before any check. */
export interface RawPair {
  question: string;
  sql: string;
  evidence: string;
  difficulty: Difficulty | null;
}

/** Why a written pair was not kept. */
export type DropReason = 'sql_error' | 'timeout' | 'no_rows' | 'duplicate' | 'not_a_query';

export interface DroppedPair extends RawPair {
  round: number;
  reason: DropReason;
  /** SQLite's message, or which kept pair it repeats. */
  detail: string;
}

/** The judge's word on one pair ("noisy correspondence" filter). */
export type JudgeVerdict =
  | { status: 'judged'; match: boolean; reason: string }
  /** The call failed or its answer could not be read: the pair waits for review. */
  | { status: 'failed'; error: ErrorPayload; answer: string };

/** One sample of the weak model's answer to a kept question. */
export interface WeakAnswer {
  sample: number;
  /** The model's whole answer. */
  answer: string;
  /** The SQL found in it (null: none, or the call failed). */
  sql: string | null;
  /** Compared with the strong SQL by execution (false for no SQL, an error or a timeout). */
  match: boolean;
  /** Why it does not match: SQLite's message, no SQL, a cut answer, a failed call. */
  note: string | null;
  /** SQLite's message when the weak SQL failed to run (noise-correction samples show it). */
  sqlError: string | null;
  /**
   * The call kept failing for the server's passing reason (429, 5xx, a cut stream) after its
   * retries: the answer is not scored, neither right nor wrong, and the weak step asks again.
   */
  serverError?: boolean;
}

/** The person's decision in review; it overrides the judge. */
export type ReviewDecision = 'none' | 'accepted' | 'rejected';

export interface SynthPair extends RawPair {
  /** Stable within a run: "p1", "p2", ... (the BIRD export numbers pairs from 0 in order). */
  id: string;
  round: number;
  /** What the SQL returned when it was checked (for the near-duplicate rule). */
  rowCount: number;
  resultKey: string;
  judge: JudgeVerdict | null;
  /** null until the weak model answered. */
  weak: WeakAnswer[] | null;
  review: ReviewDecision;
  /** True once the person edited the pair (the export keeps their text). */
  edited: boolean;
}

export interface RoundRecord {
  index: number;
  /** The tables and difficulty this round asked for. */
  focusTables: string[];
  difficulty: Difficulty;
  asked: number;
  /** Pairs read from the answer. */
  written: number;
  kept: number;
  /** Set when the answer could not be read at all, or the call failed. */
  error: ErrorPayload | null;
}

/** How synthesis ended: with N pairs, or because a round added nothing new (or the round limit). */
export type SynthesisEnd = 'reached_target' | 'no_new_pairs' | 'round_limit';

export interface SynthSettings {
  /** How many pairs to keep. */
  target: number;
  /** Weak answers per question. */
  samples: number;
  /** Pairs asked for in one call. */
  pairsPerRound: number;
  maxRounds: number;
  concurrency: number;
  sqlTimeoutMs: number;
  /** Ask for a BIRD-style evidence sentence where the question needs one. */
  withEvidence: boolean;
}

export const DEFAULT_SYNTH_SETTINGS: SynthSettings = {
  target: 50,
  samples: 1,
  pairsPerRound: 10,
  maxRounds: 30,
  concurrency: 4,
  sqlTimeoutMs: 5000,
  withEvidence: true,
};

export interface SynthRunState {
  version: 1;
  /** The database the pairs are about (a file name; the BIRD export's db_id). */
  dbId: string;
  settings: SynthSettings;
  rounds: RoundRecord[];
  end: SynthesisEnd | null;
  pairs: SynthPair[];
  dropped: DroppedPair[];
  /** The next pair number (ids are never reused, even after a pair is edited away). */
  nextId: number;
}

export function emptyRunState(dbId: string, settings: SynthSettings): SynthRunState {
  return { version: 1, dbId, settings, rounds: [], end: null, pairs: [], dropped: [], nextId: 1 };
}

/** A pair goes to training when the person accepted it, or the judge said it matches and nobody rejected it. */
export function isKept(pair: SynthPair): boolean {
  if (pair.review === 'accepted') return true;
  if (pair.review === 'rejected') return false;
  return pair.judge?.status === 'judged' && pair.judge.match;
}

/** Why a pair is not in training, for filtered.jsonl and the review list. */
export function filterReason(pair: SynthPair): string | null {
  if (isKept(pair)) return null;
  if (pair.review === 'rejected') return 'Rejected in review.';
  if (pair.judge === null) return 'Not judged yet.';
  if (pair.judge.status === 'failed')
    return `The judge gave no verdict: ${pair.judge.error.message}`;
  return pair.judge.reason || 'The judge found that the SQL does not answer the question.';
}
