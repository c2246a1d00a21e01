/**
 * The evaluation's memory rows (PIPELINE.md): for each question, the memory holds the other
 * questions of the same database with their gold SQL, leaving out every example whose gold SQL
 * equals the question's own after normalisation, so a paraphrase of the same query does not
 * hand the model its answer.
 */
import { normalizeSql } from '../sql/normalize-sql';
import type { KnowledgeExample } from './types';

export interface GoldQuestion {
  /** Unique within the benchmark (its index or question_id). */
  key: string;
  dbId: string;
  question: string;
  hint: string;
  sql: string;
}

/** Every question of the benchmark as an example, grouped by database (built once per run). */
export function benchmarkMemory(
  questions: readonly GoldQuestion[],
): Map<string, KnowledgeExample[]> {
  const byDb = new Map<string, KnowledgeExample[]>();
  for (const q of questions) {
    let list = byDb.get(q.dbId);
    if (!list) byDb.set(q.dbId, (list = []));
    list.push({
      id: q.key,
      question: q.question,
      hint: q.hint,
      sql: q.sql,
      source: 'benchmark',
      addedAt: 0,
    });
  }
  return byDb;
}

/**
 * The SQL as the rule compares it: the pipeline's normalisation (spacing, a final `;`, case of
 * keywords and names) made stricter, because a leak is worse than one example fewer: string
 * values' case too (Spider asks 'Timmothy' and 'timmothy'), spacing around operators and
 * brackets, and name quoting ("Name" and Name are the same column).
 */
export function leaveOutKey(sql: string): string {
  return normalizeSql(sql)
    .toLowerCase()
    .replace(/["`]/g, '')
    .replace(/\s*([(),=<>!+\-*/|])\s*/g, '$1');
}

/** True for the examples `question` must not see: itself, and any with the same gold SQL. */
export function leaveOut(question: GoldQuestion): (example: KnowledgeExample) => boolean {
  const own = leaveOutKey(question.sql);
  return (example) => example.id === question.key || leaveOutKey(example.sql) === own;
}
