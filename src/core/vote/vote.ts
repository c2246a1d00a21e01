/**
 * The k-sample agreement vote: every sample's SQL has run; samples whose results are the same
 * (by the evaluation lab's rule, passed in as `sameResult`) form a group, and the largest group's
 * SQL is adopted. A tie goes to the group holding the earliest sample, and the samples are
 * ordered so that the temperature-0 one comes first. A sample that gave no SQL, or whose SQL
 * failed, joins no group but still counts in "n of k agree".
 */
import type { QueryResult } from '../sql/result';

export interface VoteSample {
  sql: string | null;
  /** The result, or null when the sample gave no SQL or its SQL failed. */
  result: QueryResult | null;
}

export interface VoteGroup {
  /** Sample indexes, in order. */
  members: number[];
  /** The first member's SQL: the one adopted when this group wins. */
  sql: string;
  /** The other spellings in the group (same result, different SQL text). */
  variants: string[];
  rowCount: number;
}

export interface Vote {
  groups: VoteGroup[];
  winner: VoteGroup | null;
  /** Samples in the winning group. */
  agreeing: number;
  total: number;
  /** Samples that gave no SQL or whose SQL failed. */
  failed: number;
}

export type SameResult = (a: QueryResult, b: QueryResult) => boolean;

export function voteOnSamples(samples: VoteSample[], sameResult: SameResult): Vote {
  const groups: (VoteGroup & { result: QueryResult })[] = [];
  let failed = 0;
  samples.forEach((sample, index) => {
    if (sample.sql === null || sample.result === null) {
      failed++;
      return;
    }
    // Compared with each group's first result: the rule need not be transitive.
    const group = groups.find((g) => sameResult(g.result, sample.result as QueryResult));
    if (!group) {
      groups.push({
        members: [index],
        sql: sample.sql,
        variants: [],
        rowCount: sample.result.rows.length,
        result: sample.result,
      });
      return;
    }
    group.members.push(index);
    const spelled = [group.sql, ...group.variants].some((s) => s.trim() === sample.sql?.trim());
    if (!spelled) group.variants.push(sample.sql);
  });
  const ordered = groups
    .map(({ result: _result, ...g }) => g)
    .sort(
      (a, b) => b.members.length - a.members.length || (a.members[0] ?? 0) - (b.members[0] ?? 0),
    );
  const winner = ordered[0] ?? null;
  return {
    groups: ordered,
    winner,
    agreeing: winner?.members.length ?? 0,
    total: samples.length,
    failed,
  };
}

/** "4 of 5 agree", "no sample ran", "all 3 agree". */
export function agreementText(vote: Pick<Vote, 'agreeing' | 'total'>): string {
  if (vote.agreeing === 0) return vote.total === 1 ? 'the sample did not run' : 'no sample ran';
  if (vote.agreeing === vote.total && vote.total > 1) return `all ${vote.total} agree`;
  return `${vote.agreeing} of ${vote.total} agree`;
}

/** Agreement levels the evaluation lab reports EX by. */
export type AgreementLevel = 'all' | 'majority' | 'split';

export function agreementLevel(vote: Pick<Vote, 'agreeing' | 'total'>): AgreementLevel {
  if (vote.agreeing === vote.total) return 'all';
  return vote.agreeing * 2 > vote.total ? 'majority' : 'split';
}
