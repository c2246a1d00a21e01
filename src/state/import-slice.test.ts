/** CSV import through the store: files to a preview, a changed type, one new database opened. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createDbClient } from '../services/db/worker-db-client';
import { createDatabaseStore } from '../services/storage/database-store';
import { spawnInProcessDbWorker } from '../test-support/node-db-worker';
import { createDatabaseSliceWith } from './database-slice';
import { createImportSlice, isDelimitedTextFile } from './import-slice';
import type { AppState } from './store';

function store() {
  const database = createDatabaseSliceWith({
    createClient: () => createDbClient({ spawnWorker: spawnInProcessDbWorker }),
    store: createDatabaseStore(),
    fetch: () => Promise.reject(new Error('no network in this test')),
    saveFile: () => undefined,
    baseUrl: () => 'http://playground.test/',
  });
  return createStore<AppState>()(
    (...args) => ({ ...database(...args), ...createImportSlice(...args) }) as AppState,
  );
}

describe('CSV import', () => {
  it('previews several files, takes a changed type, and opens one database with a table each', async () => {
    const app = store();
    await app
      .getState()
      .prepareCsvImport([
        new File(['id,city\n1,Oslo\n2,Lima\n3\n'], 'cities.csv', { type: 'text/csv' }),
        new File(['code\tvalue\n01\t2.5\n02\t\n'], 'codes.tsv'),
        new File([''], 'empty.csv'),
      ]);
    const preview = app.getState().csvImport;
    expect(preview.state).toBe('preview');
    if (preview.state !== 'preview') return;
    expect(preview.tables.map((t) => t.name)).toEqual(['cities', 'codes']);
    expect(preview.tables[1]?.columns.map((c) => c.type)).toEqual(['TEXT', 'REAL']);
    expect(preview.tables[0]?.problems).toEqual([
      { line: 4, message: '1 of 2 fields; the missing ones are NULL', skipped: false },
    ]);
    expect(preview.refused.map((e) => e.message)).toEqual([
      'empty.csv is empty: it has no header line.',
    ]);

    app.getState().setImportColumnType(0, 0, 'TEXT');
    await app.getState().confirmCsvImport();
    expect(app.getState().csvImport).toEqual({ state: 'closed' });
    const { database, dbClient } = app.getState();
    expect(database?.name).toBe('import-2-tables.sqlite');
    expect(database?.schema.tables.map((t) => t.name)).toEqual(['cities', 'codes']);
    const result = await dbClient!.execute(
      'SELECT typeof(id), city FROM cities UNION ALL SELECT typeof(code), value FROM codes',
    );
    expect(result.rows).toEqual([
      ['text', 'Oslo'],
      ['text', 'Lima'],
      ['text', null],
      ['text', 2.5],
      ['text', null],
    ]);
  });

  it('refuses repeated table names before building, and keeps the preview', async () => {
    const app = store();
    await app
      .getState()
      .prepareCsvImport([new File(['a\n1\n'], 'x.csv'), new File(['b\n2\n'], 'y.csv')]);
    app.getState().setImportTableName(1, 'X');
    await app.getState().confirmCsvImport();
    const state = app.getState().csvImport;
    expect(state.state).toBe('failed');
    if (state.state === 'failed') expect(state.error.message).toBe('Two tables are named X.');
    expect(app.getState().database).toBeNull();
  });

  it('recognises CSV and TSV files by name or type', () => {
    expect(isDelimitedTextFile({ name: 'a.CSV', type: '' })).toBe(true);
    expect(isDelimitedTextFile({ name: 'data', type: 'text/csv' })).toBe(true);
    expect(isDelimitedTextFile({ name: 'a.sqlite', type: '' })).toBe(false);
  });
});
