/**
 * A short fingerprint of a database, so that a run in history (or an exported run) says which
 * database it ran on without carrying the database: name, size and a hash of the schema text.
 */
import { AppError } from '../errors';
import type { DbSchema } from '../schema/types';
import type { DatabaseFingerprint } from './run-record';

/** FNV-1a, 32 bits, as 8 hex digits: stable across browsers and Node, and synchronous. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The schema as text: each table's CREATE statement in name order, or its columns when SQLite
 * kept no statement. Row counts stay out so that the same schema with more rows matches.
 */
export function schemaText(schema: DbSchema): string {
  return [...schema.tables]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(
      (table) =>
        table.sql?.trim() ??
        `${table.kind} ${table.name} (${table.columns.map((c) => `${c.name} ${c.declaredType}`.trim()).join(', ')})`,
    )
    .join('\n');
}

export function databaseFingerprint(
  name: string,
  sizeBytes: number,
  schema: DbSchema,
): DatabaseFingerprint {
  return {
    name,
    sizeBytes,
    tableCount: schema.tables.length,
    schemaHash: fnv1a(schemaText(schema)),
  };
}

/**
 * Null when `run` was made on the open database (the same schema), else the error that says
 * so, with what to do next: a run's SQL and stages mean nothing on another schema.
 */
export function otherDatabaseError(
  run: { database: DatabaseFingerprint },
  open: { name: string; sizeBytes: number; schema: DbSchema },
  nextStep: string,
): AppError | null {
  const { schemaHash } = databaseFingerprint(open.name, open.sizeBytes, open.schema);
  if (schemaHash === run.database.schemaHash) return null;
  return new AppError(
    'unknown',
    `This run was made on ${run.database.name}, not on the database open now.`,
    nextStep,
  );
}
