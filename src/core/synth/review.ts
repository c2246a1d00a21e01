/**
 * Review before export: the person accepts or rejects a pair (overriding the judge), or edits
 * it, which runs it again through every step (the check, the judge, the weak answers), since
 * each of their results belonged to the old text.
 */
import { AppError } from '../errors';
import { judgePair, type JudgeDeps } from './judge';
import {
  isKept,
  type RawPair,
  type ReviewDecision,
  type SynthPair,
  type SynthRunState,
} from './types';
import { checkPair, DuplicateIndex } from './validate';
import { answerPair, type WeakDeps } from './weak';

function pairAt(state: SynthRunState, id: string): number {
  const index = state.pairs.findIndex((p) => p.id === id);
  if (index < 0) throw new AppError('unknown', `No pair ${id} in this run.`);
  return index;
}

export function setReview(
  state: SynthRunState,
  id: string,
  decision: ReviewDecision,
): SynthRunState {
  const next = structuredClone(state);
  (next.pairs[pairAt(next, id)] as SynthPair).review = decision;
  return next;
}

export type PairEdit = Pick<RawPair, 'question' | 'sql' | 'evidence' | 'difficulty'>;

/**
 * The pair with the person's text, checked, judged and answered again. Rejects (and changes
 * nothing) when the new SQL fails, returns no rows, or repeats another pair.
 */
export async function editPair(
  state: SynthRunState,
  id: string,
  edit: PairEdit,
  deps: { judge: JudgeDeps; weak: WeakDeps | null },
  signal?: AbortSignal,
): Promise<SynthRunState> {
  const sql = edit.sql.trim().replace(/;\s*$/, '');
  const question = edit.question.trim();
  if (question === '' || sql === '')
    throw new AppError('unknown', 'A pair needs a question and a SQL query.', 'Fill in both.');
  const check = await checkPair(deps.judge.db, { sql }, state.settings.sqlTimeoutMs);
  if (!check.ok) {
    throw new AppError(
      check.reason === 'timeout' ? 'timeout' : 'sql_error',
      `The edited SQL cannot be kept: ${check.detail}`,
      'Fix the SQL so that it runs and returns rows, then save again.',
      check.detail,
    );
  }
  const others = new DuplicateIndex();
  for (const other of state.pairs) if (other.id !== id) others.add(other.id, other);
  const repeated = others.repeats({ question, sql, resultKey: check.resultKey });
  if (repeated !== null) {
    throw new AppError(
      'unknown',
      `The edited pair repeats ${repeated} (the same question, or the same SQL and result).`,
      'Change the question or the SQL, or reject this pair instead.',
    );
  }
  const next = structuredClone(state);
  const pair = next.pairs[pairAt(next, id)] as SynthPair;
  Object.assign(pair, {
    question,
    sql,
    evidence: edit.evidence.trim(),
    difficulty: edit.difficulty,
    rowCount: check.result.rows.length,
    resultKey: check.resultKey,
    judge: null,
    weak: null,
    review: 'none',
    edited: true,
  } satisfies Partial<SynthPair>);
  pair.judge = await judgePair(pair, deps.judge, state.settings.sqlTimeoutMs, signal);
  if (deps.weak && isKept(pair))
    pair.weak = await answerPair(pair, deps.weak, state.settings, signal);
  return next;
}
