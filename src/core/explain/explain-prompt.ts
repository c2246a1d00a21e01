/**
 * The prompt that asks a model to explain, in plain words, what a query returns. It carries the
 * structural explanation (so a small model starts from facts, not from guessing at the SQL) and
 * the columns of the tables read; it answers in the question's language when there is one.
 */
import type { ChatMessage } from '../llm/chat';
import type { DbSchema } from '../schema/types';
import { sqlName } from '../sql/identifiers';
import { explanationText, type StructuralExplanation } from './explain-sql';

/** The task sentence (the mock server in e2e tells this call apart by it). */
export const EXPLAIN_MARKER = 'Explain in plain words what this SQLite query returns.';

export const EXPLAIN_DECODING = { temperature: 0.01, topP: 0.5, maxTokens: 300 } as const;

export function explainMessages(
  sql: string,
  schema: DbSchema,
  structure: StructuralExplanation,
  question: string | null,
): ChatMessage[] {
  const tables = structure.tables
    .map((name) => schema.tables.find((t) => t.name === name))
    .filter((t) => t !== undefined)
    .map((t) => `${sqlName(t.name)}(${t.columns.map((c) => sqlName(c.name)).join(', ')})`);
  const parts = [
    EXPLAIN_MARKER,
    'Write two to four short sentences for someone who does not read SQL: what the rows and columns of the result mean, not how the query is written. Do not repeat the SQL.',
    question
      ? `Write in the same language as this question, which the query was written to answer:\n${question}`
      : 'Write in English.',
    tables.length > 0 ? `Tables read:\n${tables.join('\n')}` : '',
    `What the query does, step by step:\n${explanationText(structure)}`,
    `SQL:\n${sql.trim()}`,
  ];
  return [
    { role: 'system', content: 'You explain SQLite queries to people who do not write SQL.' },
    { role: 'user', content: parts.filter(Boolean).join('\n\n') },
  ];
}
