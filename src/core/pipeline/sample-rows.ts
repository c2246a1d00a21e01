/**
 * Sample rows for the prompts, read once per run: enough rows for the simplified schema's
 * prompt, of which the full-schema prompts show the first few.
 */
import type { DbSchema } from '../schema/types';
import { quoteIdentifier } from '../sql/identifiers';
import type { CellValue, SqlExecutor } from '../sql/result';
import {
  FULL_SCHEMA_SAMPLE_ROWS,
  SIMPLIFIED_SCHEMA_SAMPLE_ROWS,
  type SampleRows,
} from '../schema/schema-text';

export const SAMPLE_FETCH_ROWS = Math.max(FULL_SCHEMA_SAMPLE_ROWS, SIMPLIFIED_SCHEMA_SAMPLE_ROWS);

export function sampleRowsSql(
  table: { name: string; columns: { name: string }[] },
  limit: number,
): string {
  const columns = table.columns.map((c) => quoteIdentifier(c.name)).join(', ');
  return `SELECT ${columns} FROM ${quoteIdentifier(table.name)} LIMIT ${limit}`;
}

/**
 * A table whose rows cannot be read (a view over a missing table, a slow virtual table) simply
 * has no sample line: samples help the model but are never worth failing a run for.
 */
export async function fetchSampleRows(
  db: SqlExecutor,
  schema: DbSchema,
  options: { limit?: number; timeoutMs?: number } = {},
): Promise<SampleRows> {
  const limit = options.limit ?? SAMPLE_FETCH_ROWS;
  const samples = new Map<string, CellValue[][]>();
  for (const table of schema.tables) {
    if (table.columns.length === 0 || table.name.toLowerCase().startsWith('sqlite_')) continue;
    try {
      const result = await db.execute(sampleRowsSql(table, limit), {
        timeoutMs: options.timeoutMs,
        maxRows: limit,
      });
      samples.set(table.name, result.rows);
    } catch {
      // no sample line for this table
    }
  }
  return samples;
}
