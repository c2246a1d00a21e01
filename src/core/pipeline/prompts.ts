/**
 * The prompts of the staged pipeline, in the project's own words. Each task sentence appears once
 * per prompt and in no other prompt, so a test double (the e2e mock server) can tell the stages
 * apart by looking for it; the worked examples never repeat another stage's task sentence.
 */
import type { ChatMessage, ChatRequest } from '../llm/chat';
import type { EarlierTurn, PipelineSettings } from './events';
import { EXAMPLE_SCHEMA_TEXT } from './example-schema';
import type { MemoryShot } from '../knowledge/types';

export const SYSTEM_MESSAGE =
  'You are a SQLite expert. You read database schemas carefully and write correct SQLite queries that run as written.';

/** Stable phrases, one per kind of prompt (exported for mock servers and tests). */
export const SCHEMA_LINKING_MARKER = 'Find the tables and columns needed to answer the question.';
export const TEXT_TO_SQL_MARKER = 'Write one SQLite query that answers the question.';
export const NOISE_CORRECTION_MARKER = 'Check whether the SQLite query below answers the question.';
export const CONTINUATION_MARKER =
  'Finish the incomplete SQLite query below so that it answers the question.';

/** Headings of the schema block: the pseudo-SQL prompt shows the full one, SQL generation the simplified one. */
export const FULL_SCHEMA_HEADING = '### Database schema (all tables)';
export const SIMPLIFIED_SCHEMA_HEADING =
  '### Database schema (only the parts relevant to this question)';

/** The reply that means "nothing to correct". */
export const CORRECT_VERDICT = 'The query is correct.';

export const DEFAULT_CONTINUATION_PREFIX = 'SELECT ';

export type PromptStyle = PipelineSettings['promptStyle'];

export interface QuestionParts {
  question: string;
  hint: string;
  /** A follow-up's earlier turns the budget kept, oldest first (none for a first question). */
  earlier?: readonly EarlierTurn[];
}

/** Opens the block of earlier turns (exported for tests and mock servers). */
export const EARLIER_TURNS_HEADING =
  'This question follows on from earlier questions in the same conversation, oldest first. It may refer to their tables, filters or results; the query you write must answer the new question on its own.';

/** The earlier turns of a follow-up, or null for a first question. */
export function earlierTurnsBlock(earlier: readonly EarlierTurn[] | undefined): string | null {
  if (!earlier || earlier.length === 0) return null;
  const turns = earlier.map((turn, i) => {
    const asked = `Earlier question ${i + 1}: ${turn.question.trim()}`;
    return turn.sql === null
      ? `${asked}\n(No SQL was adopted for it.)`
      : `${asked}\nIts final SQL:\n${sqlFence(turn.sql.trim())}`;
  });
  return [EARLIER_TURNS_HEADING, ...turns].join('\n');
}

export function questionBlock({ question, hint, earlier }: QuestionParts): string {
  const lines = [`Question: ${question.trim()}`];
  if (hint.trim() !== '') lines.push(`Hint: ${hint.trim()}`);
  return assemble([earlierTurnsBlock(earlier), lines.join('\n')]);
}

export function schemaBlock(schemaText: string, simplified: boolean): string {
  return `${simplified ? SIMPLIFIED_SCHEMA_HEADING : FULL_SCHEMA_HEADING}\n${schemaText}`;
}

export function sqlFence(sql: string): string {
  return `\`\`\`sql\n${sql}\n\`\`\``;
}

/** Opens the block of remembered examples (exported for tests and mock servers). */
export const MEMORY_EXAMPLES_HEADING =
  'Questions about this same database that were answered correctly before, the most similar first:';

/**
 * Remembered examples of the person's own database (issue 19), before the generic ones: for
 * schema linking each answer is the tables and columns its SQL reads, for Text2SQL its SQL.
 */
export function memoryBlock(
  shots: readonly MemoryShot[] | undefined,
  answer: 'links' | 'sql',
): string | null {
  if (!shots || shots.length === 0) return null;
  const worked = shots.map((shot) => {
    const asked = [`Question: ${shot.question.trim()}`];
    if (shot.hint.trim() !== '') asked.push(`Hint: ${shot.hint.trim()}`);
    const reply =
      answer === 'links'
        ? `Answer:\n${JSON.stringify(shot.links)}`
        : `SQL:\n${sqlFence(shot.sql.trim())}`;
    return `${asked.join('\n')}\n${reply}`;
  });
  return [MEMORY_EXAMPLES_HEADING, ...worked].join('\n\n');
}

