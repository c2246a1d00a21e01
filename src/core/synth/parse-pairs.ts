/**
 * Reading the strong model's answer: a JSON array of `{"question", "sql", "evidence"?,
 * "difficulty"?}` objects, fenced or not, with prose around it, trailing commas, or cut off by
 * the token limit. Each complete object is read on its own, so one broken object (or a cut last
 * one) costs that object, not the whole answer.
 */
import { AppError } from '../errors';
import { DIFFICULTIES, type Difficulty, type RawPair } from './types';

export interface ParsedPairs {
  pairs: RawPair[];
  /** Objects that were not pairs (no question or no SQL, or not JSON). */
  skipped: number;
  /** The answer stopped inside the array (a token limit): the last object was lost. */
  cut: boolean;
}

/** Top-level `{...}` texts inside the array that starts at `start`; `cut` when the array never closes. */
function objectTexts(text: string, start: number): { objects: string[]; cut: boolean } {
  const objects: string[] = [];
  let depth = 0;
  let inString = false;
  let objectStart = -1;
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0 && ch === '{') objectStart = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      if (depth === 0 && ch === ']') return { objects, cut: false };
      depth--;
      if (depth === 0 && ch === '}' && objectStart >= 0) {
        objects.push(text.slice(objectStart, i + 1));
        objectStart = -1;
      }
    }
  }
  return { objects, cut: true };
}

/** JSON with the slips models make: trailing commas, and raw line breaks inside strings. */
function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the repaired text
  }
  let repaired = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      if (ch === '\\') {
        repaired += ch + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === '"') inString = false;
      repaired += ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : ch === '\r' ? '' : ch;
      continue;
    }
    if (ch === '"') inString = true;
    repaired += ch;
  }
  repaired = repaired.replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(repaired);
}

function stringField(record: Record<string, unknown>, ...names: string[]): string {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return '';
}

export function readDifficulty(value: unknown): Difficulty | null {
  if (typeof value !== 'string') return null;
  const word = value.trim().toLowerCase();
  if ((DIFFICULTIES as readonly string[]).includes(word)) return word as Difficulty;
  // Spider's words, which models trained on it tend to use.
  if (word === 'easy') return 'simple';
  if (word === 'medium') return 'moderate';
  if (word === 'hard' || word === 'extra' || word === 'extra hard') return 'challenging';
  return null;
}

function toPair(value: unknown): RawPair | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const question = stringField(record, 'question', 'Question');
  const sql = stringField(record, 'sql', 'SQL', 'query').replace(/;\s*$/, '').trim();
  if (question === '' || sql === '') return null;
  return {
    question,
    sql,
    evidence: stringField(record, 'evidence', 'hint'),
    difficulty: readDifficulty(record.difficulty),
  };
}

/** Where the array starts: inside a ```json fence when there is one, else the first `[` before a `{`. */
function arrayStart(answer: string): number {
  const fence = /```[ \t]*(?:json)?[^\n]*\n/i.exec(answer);
  const from = fence && answer.indexOf('[', fence.index) >= 0 ? fence.index : 0;
  const bracket = answer.slice(from).search(/\[\s*(?:\{|$)/);
  return bracket < 0 ? -1 : from + bracket;
}

export function parseSynthesizedPairs(answer: string): ParsedPairs {
  const start = arrayStart(answer);
  // A model that forgot the brackets but wrote objects still gave pairs.
  const { objects, cut } = start >= 0 ? objectTexts(answer, start) : objectTexts(`[${answer}`, 0);
  const pairs: RawPair[] = [];
  let skipped = 0;
  for (const text of objects) {
    let pair: RawPair | null = null;
    try {
      pair = toPair(parseLenient(text));
    } catch {
      pair = null;
    }
    if (pair) pairs.push(pair);
    else skipped++;
  }
  if (pairs.length === 0 && objects.length === 0) {
    throw new AppError(
      'unparseable_answer',
      'The answer held no JSON array of question/SQL pairs.',
      'Try again, or use a stronger model for synthesis.',
      answer.slice(0, 500),
    );
  }
  return { pairs, skipped, cut: start >= 0 && cut };
}
