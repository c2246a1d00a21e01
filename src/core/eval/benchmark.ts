/**
 * Benchmark files: Spider's `[{db_id, question, query}]` and BIRD's
 * `[{question_id, db_id, question, evidence, SQL, difficulty}]`, read into one shape. A file that
 * is neither says which entry is wrong and how, so a person can fix it.
 */
import { AppError } from '../errors';

export type BenchmarkFormat = 'spider' | 'bird';

export interface BenchmarkQuestion {
  /** Position in the file: what predict.txt lines and BIRD's prediction keys refer to. */
  index: number;
  /** Stable id: BIRD's question_id, else the index, as text. */
  id: string;
  dbId: string;
  question: string;
  /** BIRD's evidence; empty for Spider. */
  hint: string;
  goldSql: string;
  /** BIRD's difficulty from the file (simple, moderate, challenging); Spider's is computed from the gold SQL. */
  difficulty: string | null;
}

export interface Benchmark {
  name: string;
  format: BenchmarkFormat;
  questions: BenchmarkQuestion[];
}

function invalid(name: string, problem: string): AppError {
  return new AppError(
    'invalid_benchmark',
    `${name} is not a benchmark file: ${problem}`,
    'Use Spider\'s format ([{"db_id", "question", "query"}]) or BIRD\'s ([{"question_id", "db_id", "question", "evidence", "SQL", "difficulty"}]).',
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a benchmark file's text. Throws an `invalid_benchmark` AppError naming the first bad entry. */
export function parseBenchmark(text: string, name: string): Benchmark {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalid(name, `it is not valid JSON (${(error as Error).message}).`);
  }
  if (!Array.isArray(data)) throw invalid(name, 'the top level is not a list of questions.');
  if (data.length === 0) throw invalid(name, 'the list of questions is empty.');
  const first: unknown = data[0];
  const format: BenchmarkFormat = isRecord(first) && 'SQL' in first ? 'bird' : 'spider';
  const sqlKey = format === 'bird' ? 'SQL' : 'query';
  const questions = data.map((entry: unknown, index): BenchmarkQuestion => {
    const where = `entry ${index + 1}`;
    if (!isRecord(entry)) throw invalid(name, `${where} is not an object.`);
    const text = (key: string, required: boolean): string => {
      const value = entry[key];
      if (typeof value === 'string' && (value.trim() !== '' || !required)) return value;
      if (value === undefined || value === null) {
        if (!required) return '';
        throw invalid(name, `${where} has no "${key}".`);
      }
      if (typeof value === 'number' && !required) return String(value);
      throw invalid(name, `${where} has an empty or non-text "${key}".`);
    };
    const dbId = text('db_id', true);
    const question = text('question', true);
    const goldSql = text(sqlKey, true);
    if (format === 'spider') {
      return { index, id: String(index), dbId, question, hint: '', goldSql, difficulty: null };
    }
    const qid = entry.question_id;
    return {
      index,
      id: typeof qid === 'number' || typeof qid === 'string' ? String(qid) : String(index),
      dbId,
      question,
      hint: text('evidence', false),
      goldSql,
      difficulty: text('difficulty', false) || null,
    };
  });
  return { name, format, questions };
}

/** The database ids a benchmark needs, each with how many questions ask it. */
export function databasesNeeded(benchmark: Benchmark): Map<string, number> {
  const counts = new Map<string, number>();
  for (const q of benchmark.questions) counts.set(q.dbId, (counts.get(q.dbId) ?? 0) + 1);
  return counts;
}
