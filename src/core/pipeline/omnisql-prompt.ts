/**
 * The input format the published SQL specialists were trained with: OmniSQL's prompt template
 * (github.com/RUCKBReasoning/OmniSQL, README "Prompt Template"), which the CSC-SQL and SLM-SQL
 * models fine-tuned from OmniSQL or on its SynSQL data share. A fine-tuned model answers best in
 * the very words it was trained on, so this one prompt is the template as published, not the
 * project's own words. The schema goes in as `CREATE TABLE` statements (ours, sample rows as
 * comments), a hint goes before the question on its own line (as OmniSQL's evaluation does with
 * BIRD's evidence), and there is no system message: the model's chat template adds its default
 * one, as in training.
 */
import type { ChatMessage } from '../llm/chat';
import { earlierTurnsBlock, type QuestionParts } from './prompts';

/** A sentence of the template only its prompts hold (for the scripted model and mock servers). */
export const OMNISQL_MARKER =
  'Your task is to understand the schema and generate a valid SQL query to answer the question.';

export function buildOmniSqlPrompt(input: QuestionParts & { schemaText: string }): ChatMessage[] {
  const hint = input.hint.trim();
  const asked = hint ? `${hint}\n${input.question}` : input.question;
  // A follow-up's earlier turns (not in OmniSQL's training) go before the question they explain.
  const earlier = earlierTurnsBlock(input.earlier);
  const question = earlier ? `${earlier}\n\n${asked}` : asked;
  const prompt = `Task Overview:
You are a data science expert. Below, you are provided with a database schema and a natural language question. ${OMNISQL_MARKER}

Database Engine:
SQLite

Database Schema:
${input.schemaText}
This schema describes the database's structure, including tables, columns, primary keys, foreign keys, and any relevant relationships or constraints.

Question:
${question}

Instructions:
- Make sure you only output the information that is asked in the question. If the question asks for a specific column, make sure to only include that column in the SELECT clause, nothing more.
- The generated query should return all of the information asked in the question without any missing or extra information.
- Before generating the final SQL query, please think through the steps of how to write the query.

Output Format:
In your answer, please enclose the generated SQL query in a code block:
\`\`\`
-- Your SQL query
\`\`\`

Take a deep breath and think step by step to find the correct SQL query.`;
  return [{ role: 'user', content: prompt }];
}
