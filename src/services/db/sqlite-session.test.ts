/** The executor's rules on real sql.js: file checks, read-only by default, limits, odd names. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { previewTableSql, quoteIdentifier } from '../../core/sql/identifiers';
import { createTestDb, openTestDb } from '../../test-support/open-test-db';
import { CHINOOK_PATH, readBytes } from '../../test-support/shared-data';
import { requireSqlite3 } from '../../test-support/sqlite-cli';
import { loadSqlJs } from './load-sql-js';
import { SqliteSession } from './sqlite-session';

async function openBytes(bytes: Uint8Array): Promise<SqliteSession> {
  return SqliteSession.open(await loadSqlJs(), bytes);
}

async function openError(bytes: Uint8Array): Promise<AppError> {
  try {
    await openBytes(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the file to be refused');
}

/** A small real PNG: signature, IHDR, IDAT, IEND (CRCs are not checked by anyone here). */
function pngBytes(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    return out;
  };
  const ihdr = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(new Uint8Array([0, 0]))),
    chunk('IEND', new Uint8Array()),
  ];
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

describe('opening files', () => {
  it('refuses an empty file as empty', async () => {
    expect((await openError(new Uint8Array())).code).toBe('empty_file');
  });

  it('refuses a PNG and a text file as not SQLite', async () => {
    expect((await openError(pngBytes())).code).toBe('not_sqlite');
    expect(
      (
        await openError(
          new TextEncoder().encode('CREATE TABLE t (a);\nINSERT INTO t VALUES (1);\n'),
        )
      ).code,
    ).toBe('not_sqlite');
  });

  it('refuses a truncated Chinook as corrupt at open, not at the first query', async () => {
    const chinook = readBytes(CHINOOK_PATH);
    for (const length of [50, 4096, Math.floor(chinook.length / 2), chinook.length - 1024]) {
      const error = await openError(chinook.slice(0, length));
      expect(error.code, `cut at ${length}`).toBe('corrupt_db');
      expect(error.nextStep).toBeTruthy();
    }
  });

  it("refuses a file whose schema page is garbage, with SQLite's message as detail", async () => {
    const chinook = readBytes(CHINOOK_PATH).slice();
    for (let i = 100; i < 1024; i += 1) chinook[i] = (i * 37) & 0xff;
    const error = await openError(chinook);
    expect(error.code).toBe('corrupt_db');
    expect(error.detail).toMatch(/malformed|not a database/);
  });

  it('opens Chinook and exports the same database back', async () => {
    const session = await openTestDb(CHINOOK_PATH);
    const copy = await openBytes(session.exportBytes());
    const count = await copy.execute('SELECT count(*) FROM Track');
    expect(count.rows).toEqual([[3503]]);
  });
});

