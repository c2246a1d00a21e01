/**
 * Step 4, training samples from the kept pairs, with the pipeline's own zero-shot prompts (what
 * the "fine-tuned" prompt style sends), so a model trained on them meets the same prompts:
 * - SFT (ROUTE's multitask fine-tuning): Text2SQL on the full and on the simplified schema,
 *   schema linking (the tables and columns the SQL reads), noise correction (a wrong weak SQL ->
 *   "incorrect" and the right SQL; a right SQL -> the "correct" verdict), and continuation writing
 *   (the SQL cut at a clause boundary -> the whole query);
 * - DPO (SENSE): the Text2SQL prompt, chosen = the strong SQL, rejected = a weak answer that does
 *   not match it by execution.
 */
import type { ChatMessage } from '../llm/chat';
import { normalizeSql } from '../sql/normalize-sql';
import {
  buildContinuationPrompt,
  buildNoiseCorrectionPrompt,
  buildSchemaLinkingPrompt,
  buildTextToSqlPrompt,
  CORRECT_VERDICT,
} from '../pipeline/prompts';
import { sqlReads } from '../sql/sql-reads';
import type { SimplifiedSchema } from '../pipeline/events';
import type { DbSchema } from '../schema/types';
import { chooseCut } from './clause-cut';
import type { RenderPrompt } from './pipeline-prompt';
import { isKept, type SynthPair, type SynthRunState } from './types';
import { textToSqlMessages } from './weak';

export type TaskName = 'text2sql' | 'schema_linking' | 'noise_correction' | 'continuation_writing';
export const TASKS: readonly TaskName[] = [
  'text2sql',
  'schema_linking',
  'noise_correction',
  'continuation_writing',
];

export interface SftSample {
  messages: ChatMessage[];
  task: TaskName;
}

export interface DpoSample {
  /** The prompt (system and user messages). */
  messages: ChatMessage[];
  chosen: ChatMessage;
  rejected: ChatMessage;
}

/** What the target answers say when a reviewed SQL is wrong (the NC parser reads it as a correction). */
export const INCORRECT_VERDICT = 'The query is incorrect.';

export interface SampleContext {
  schema: DbSchema;
  /** Renders each prompt as the pipeline does for its call. */
  render: RenderPrompt;
}

export const sqlAnswer = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
const sample = (task: TaskName, prompt: ChatMessage[], answer: string): SftSample => ({
  task,
  messages: [...prompt, assistant(answer)],
});

/** The schema-linking target: `{"table": ["column", ...]}`, exactly what the SQL reads. */
export function schemaLinkingTarget(sql: string, schema: DbSchema): SimplifiedSchema {
  return sqlReads(sql, schema).columns;
}

/** Distinct wrong weak SQLs of a pair (the same wrong SQL sampled twice is one lesson). */
export function wrongAnswers(pair: SynthPair): NonNullable<SynthPair['weak']> {
  const seen = new Set<string>();
  return (pair.weak ?? []).filter((answer) => {
    if (answer.match || answer.answer.trim() === '') return false;
    const key = answer.sql !== null ? normalizeSql(answer.sql) : answer.answer.trim();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sftSamplesFor(pair: SynthPair, context: SampleContext): SftSample[] {
  const question = { question: pair.question, hint: pair.evidence };
  const { render } = context;
  const links = schemaLinkingTarget(pair.sql, context.schema);
  const samples: SftSample[] = [
    sample('text2sql', textToSqlMessages(pair, render), sqlAnswer(pair.sql)),
  ];
  if (Object.keys(links).length > 0) {
    samples.push(
      sample(
        'text2sql',
        render(
          ({ schemaText }) => buildTextToSqlPrompt({ ...question, schemaText, simplified: true }),
          links,
          question,
        ),
        sqlAnswer(pair.sql),
      ),
      sample(
        'schema_linking',
        render(
          ({ schemaText }) =>
            buildSchemaLinkingPrompt({ ...question, schemaText, style: 'zero_shot' }),
          'full',
          question,
        ),
        JSON.stringify(links),
      ),
    );
  }
  const review = (sql: string, error: string | null, answer: string) =>
    sample(
      'noise_correction',
      render(
        ({ schemaText }) =>
          buildNoiseCorrectionPrompt({ ...question, schemaText, sql, error, style: 'zero_shot' }),
        'full',
        question,
      ),
      answer,
    );
  samples.push(review(pair.sql, null, CORRECT_VERDICT));
  for (const wrong of wrongAnswers(pair)) {
    if (wrong.sql === null) continue;
    samples.push(review(wrong.sql, wrong.sqlError, `${INCORRECT_VERDICT}\n${sqlAnswer(pair.sql)}`));
  }
  // A weak SQL written differently that returns the same result is right too.
  const otherRight = new Set<string>([normalizeSql(pair.sql)]);
  for (const right of pair.weak ?? []) {
    if (!right.match || right.sql === null || otherRight.has(normalizeSql(right.sql))) continue;
    otherRight.add(normalizeSql(right.sql));
    samples.push(review(right.sql, null, CORRECT_VERDICT));
  }
  const cut = chooseCut(pair.sql, pair.id);
  if (cut) {
    samples.push(
      sample(
        'continuation_writing',
        render(
          ({ schemaText }) =>
            buildContinuationPrompt({
              ...question,
              schemaText,
              prefix: cut.prefix,
              style: 'zero_shot',
            }),
          'full',
          question,
        ),
        sqlAnswer(pair.sql),
      ),
    );
  }
  return samples;
}

export function dpoSamplesFor(pair: SynthPair, context: SampleContext): DpoSample[] {
  const prompt = textToSqlMessages(pair, context.render);
  return wrongAnswers(pair).map((wrong) => ({
    messages: prompt,
    chosen: assistant(sqlAnswer(pair.sql)),
    // The weak model's SQL in the shape the prompt asks for; an answer with no SQL as it was.
    rejected: assistant(wrong.sql !== null ? sqlAnswer(wrong.sql) : wrong.answer.trim()),
  }));
}

export interface TrainingSamples {
  sft: SftSample[];
  dpo: DpoSample[];
}

export function buildTrainingSamples(
  state: SynthRunState,
  context: SampleContext,
): TrainingSamples {
  const kept = state.pairs.filter(isKept);
  return {
    sft: kept.flatMap((pair) => sftSamplesFor(pair, context)),
    dpo: kept.flatMap((pair) => dpoSamplesFor(pair, context)),
  };
}
