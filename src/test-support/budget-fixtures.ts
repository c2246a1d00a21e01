/**
 * What the budget tests and bench/prompt-budget.ts fit: real and generated databases opened in
 * sql.js with their sample rows, and every call of every stage as the stages ask for it (the
 * same builders, the same schema choices). Test-only: never imported by the app.
 */
import type { CallPrompt } from '../core/budget/call-prompt';
import { DEFAULT_PIPELINE_SETTINGS } from '../core/pipeline/defaults';
import type { SimplifiedSchema } from '../core/pipeline/events';
import { DEFAULT_CONTINUATION_PREFIX } from '../core/pipeline/prompts';
import {
  continuationCall,
  noiseCorrectionCall,
  resultCheckCall,
  schemaLinksCall,
  textToSqlCall,
} from '../core/pipeline/stages/call-prompts';
import { fetchSampleRows } from '../core/pipeline/sample-rows';
import type { SampleRows } from '../core/schema/schema-text';
import { sqlReads } from '../core/sql/sql-reads';
import type { DbSchema } from '../core/schema/types';
import { createTestDb, openTestDb } from './open-test-db';
import { wideDatabaseSql, type WideDatabaseOptions } from './wide-database';

/** The settings the budget is measured with: few-shot prompts and this much answer room. */
export function fewShotSettings(answerTokens: number) {
  return {
    ...DEFAULT_PIPELINE_SETTINGS,
    promptStyle: 'few_shot' as const,
    maxTokens: answerTokens,
  };
}

export interface BudgetDatabase {
  name: string;
  schema: DbSchema;
  samples: SampleRows;
}

export async function openBudgetDatabase(name: string, path: string): Promise<BudgetDatabase> {
  const db = await openTestDb(path);
  const schema = db.readSchema();
  return { name, schema, samples: await fetchSampleRows(db, schema) };
}

export async function wideBudgetDatabase(options: WideDatabaseOptions): Promise<BudgetDatabase> {
  const db = await createTestDb();
  await db.execute(wideDatabaseSql(options), { allowWrites: true });
  const schema = db.readSchema();
  return {
    name: `wide-${options.tables}-${options.kind}`,
    schema,
    samples: await fetchSampleRows(db, schema),
  };
}

export interface StageCall {
  label:
    | 'schema_links'
    | 'pseudo_sql'
    | 'sql_generation'
    | 'noise_correction'
    | 'result_checks'
    | 'continuation_writing';
  prompt: CallPrompt;
}

/**
 * The six calls of a run with every stage on, for a question whose SQL is known: the simplified
 * schema is what that SQL reads, noise correction and the result checks review it (the checks
 * with a finding of the longest kind), continuation starts from `SELECT `.
 */
export function stageCalls(
  schema: DbSchema,
  question: string,
  hint: string,
  sql: string,
): StageCall[] {
  const reads = sqlReads(sql, schema);
  const simplified: SimplifiedSchema = reads.columns;
  const asked = { question, hint };
  const reviewing = { ...asked, simplified, pinnedTables: reads.tables };
  return [
    { label: 'schema_links', prompt: schemaLinksCall(asked) },
    { label: 'pseudo_sql', prompt: textToSqlCall(asked, null) },
    { label: 'sql_generation', prompt: textToSqlCall(asked, simplified) },
    {
      label: 'noise_correction',
      prompt: noiseCorrectionCall({ ...reviewing, sql, error: null, cut: false }),
    },
    {
      label: 'result_checks',
      prompt: resultCheckCall({
        ...reviewing,
        sql,
        findings: [
          `The result has duplicate rows: ${reads.tables.join(', ')} give the same row more than once, so DISTINCT may be missing.`,
          "Country = 'UK' matches no row of Customer; the column holds 'United Kingdom' (3 rows).",
        ],
      }),
    },
    {
      label: 'continuation_writing',
      prompt: continuationCall({ ...reviewing, prefix: DEFAULT_CONTINUATION_PREFIX }),
    },
  ];
}
