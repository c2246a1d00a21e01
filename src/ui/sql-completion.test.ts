import { describe, expect, it } from 'vitest';
import type { DbSchema, TableInfo } from '../core/schema/types';
import { completionEntries } from './sql-completion';

function table(
  name: string,
  columns: [string, string][],
  kind: 'table' | 'view' = 'table',
): TableInfo {
  return {
    name,
    kind,
    columns: columns.map(([column, declaredType]) => ({
      name: column,
      declaredType,
      notNull: false,
      defaultValue: null,
      primaryKeyOrdinal: 0,
    })),
    foreignKeys: [],
    indices: [],
    rowCount: null,
    sql: null,
  };
}

describe('completionEntries', () => {
  const schema: DbSchema = {
    tables: [
      table('Album', [
        ['AlbumId', 'INTEGER'],
        ['Title', 'NVARCHAR(160)'],
      ]),
      table('Order', [['AlbumId', 'INTEGER']]),
      table('top albums', [['Title', '']], 'view'),
    ],
  };

  it('offers tables and views with their insert text quoted as needed', () => {
    const tables = completionEntries(schema).filter((e) => e.kind === 'table' || e.kind === 'view');
    expect(tables.map((e) => [e.label, e.insertText, e.kind])).toEqual([
      ['Album', 'Album', 'table'],
      ['Order', '"Order"', 'table'],
      ['top albums', '"top albums"', 'view'],
    ]);
  });

  it('offers each column name once, naming the tables that hold it', () => {
    const columns = completionEntries(schema).filter((e) => e.kind === 'column');
    expect(columns.map((e) => e.label)).toEqual(['AlbumId', 'Title']);
    expect(columns[0]?.detail).toBe('INTEGER · Album, Order');
  });

  it('offers keywords even without a database', () => {
    const entries = completionEntries(null);
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.every((e) => e.kind === 'keyword')).toBe(true);
  });
});
