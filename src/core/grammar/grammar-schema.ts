/** Which tables and columns a grammar admits: the prompt's schema, or tables a person names. */
import { findTable } from '../schema/lookup';
import type { DbSchema } from '../schema/types';
import type { GrammarSchema } from './sql-grammar';

export class UnknownTablesError extends Error {
  constructor(
    readonly unknown: string[],
    readonly available: string[],
  ) {
    super(
      `No table named ${unknown.map((t) => `"${t}"`).join(', ')}; the database has ${available.join(', ')}.`,
    );
    this.name = 'UnknownTablesError';
  }
}

/** Every table, or only `tables` (any case), each with all its columns. */
export function grammarSchemaOf(schema: DbSchema, tables?: string[]): GrammarSchema {
  const wanted = tables?.map((t) => t.trim()).filter((t) => t !== '');
  const picked =
    wanted && wanted.length > 0
      ? wanted.map((name) => findTable(schema, name) ?? name)
      : schema.tables;
  const unknown = picked.filter((t): t is string => typeof t === 'string');
  if (unknown.length > 0)
    throw new UnknownTablesError(
      unknown,
      schema.tables.map((t) => t.name),
    );
  const out: GrammarSchema = {};
  for (const table of picked) {
    if (typeof table !== 'string') out[table.name] = table.columns.map((c) => c.name);
  }
  return out;
}
