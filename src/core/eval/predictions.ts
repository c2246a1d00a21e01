/**
 * Prediction files, read and written in the two official formats:
 * - Spider's `predict.txt`: one SQL per line, in question order, optionally followed by a tab and
 *   the db_id. Blank lines are skipped, as Spider's evaluation.py skips them.
 * - BIRD's JSON: `{"0": "SQL\t----- bird -----\tdb_id", ...}`, keyed by question position.
 */
import { AppError } from '../errors';
import type { Benchmark } from './benchmark';

export const BIRD_SEPARATOR = '\t----- bird -----\t';

export interface ImportedPredictions {
  format: 'spider' | 'bird';
  /** One per benchmark question, in file order; null where the file has none. */
  sql: (string | null)[];
  /** How many questions got a prediction. */
  count: number;
  /** Sentences worth showing (fewer predictions than questions, ...). */
  warnings: string[];
}

function invalid(name: string, problem: string): AppError {
  return new AppError(
    'invalid_predictions',
    `${name} cannot be read as predictions: ${problem}`,
    'Use Spider\'s predict.txt (one SQL per line, optionally a tab and the db_id) or BIRD\'s JSON ({"0": "SQL\\t----- bird -----\\tdb_id"}).',
  );
}

/** Reads a prediction file for `benchmark`, telling the format from the content. */
export function parsePredictions(
  text: string,
  name: string,
  benchmark: Benchmark,
): ImportedPredictions {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  return trimmed.startsWith('{')
    ? parseBirdPredictions(trimmed, name, benchmark)
    : parseSpiderPredictions(text, name, benchmark);
}

function wrongOrder(
  name: string,
  where: string,
  dbId: string,
  position: number,
  expected: string,
): AppError {
  return invalid(
    name,
    `${where} is for database "${dbId}" but question ${position} asks "${expected}": the file does not follow this benchmark's order.`,
  );
}

export function parseSpiderPredictions(
  text: string,
  name: string,
  benchmark: Benchmark,
): ImportedPredictions {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() !== '');
  const questions = benchmark.questions;
  if (lines.length === 0) throw invalid(name, 'the file has no SQL lines.');
  if (lines.length > questions.length) {
    throw invalid(name, `it has ${lines.length} predictions for ${questions.length} questions.`);
  }
  const sql: (string | null)[] = questions.map(() => null);
  lines.forEach(({ line, number }, i) => {
    const [query = '', dbId = ''] = line.trim().split('\t');
    const question = questions[i];
    if (!question) return;
    if (dbId.trim() !== '' && dbId.trim() !== question.dbId) {
      throw wrongOrder(name, `line ${number}`, dbId.trim(), i + 1, question.dbId);
    }
    sql[i] = query.trim();
  });
  const warnings =
    lines.length < questions.length
      ? [`${lines.length} predictions for ${questions.length} questions: the rest score 0.`]
      : [];
  return { format: 'spider', sql, count: lines.length, warnings };
}

export function parseBirdPredictions(
  text: string,
  name: string,
  benchmark: Benchmark,
): ImportedPredictions {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalid(name, `it is not valid JSON (${(error as Error).message}).`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid(name, 'it is not a JSON object keyed by question number.');
  }
  const questions = benchmark.questions;
  const sql: (string | null)[] = questions.map(() => null);
  let count = 0;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0)
      throw invalid(name, `the key "${key}" is not a question number.`);
    const question = questions[index];
    if (!question)
      throw invalid(name, `the key "${key}" is past the last of ${questions.length} questions.`);
    if (typeof value !== 'string') throw invalid(name, `the value for "${key}" is not text.`);
    const at = value.lastIndexOf(BIRD_SEPARATOR);
    const query = at < 0 ? value : value.slice(0, at);
    const dbId = at < 0 ? '' : value.slice(at + BIRD_SEPARATOR.length).trim();
    if (dbId !== '' && dbId !== question.dbId) {
      throw wrongOrder(name, `key "${key}"`, dbId, index + 1, question.dbId);
    }
    sql[index] = query.trim();
    count++;
  }
  const warnings =
    count < questions.length
      ? [`${count} predictions for ${questions.length} questions: the rest score 0.`]
      : [];
  return { format: 'bird', sql, count, warnings };
}

/** One line per SQL: the formats are line-based and tab-separated. */
function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

/**
 * A predict.txt line for a question without a prediction: it must not be blank (the official
 * script skips blank lines and would misalign every later line) and must score 0.
 */
export const NO_PREDICTION_SQL = 'SELECT no_prediction';

/** Spider's predict.txt for predictions in question order (null where none). */
export function toSpiderPredictions(sql: readonly (string | null)[]): string {
  return sql.map((s) => (s && s.trim() ? oneLine(s) : NO_PREDICTION_SQL)).join('\n') + '\n';
}

/** BIRD's prediction JSON; `dbIds` in the same order. */
export function toBirdPredictions(
  sql: readonly (string | null)[],
  dbIds: readonly string[],
): string {
  const entries = sql.map((s, i) => [
    String(i),
    `${s ? oneLine(s) : ''}${BIRD_SEPARATOR}${dbIds[i] ?? ''}`,
  ]);
  return JSON.stringify(Object.fromEntries(entries), null, 2) + '\n';
}
