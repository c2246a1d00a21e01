import { describe, expect, it } from 'vitest';
import { entryFor, findTable, primaryKeyOf } from './lookup';
import type { DbSchema, TableInfo } from './types';

const table: TableInfo = {
  name: 'OrderLine',
  kind: 'table',
  columns: [
    {
      name: 'LineNo',
      declaredType: 'INT',
      notNull: true,
      defaultValue: null,
      primaryKeyOrdinal: 2,
    },
    {
      name: 'OrderId',
      declaredType: 'INT',
      notNull: true,
      defaultValue: null,
      primaryKeyOrdinal: 1,
    },
    { name: 'Qty', declaredType: 'INT', notNull: false, defaultValue: null, primaryKeyOrdinal: 0 },
  ],
  foreignKeys: [],
  indices: [],
  rowCount: null,
  sql: null,
};
const schema: DbSchema = { tables: [table] };

describe('schema lookup', () => {
  it('finds a table whatever case the name is written in', () => {
    expect(findTable(schema, 'orderline')).toBe(table);
    expect(findTable(schema, 'Order')).toBeUndefined();
  });

  it('lists a composite primary key in key order, not column order', () => {
    expect(primaryKeyOf(table)).toEqual(['OrderId', 'LineNo']);
  });

  it('reads a table -> columns entry whatever its case', () => {
    expect(entryFor({ ORDERLINE: ['Qty'] }, 'OrderLine')).toEqual(['Qty']);
    expect(entryFor({ Other: [] }, 'OrderLine')).toBeUndefined();
  });
});
