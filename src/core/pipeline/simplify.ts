/**
 * The simplified schema: what the schema-linking answer names, united with what the pseudo-SQL
 * reads, plus the key columns that join the kept tables so the SQL written on it can still join.
 */
import { entryFor, findTable, primaryKeyOf } from '../schema/lookup';
import type { DbSchema } from '../schema/types';
import type { SimplifiedSchema } from './events';

export function simplifySchema(
  schema: DbSchema,
  links: SimplifiedSchema | null,
  pseudoSqlReads: SimplifiedSchema | null,
): SimplifiedSchema {
  const chosen = new Map<string, Set<string>>();
  for (const table of schema.tables) {
    const fromLinks = links ? entryFor(links, table.name) : undefined;
    const fromSql = pseudoSqlReads ? entryFor(pseudoSqlReads, table.name) : undefined;
    if (fromLinks === undefined && fromSql === undefined) continue;
    const wanted = new Set([...(fromLinks ?? []), ...(fromSql ?? [])].map((c) => c.toLowerCase()));
    const columns = table.columns
      .filter((c) => wanted.has(c.name.toLowerCase()))
      .map((c) => c.name);
    // A table named without any column it really has is still needed: keep all of it.
    chosen.set(
      table.name,
      new Set(columns.length > 0 ? columns : table.columns.map((c) => c.name)),
    );
  }

  for (const table of schema.tables) {
    const here = chosen.get(table.name);
    if (!here) continue;
    for (const fk of table.foreignKeys) {
      const target = findTable(schema, fk.referencedTable);
      const there = target ? chosen.get(target.name) : undefined;
      if (!target || !there) continue;
      for (const column of fk.columns) {
        const real = table.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
        if (real) here.add(real.name);
      }
      const targetColumns =
        fk.referencedColumns.length > 0 ? fk.referencedColumns : primaryKeyOf(target);
      for (const column of targetColumns) {
        const real = target.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
        if (real) there.add(real.name);
      }
    }
  }

  const out: SimplifiedSchema = {};
  for (const table of schema.tables) {
    const kept = chosen.get(table.name);
    if (kept) out[table.name] = table.columns.map((c) => c.name).filter((c) => kept.has(c));
  }
  return out;
}

/** Every table with every column: the simplified schema when nothing narrowed it. */
export function wholeSchema(schema: DbSchema): SimplifiedSchema {
  const out: SimplifiedSchema = {};
  for (const table of schema.tables) out[table.name] = table.columns.map((c) => c.name);
  return out;
}
