/**
 * Each stage's model call as the budget fits it: the prompt builder and the schema it shows.
 * The stages ask for these, and the budget's tests and bench fit the very same calls, so what
 * they measure is what a run sends.
 */
import type { CallPrompt } from '../../budget/call-prompt';
import type { PipelineSettings, SimplifiedSchema } from '../events';
import { buildOmniSqlPrompt } from '../omnisql-prompt';
import {
  buildContinuationPrompt,
  buildNoiseCorrectionPrompt,
  buildSchemaLinkingPrompt,
  buildTextToSqlPrompt,
} from '../prompts';
import { buildResultCheckPrompt } from '../result-check-prompt';

/** What every call is asked about. */
export interface Asked {
  question: string;
  hint: string;
}

/** The SQL a call reviews or continues, and the schema to fall back to when the full one is too wide. */
interface Reviewing extends Asked {
  /** The simplified schema, shown instead of the full one when that does not fit whole. */
  simplified: SimplifiedSchema | null;
  /** The tables of the SQL under review: never left out. */
  pinnedTables: readonly string[];
}

const styleOf = (examples: boolean) => (examples ? 'few_shot' : 'zero_shot');

export function schemaLinksCall({ question, hint }: Asked): CallPrompt {
  return {
    schema: 'full',
    memory: true,
    build: ({ schemaText, examples, earlier, memory }) =>
      buildSchemaLinkingPrompt({
        schemaText,
        earlier,
        memory,
        question,
        hint,
        style: styleOf(examples),
      }),
  };
}

/**
 * Pseudo-SQL (on the full schema) or SQL generation (on `kept`, the simplified schema); in the
 * OmniSQL style, in the prompt the SQL specialists were trained on.
 */
export function textToSqlCall(
  { question, hint }: Asked,
  kept: SimplifiedSchema | null,
  style?: PipelineSettings['promptStyle'],
): CallPrompt {
  return {
    schema: kept ?? 'full',
    memory: style !== 'omnisql',
    build: ({ schemaText, earlier, memory }) =>
      style === 'omnisql'
        ? buildOmniSqlPrompt({ schemaText, earlier, question, hint })
        : buildTextToSqlPrompt({
            schemaText,
            earlier,
            memory,
            question,
            hint,
            simplified: kept !== null,
          }),
  };
}

export function noiseCorrectionCall(
  input: Reviewing & { sql: string; error: string | null; cut: boolean },
): CallPrompt {
  const { question, hint, sql, error, cut } = input;
  return {
    schema: 'full',
    fallback: input.simplified,
    pinnedTables: input.pinnedTables,
    build: ({ schemaText, examples, earlier }) =>
      buildNoiseCorrectionPrompt({
        schemaText,
        earlier,
        question,
        hint,
        sql,
        error,
        cut,
        style: styleOf(examples),
      }),
  };
}

export function continuationCall(input: Reviewing & { prefix: string }): CallPrompt {
  const { question, hint, prefix } = input;
  return {
    schema: 'full',
    fallback: input.simplified,
    pinnedTables: input.pinnedTables,
    build: ({ schemaText, examples, earlier }) =>
      buildContinuationPrompt({
        schemaText,
        earlier,
        question,
        hint,
        prefix,
        style: styleOf(examples),
      }),
  };
}

/** The result checks' correction: the SQL under review and what the checks found in its result. */
export function resultCheckCall(
  input: Reviewing & { sql: string; findings: string[] },
): CallPrompt {
  const { question, hint, sql, findings } = input;
  return {
    schema: 'full',
    fallback: input.simplified,
    // The SQL under review is never cut, nor are the tables it reads.
    pinnedTables: input.pinnedTables,
    build: ({ schemaText, earlier }) =>
      buildResultCheckPrompt({ schemaText, earlier, question, hint, sql, findings }),
  };
}
