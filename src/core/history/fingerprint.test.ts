import { describe, expect, it } from 'vitest';
import type { DbSchema, TableInfo } from '../schema/types';
import { databaseFingerprint, fnv1a, otherDatabaseError, schemaText } from './fingerprint';

function table(name: string, sql: string | null, columns: string[] = ['id']): TableInfo {
  return {
    name,
    kind: 'table',
    columns: columns.map((c, i) => ({
      name: c,
      declaredType: 'INTEGER',
      notNull: false,
      defaultValue: null,
      primaryKeyOrdinal: i === 0 ? 1 : 0,
    })),
    foreignKeys: [],
    indices: [],
    rowCount: 3,
    sql,
  };
}

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit values', () => {
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
    expect(fnv1a('foobar')).toBe('bf9cf968');
  });
});

describe('databaseFingerprint', () => {
  const a: DbSchema = {
    tables: [table('b', 'CREATE TABLE b (id INTEGER)'), table('a', 'CREATE TABLE a (id INTEGER)')],
  };

  it('does not depend on table order or row counts', () => {
    const reordered: DbSchema = {
      tables: [...a.tables].reverse().map((t) => ({ ...t, rowCount: 99 })),
    };
    expect(databaseFingerprint('x.sqlite', 10, reordered)).toEqual(
      databaseFingerprint('x.sqlite', 10, a),
    );
  });

  it('changes when the schema changes', () => {
    const other: DbSchema = {
      tables: [table('a', 'CREATE TABLE a (id INTEGER, name TEXT)'), a.tables[0]!],
    };
    expect(databaseFingerprint('x', 1, other).schemaHash).not.toBe(
      databaseFingerprint('x', 1, a).schemaHash,
    );
  });

  it('falls back to the column list when SQLite kept no statement', () => {
    expect(schemaText({ tables: [table('v', null, ['id', 'name'])] })).toBe(
      'table v (id INTEGER, name INTEGER)',
    );
    expect(databaseFingerprint('db', 5, a)).toMatchObject({
      name: 'db',
      sizeBytes: 5,
      tableCount: 2,
    });
  });
});

describe('otherDatabaseError', () => {
  const schema: DbSchema = { tables: [table('singer', null, ['id', 'name'])] };
  const run = { database: databaseFingerprint('concert.sqlite', 4096, schema) };

  it('is null for the same schema, even renamed or resized', () => {
    expect(otherDatabaseError(run, { name: 'copy.sqlite', sizeBytes: 1, schema }, 'x')).toBeNull();
  });

  it('names the run’s database and the next step when the schema differs', () => {
    const other: DbSchema = { tables: [table('album', null)] };
    const error = otherDatabaseError(
      run,
      { name: 'chinook.sqlite', sizeBytes: 1, schema: other },
      'Open that database.',
    );
    expect(error?.message).toBe(
      'This run was made on concert.sqlite, not on the database open now.',
    );
    expect(error?.nextStep).toBe('Open that database.');
  });
});
