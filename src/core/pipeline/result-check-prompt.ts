/** The one correction call of the result checks: the SQL, what looked wrong, and a fix asked for. */
import type { ChatMessage } from '../llm/chat';
import {
  assemble,
  messages,
  questionBlock,
  schemaBlock,
  sqlFence,
  type QuestionParts,
} from './prompts';

/** Stable phrase of this prompt (the mock server and the scripted model tell it apart by it). */
export const RESULT_CHECK_MARKER =
  'The SQLite query below ran, but checks on its result found something suspicious.';

export interface ResultCheckPromptInput extends QuestionParts {
  schemaText: string;
  sql: string;
  findings: string[];
}

export function buildResultCheckPrompt(input: ResultCheckPromptInput): ChatMessage[] {
  const task = `${RESULT_CHECK_MARKER} Fix the query so that it answers the question, using what the checks found (a value the column does not hold is usually spelled differently in the data). Say in one sentence what you changed, then give the whole corrected query in a \`\`\`sql block.`;
  const found = input.findings.map((f) => `- ${f}`).join('\n');
  return messages(
    assemble([
      task,
      schemaBlock(input.schemaText, false),
      `${questionBlock(input)}\nSQLite query:\n${sqlFence(input.sql)}\nWhat the checks found:\n${found}`,
      'Answer:',
    ]),
  );
}
