/**
 * The data lab's own prompts, in the project's words: the strong model writes question/SQL pairs
 * over the person's schema, and a judge says whether a pair's SQL answers its question. Each has
 * a stable task sentence (the `*_MARKER`s) that scripted models and the mock server look for.
 */
import type { ChatMessage } from '../llm/chat';
import { SYSTEM_MESSAGE } from '../pipeline/prompts';
import type { Difficulty } from './types';

export const SYNTHESIS_MARKER =
  'Write new questions that a person could ask about the database below, each with the SQLite query that answers it.';
export const JUDGE_MARKER =
  'Decide whether the SQLite query below answers the question exactly as asked.';

const DIFFICULTY_MEANING: Record<Difficulty, string> = {
  simple: 'simple (one table, a filter or a count)',
  moderate: 'moderate (a join of two tables, grouping, ordering or a comparison)',
  challenging:
    'challenging (several joins, nested queries, HAVING, set operations or arithmetic over aggregates)',
};

export interface SynthesisPromptInput {
  schemaText: string;
  count: number;
  /** Tables the questions should be about this time (others may be joined in). */
  focusTables: string[];
  difficulty: Difficulty;
  withEvidence: boolean;
  /** Questions already kept, so the model writes other ones (a few, not all). */
  avoid: string[];
}

export const AVOID_LIST_LIMIT = 30;

export function buildSynthesisPrompt(input: SynthesisPromptInput): ChatMessage[] {
  const evidence = input.withEvidence
    ? '\n- "evidence": when the question uses a word the schema does not spell out (a code, a threshold, a unit), one sentence that ties it to columns and values, e.g. "high-value refers to total > 1000"; otherwise an empty string.'
    : '';
  const focus =
    input.focusTables.length > 0
      ? `Centre the questions on these tables (join others where the question needs them): ${input.focusTables.join(', ')}.`
      : 'Spread the questions over the tables of the schema.';
  const parts = [
    `${SYNTHESIS_MARKER} Write ${input.count} of them, all of difficulty ${DIFFICULTY_MEANING[input.difficulty]}.`,
    `${focus}
Rules:
- Every query must run on SQLite as written and return at least one row on this data: use values that appear in the sample rows, and copy table and column names exactly, quotes included.
- Each question must be answerable from the schema alone and say everything the query assumes (which columns to show, how to order, how many).
- Vary the questions: different columns, filters, aggregates and wordings; no two with the same meaning.`,
    `Reply with a JSON array only, one object per question, with these keys:
- "question": the question in plain English;
- "sql": the SQLite query, on one line;${evidence}
- "difficulty": "${input.difficulty}".`,
    `### Database schema\n${input.schemaText}`,
  ];
  const avoid = input.avoid.slice(-AVOID_LIST_LIMIT);
  if (avoid.length > 0)
    parts.push(
      `Questions already written (do not repeat them or their meaning):\n${avoid.map((q) => `- ${q}`).join('\n')}`,
    );
  parts.push('JSON array:');
  return [
    { role: 'system', content: SYSTEM_MESSAGE },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

export interface JudgePromptInput {
  schemaText: string;
  question: string;
  evidence: string;
  sql: string;
  /** The first rows the SQL returned, already formatted one per line. */
  resultPreview: string;
}

export function buildJudgePrompt(input: JudgePromptInput): ChatMessage[] {
  const hint = input.evidence.trim() === '' ? '' : `\nEvidence: ${input.evidence.trim()}`;
  const user = [
    `${JUDGE_MARKER} It must return what the question asks for: the right tables and joins, every condition the question states and none it does not, the right aggregation, ordering and number of rows. Extra identifying columns are fine.`,
    'Reply with one JSON object only: {"match": true or false, "reason": "one sentence"}.',
    `### Database schema\n${input.schemaText}`,
    `Question: ${input.question.trim()}${hint}\nSQLite query:\n\`\`\`sql\n${input.sql}\n\`\`\`\nFirst rows it returns:\n${input.resultPreview}`,
    'Answer:',
  ].join('\n\n');
  return [
    { role: 'system', content: SYSTEM_MESSAGE },
    { role: 'user', content: user },
  ];
}
