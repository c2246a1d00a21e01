/**
 * The app's executor (SqliteSession over sql.js) against the native sqlite3 command on the real
 * databases in ../shared/data: same tables, columns and foreign keys; every Spider dev gold
 * query runs and returns as many rows as sqlite3 returns.
 */
import { describe, expect, it } from 'vitest';
import type { DbSchema } from '../../core/schema/types';
import { previewTableSql } from '../../core/sql/identifiers';
import { openTestDb } from '../../test-support/open-test-db';
import {
  CHINOOK_PATH,
  NORTHWIND_PATH,
  sharedDataAvailable,
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../../test-support/shared-data';
import { requireSqlite3, sqlite3Json, sqlite3RowCounts } from '../../test-support/sqlite-cli';

if (!sharedDataAvailable()) {
  throw new Error(
    'The shared test databases are missing: set SHARED_DATA_DIR or put them in ../shared/data.',
  );
}
requireSqlite3();

interface NativeColumn {
  tbl: string;
  name: string;
  type: string;
  pk: number;
  nn: number;
}

/** What sqlite3 reports for a file, in the shape the comparison needs. */
function nativeCatalogue(path: string) {
  const user = `m.type IN ('table','view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;
  const objects = sqlite3Json<{ name: string; type: string }>(
    path,
    `SELECT name, type FROM sqlite_schema AS m WHERE ${user} ORDER BY name`,
  );
  const columns = sqlite3Json<NativeColumn>(
    path,
    `SELECT m.name AS tbl, p.name, p.type, p.pk, p."notnull" AS nn FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p WHERE ${user} ORDER BY m.name, p.cid`,
  );
  const foreignKeys = sqlite3Json<{ tbl: string; n: number }>(
    path,
    `SELECT m.name AS tbl, count(DISTINCT f.id) AS n FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f WHERE ${user} GROUP BY m.name`,
  );
  const tables = objects.filter((o) => o.type === 'table').map((o) => o.name);
  const counts = sqlite3RowCounts(
    path,
    tables.map((name) => `SELECT * FROM "${name.replaceAll('"', '""')}"`),
  );
  return {
    objects,
    columns,
    foreignKeys,
    rowCounts: new Map(tables.map((name, i) => [name, counts[i]])),
  };
}

function expectSameAsNative(schema: DbSchema, path: string): void {
  const native = nativeCatalogue(path);
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  expect(schema.tables.map((t) => `${t.kind} ${t.name}`).sort(byName)).toEqual(
    native.objects.map((o) => `${o.type} ${o.name}`).sort(byName),
  );
  for (const table of schema.tables) {
    const columns = native.columns.filter((c) => c.tbl === table.name);
    expect(
      table.columns.map((c) => [c.name, c.declaredType, c.primaryKeyOrdinal, c.notNull]),
      `columns of ${table.name}`,
    ).toEqual(columns.map((c) => [c.name, c.type, c.pk, c.nn === 1]));
    const keys = native.foreignKeys.find((f) => f.tbl === table.name)?.n ?? 0;
    expect(table.foreignKeys.length, `foreign keys of ${table.name}`).toBe(keys);
  }
  for (const table of schema.tables.filter((t) => t.kind === 'table')) {
    expect(table.rowCount, `rows in ${table.name}`).toBe(native.rowCounts.get(table.name));
  }
}

describe('schema of the real databases', () => {
  it('reads Chinook: 11 tables, its keys and indices, the same as sqlite3', async () => {
    const session = await openTestDb(CHINOOK_PATH);
    const schema = session.readSchema();
    expectSameAsNative(schema, CHINOOK_PATH);
    expect(schema.tables.filter((t) => t.kind === 'table')).toHaveLength(11);
    const track = schema.tables.find((t) => t.name === 'Track');
    expect(track?.rowCount).toBe(3503);
    expect(track?.foreignKeys).toContainEqual({
      columns: ['AlbumId'],
      referencedTable: 'Album',
      referencedColumns: ['AlbumId'],
    });
    expect(track?.indices.map((i) => i.name)).toContain('IFK_TrackAlbumId');
    const invoiceLine = schema.tables.find((t) => t.name === 'InvoiceLine');
    expect(invoiceLine?.columns.find((c) => c.name === 'InvoiceLineId')?.primaryKeyOrdinal).toBe(1);
  });

  it('reads Northwind, including the table named Order, and previews it', async () => {
    const session = await openTestDb(NORTHWIND_PATH);
    const schema = session.readSchema();
    expectSameAsNative(schema, NORTHWIND_PATH);
    const order = schema.tables.find((t) => t.name === 'Order');
    expect(order?.rowCount).toBe(830);
    expect(order?.columns[0]).toMatchObject({
      name: 'Id',
      declaredType: 'INTEGER',
      primaryKeyOrdinal: 1,
    });
    expect(schema.tables.find((t) => t.name === 'ProductDetails_V')?.kind).toBe('view');
    const preview = await session.execute(previewTableSql('Order'));
    expect(preview.rows).toHaveLength(100);
    expect(preview.columns).toEqual(order?.columns.map((c) => c.name));
  });

  it.each(spiderDatabaseIds())('reads Spider %s the same as sqlite3', async (dbId) => {
    const path = spiderDatabasePath(dbId);
    const session = await openTestDb(path);
    expectSameAsNative(session.readSchema(), path);
  });

  it('covers all 19 Spider dev databases', () => {
    expect(spiderDatabaseIds()).toHaveLength(19);
  });
});

describe('Spider dev gold queries', () => {
  const questions = spiderQuestions();
  const dbIds = [...new Set(questions.map((q) => q.db_id))].sort();

  it('has all 972 queries', () => {
    expect(questions).toHaveLength(972);
  });

  it.each(dbIds)('runs every gold query on %s with the row counts sqlite3 gives', async (dbId) => {
    const path = spiderDatabasePath(dbId);
    const queries = questions.filter((q) => q.db_id === dbId).map((q) => q.query);
    const native = sqlite3RowCounts(path, queries);
    expect(native, 'sqlite3 answered every query').not.toContain(-1);
    const session = await openTestDb(path);
    const app: number[] = [];
    for (const query of queries) {
      const result = await session.execute(query).catch((error: unknown) => {
        throw new Error(`${dbId}: ${query}\n${String(error)}`);
      });
      expect(result.truncated).toBe(false);
      app.push(result.rows.length);
    }
    expect(app).toEqual(native);
  });
});