function examplesBlock(examples: string[]): string {
  const numbered = examples.map((example, i) => `Example ${i + 1}\n${example}`);
  return `Worked examples on a small lending-library database:\n\nExample database:\n${EXAMPLE_SCHEMA_TEXT}\n\n${numbered.join('\n\n')}\n\nNow the real task.`;
}

export function messages(user: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_MESSAGE },
    { role: 'user', content: user },
  ];
}

export function assemble(parts: (string | null)[]): string {
  return parts.filter((p): p is string => p !== null && p !== '').join('\n\n');
}

// ---- schema linking ----

const SCHEMA_LINKING_EXAMPLES = [
  `Question: Which authors from Canada have a book published after 2000?
Answer:
{"authors": ["author_id", "name", "country"], "books": ["author_id", "year_published"]}`,
  `Question: How many loans have not been returned yet?
Answer:
{"loans": ["loan_id", "returned_on"]}`,
  `Question: List the titles of the books borrowed by Ana Souza.
Answer:
{"books": ["book_id", "title"], "loans": ["book_id", "member_id"], "members": ["member_id", "name"]}`,
];

export interface SchemaLinkingPromptInput extends QuestionParts {
  schemaText: string;
  style: PromptStyle;
  /** Remembered examples of this database, most similar first. */
  memory?: readonly MemoryShot[];
}

export function buildSchemaLinkingPrompt(input: SchemaLinkingPromptInput): ChatMessage[] {
  const task = `${SCHEMA_LINKING_MARKER} Reply with one JSON object: each key is a table name and its value is the list of that table's columns the query will use (for output, filters, grouping, ordering and joins), e.g. {"table_a": ["column_1", "column_2"]}. Spell every name exactly as the schema does. Give the JSON object only, without explanation.`;
  return messages(
    assemble([
      task,
      memoryBlock(input.memory, 'links'),
      input.style === 'few_shot' ? examplesBlock(SCHEMA_LINKING_EXAMPLES) : null,
      schemaBlock(input.schemaText, false),
      questionBlock(input),
      'Answer:',
    ]),
  );
}

// ---- text to SQL (pseudo-SQL on the full schema, SQL generation on the simplified one) ----

export interface TextToSqlPromptInput extends QuestionParts {
  schemaText: string;
  /** True when `schemaText` is the simplified schema. */
  simplified: boolean;
  /** Remembered examples of this database, most similar first. */
  memory?: readonly MemoryShot[];
}

export function buildTextToSqlPrompt(input: TextToSqlPromptInput): ChatMessage[] {
  const task = `${TEXT_TO_SQL_MARKER} Use only the tables and columns of the schema and copy their names exactly, double quotes included. Reply with the query in a \`\`\`sql block and nothing else.`;
  return messages(
    assemble([
      task,
      memoryBlock(input.memory, 'sql'),
      schemaBlock(input.schemaText, input.simplified),
      questionBlock(input),
      'SQL:',
    ]),
  );
}

// ---- noise correction ----

const NOISE_CORRECTION_EXAMPLES = [
  `Question: Which books were published after 2000?
SQLite query:
${sqlFence('SELECT title FROM books WHERE published_year > 2000')}
When it ran, SQLite reported: no such column: published_year
Answer:
The year column of books is called year_published.
${sqlFence('SELECT title FROM books WHERE year_published > 2000')}`,
  `Question: How many members are there?
SQLite query:
${sqlFence('SELECT count(*) FROM members')}
Answer:
${CORRECT_VERDICT}`,
  `Question: Which member has borrowed the most books?
SQLite query:
${sqlFence('SELECT name FROM members ORDER BY member_id DESC LIMIT 1')}
Answer:
The query picks the newest member instead of counting loans per member.
${sqlFence('SELECT m.name FROM members AS m JOIN loans AS l ON m.member_id = l.member_id GROUP BY m.member_id ORDER BY count(*) DESC LIMIT 1')}`,
];