describe('executing statements', () => {
  it('returns columns, rows and timing for a query', async () => {
    const session = await openTestDb(CHINOOK_PATH);
    const result = await session.execute(
      'SELECT ArtistId, Name FROM Artist ORDER BY ArtistId LIMIT 2',
    );
    expect(result.columns).toEqual(['ArtistId', 'Name']);
    expect(result.rows).toEqual([
      [1, 'AC/DC'],
      [2, 'Accept'],
    ]);
    expect(result).toMatchObject({ truncated: false, changes: 0 });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('returns NULL as null and BLOBs as bytes', async () => {
    const session = await createTestDb();
    const result = await session.execute("SELECT NULL AS n, '' AS e, x'0102ff' AS b, 1.5 AS r");
    expect(result.rows[0]?.[0]).toBeNull();
    expect(result.rows[0]?.[1]).toBe('');
    expect(result.rows[0]?.[2]).toEqual(new Uint8Array([1, 2, 255]));
    expect(result.rows[0]?.[3]).toBe(1.5);
  });

  it('stops at maxRows and says more rows existed', async () => {
    const session = await openTestDb(CHINOOK_PATH);
    const cut = await session.execute('SELECT * FROM Track', { maxRows: 10 });
    expect(cut.rows).toHaveLength(10);
    expect(cut.truncated).toBe(true);
    const exact = await session.execute('SELECT * FROM Track LIMIT 10', { maxRows: 10 });
    expect(exact.truncated).toBe(false);
  });

  it("passes SQLite's message through verbatim as sql_error", async () => {
    const session = await openTestDb(CHINOOK_PATH);
    await expect(session.execute('SELECT nope FROM Artist')).rejects.toMatchObject({
      code: 'sql_error',
      detail: 'no such column: nope',
    });
    await expect(session.execute('SELEC 1')).rejects.toMatchObject({
      code: 'sql_error',
      detail: 'near "SELEC": syntax error',
    });
  });

  it('returns the last statement that gives rows from a script', async () => {
    const session = await createTestDb();
    const result = await session.execute('SELECT 1 AS a; SELECT 2 AS b; ', {});
    expect(result.columns).toEqual(['b']);
    expect(result.rows).toEqual([[2]]);
  });
});

describe('read-only by default', () => {
  it('lets SQLite refuse writes, with a message saying how to allow them', async () => {
    const session = await openTestDb(CHINOOK_PATH);
    for (const sql of [
      'DELETE FROM Track',
      'CREATE TABLE x (a)',
      'UPDATE Artist SET Name = 1',
      'DROP TABLE Genre',
    ]) {
      const error = await session.execute(sql).catch((e: unknown) => e as AppError);
      expect(error, sql).toBeInstanceOf(AppError);
      expect((error as AppError).code, sql).toBe('read_only');
      expect((error as AppError).nextStep).toMatch(/Allow writes/);
    }
    expect((await session.execute('SELECT count(*) FROM Track')).rows).toEqual([[3503]]);
  });

  it('keeps refusing writes when the script switches query_only off first', async () => {
    const session = await openTestDb(CHINOOK_PATH);
    await expect(session.execute('PRAGMA query_only = 0; DELETE FROM Track')).rejects.toMatchObject(
      { code: 'read_only' },
    );
    expect((await session.execute('SELECT count(*) FROM Track')).rows).toEqual([[3503]]);
  });

  it('keeps refusing writes after a statement of its own switched query_only off', async () => {
    const session = await openTestDb(CHINOOK_PATH);
    await session.execute('PRAGMA query_only = 0');
    await expect(session.execute('DELETE FROM Track')).rejects.toMatchObject({ code: 'read_only' });
    session.exportBytes();
    await expect(session.execute('DELETE FROM Track')).rejects.toMatchObject({ code: 'read_only' });
    expect((await session.execute('SELECT count(*) FROM Track')).rows).toEqual([[3503]]);
  });

  it('writes when allowed, counts the changed rows, and the export keeps them', async () => {
    const session = await openTestDb(CHINOOK_PATH);
    const deleted = await session.execute('DELETE FROM InvoiceLine WHERE InvoiceId <= 2', {
      allowWrites: true,
    });
    expect(deleted.changes).toBe(6);
    const next = await session.execute('SELECT count(*) FROM InvoiceLine');
    expect(next).toMatchObject({ changes: 0, rows: [[2234]] });
    await expect(session.execute('DELETE FROM InvoiceLine')).rejects.toMatchObject({
      code: 'read_only',
    });
    const reopened = await openBytes(session.exportBytes());
    expect((await reopened.execute('SELECT count(*) FROM InvoiceLine')).rows).toEqual([[2234]]);
  });
});

describe('odd names', () => {
  const names = [
    'my table',
    'say "hi"',
    "it's",
    'ünïcødé 表',
    'Order',
    'select',
    '[bracketed]',
    'a.b',
    '  padded  ',
  ];

  async function oddDatabase(): Promise<SqliteSession> {
    const session = await createTestDb();
    const statements = names.map(
      (name, i) =>
        `CREATE TABLE ${quoteIdentifier(name)} (${quoteIdentifier(`id of ${name}`)} INTEGER PRIMARY KEY, "group" TEXT NOT NULL DEFAULT 'x', parent INTEGER REFERENCES ${quoteIdentifier(names[0] ?? '')}(${quoteIdentifier(`id of ${names[0]}`)}));
       CREATE INDEX ${quoteIdentifier(`ix ${name}`)} ON ${quoteIdentifier(name)} ("group", parent);
       INSERT INTO ${quoteIdentifier(name)} ("group") VALUES ${Array.from({ length: i + 1 }, () => "('g')").join(', ')};`,
    );
    statements.push(`CREATE VIEW "view of ""Order""" AS SELECT * FROM "Order";`);
    await session.execute(statements.join('\n'), { allowWrites: true });
    // Reopened from its bytes, the way a person's file arrives.
    return SqliteSession.open(await loadSqlJs(), session.exportBytes());
  }

  it('reads tables, columns, keys, indices and counts for every name', async () => {
    const schema = (await oddDatabase()).readSchema();
    expect(schema.tables.map((t) => t.name).sort()).toEqual([...names, 'view of "Order"'].sort());
    names.forEach((name, i) => {
      const table = schema.tables.find((t) => t.name === name);
      expect(table?.rowCount, name).toBe(i + 1);
      expect(table?.columns.map((c) => c.name)).toEqual([`id of ${name}`, 'group', 'parent']);
      expect(table?.columns[1]).toMatchObject({
        notNull: true,
        defaultValue: "'x'",
        declaredType: 'TEXT',
      });
      expect(table?.foreignKeys).toEqual([
        { columns: ['parent'], referencedTable: 'my table', referencedColumns: ['id of my table'] },
      ]);
      expect(table?.indices).toEqual([
        { name: `ix ${name}`, unique: false, columns: ['group', 'parent'] },
      ]);
    });
    const view = schema.tables.find((t) => t.kind === 'view');
    expect(view).toMatchObject({ name: 'view of "Order"', rowCount: null });
    expect(view?.columns.map((c) => c.name)).toEqual(['id of Order', 'group', 'parent']);
  });

  it('previews every table and view with the quoted statement', async () => {
    const session = await oddDatabase();
    for (const table of session.readSchema().tables) {
      const result = await session.execute(previewTableSql(table.name));
      expect(result.rows.length, table.name).toBe(
        table.kind === 'view' ? 5 : names.indexOf(table.name) + 1,
      );
    }
  });

  it('reads a file whose virtual tables need modules sql.js lacks (fts5, rtree)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vtab-')), 'vtab.sqlite');
    execFileSync(requireSqlite3(), [path], {
      input: `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
        INSERT INTO notes (body) VALUES ('a'), ('b');
        CREATE VIRTUAL TABLE docs USING fts5(body);
        CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx);`,
    });
    const session = await openTestDb(path);
    const schema = session.readSchema();
    expect(schema.tables.find((t) => t.name === 'notes')).toMatchObject({
      rowCount: 2,
      columns: [{ name: 'id' }, { name: 'body' }],
    });
    expect(schema.tables.find((t) => t.name === 'docs')).toMatchObject({
      kind: 'table',
      rowCount: null,
      columns: [],
    });
    await expect(session.execute('SELECT * FROM docs')).rejects.toMatchObject({
      code: 'sql_error',
      detail: 'no such module: fts5',
    });
  });

  it('reads hundreds of tables quickly', async () => {
    const session = await createTestDb();
    const script = Array.from(
      { length: 400 },
      (_, i) =>
        `CREATE TABLE "t ${i}" (id INTEGER PRIMARY KEY, ref INTEGER REFERENCES "t ${Math.max(0, i - 1)}"(id), v TEXT); CREATE INDEX "ix ${i}" ON "t ${i}"(v);`,
    ).join('\n');
    await session.execute(script, { allowWrites: true });
    const started = performance.now();
    const schema = session.readSchema();
    const elapsed = performance.now() - started;
    expect(schema.tables).toHaveLength(400);
    expect(
      schema.tables.every(
        (t) => t.foreignKeys.length === 1 && t.indices.length === 1 && t.rowCount === 0,
      ),
    ).toBe(true);
    expect(elapsed).toBeLessThan(1000);
  });
});