export interface NoiseCorrectionPromptInput extends QuestionParts {
  schemaText: string;
  sql: string;
  /** SQLite's message when the SQL failed to run; null when it ran. */
  error: string | null;
  /** The SQL comes from an answer cut off by a token limit (so it was not run). */
  cut?: boolean;
  style: PromptStyle;
}

export function buildNoiseCorrectionPrompt(input: NoiseCorrectionPromptInput): ChatMessage[] {
  const task = `${NOISE_CORRECTION_MARKER} Look for wrong tables or columns, missing joins or conditions, wrong aggregation or ordering, and errors SQLite reported.
- If the query answers the question, reply with exactly: ${CORRECT_VERDICT}
- Otherwise say in one sentence what is wrong, then give the corrected query in a \`\`\`sql block.`;
  const reviewed = [`SQLite query:\n${sqlFence(input.sql)}`];
  if (input.error) reviewed.push(`When it ran, SQLite reported: ${input.error}`);
  if (input.cut)
    reviewed.push(
      'This query is incomplete: its writer was cut off by a token limit before it ended.',
    );
  return messages(
    assemble([
      task,
      input.style === 'few_shot' ? examplesBlock(NOISE_CORRECTION_EXAMPLES) : null,
      schemaBlock(input.schemaText, false),
      `${questionBlock(input)}\n${reviewed.join('\n')}`,
      'Answer:',
    ]),
  );
}

// ---- continuation writing ----

const CONTINUATION_EXAMPLES = [
  `Question: How many books has each author written? Show the author's name and the count.
Incomplete query:
${sqlFence('SELECT ')}
Answer:
${sqlFence('SELECT a.name, count(*) FROM authors AS a JOIN books AS b ON a.author_id = b.author_id GROUP BY a.author_id')}`,
  `Question: Which books were borrowed by members who joined in 2023?
Incomplete query:
${sqlFence('SELECT ')}
Answer:
${sqlFence("SELECT DISTINCT b.title FROM books AS b JOIN loans AS l ON b.book_id = l.book_id JOIN members AS m ON l.member_id = m.member_id WHERE m.joined_on LIKE '2023%'")}`,
  `Question: Which books have never been borrowed?
Incomplete query:
${sqlFence('SELECT b.title FROM books AS b')}
Answer:
${sqlFence('SELECT b.title FROM books AS b WHERE b.book_id NOT IN (SELECT book_id FROM loans)')}`,
];

export interface ContinuationPromptInput extends QuestionParts {
  schemaText: string;
  prefix: string;
  style: PromptStyle;
}

export function buildContinuationPrompt(input: ContinuationPromptInput): ChatMessage[] {
  const task = `${CONTINUATION_MARKER} Keep its beginning exactly as given and write the rest. Reply with the whole query, beginning included, in a \`\`\`sql block.`;
  return messages(
    assemble([
      task,
      input.style === 'few_shot' ? examplesBlock(CONTINUATION_EXAMPLES) : null,
      schemaBlock(input.schemaText, false),
      `${questionBlock(input)}\nIncomplete query:\n${sqlFence(input.prefix)}`,
      'Answer:',
    ]),
  );
}

// ---- decoding ----

/**
 * PIPELINE.md's reference decoding. The penalties are not settings: they are pinned and sent on
 * every call so that neither a model's generation config nor a server's defaults change them.
 */
export const DEFAULT_DECODING = {
  temperature: 0.01,
  topP: 0.5,
  maxTokens: 1024,
  repetitionPenalty: 1.0,
  presencePenalty: 0,
  frequencyPenalty: 0,
} as const;

/** The request for one call; the schema-linking call asks the engine to force a JSON object. */
export function chatRequest(
  messagesToSend: ChatMessage[],
  settings: Pick<PipelineSettings, 'temperature' | 'topP' | 'maxTokens'>,
  json = false,
  grammar?: string,
): ChatRequest {
  return {
    messages: messagesToSend,
    temperature: settings.temperature,
    topP: settings.topP,
    maxTokens: settings.maxTokens,
    repetitionPenalty: DEFAULT_DECODING.repetitionPenalty,
    presencePenalty: DEFAULT_DECODING.presencePenalty,
    frequencyPenalty: DEFAULT_DECODING.frequencyPenalty,
    ...(json ? { responseFormat: { type: 'json_object' as const } } : {}),
    ...(grammar ? { grammar } : {}),
  };
}
