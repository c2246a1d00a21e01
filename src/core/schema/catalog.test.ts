import { describe, expect, it } from 'vitest';
import {
  columnsFromRows,
  foreignKeysFromRows,
  indicesFromRows,
  schemaFromCatalog,
} from './catalog';

describe('columnsFromRows', () => {
  it('maps table_xinfo rows, keeping empty types and defaults verbatim', () => {
    const rows = [
      ['t', 0, 'id', 'INTEGER', 0, null, 1, 0],
      ['t', 1, 'name', '', 1, "'x'", 0, 0],
      ['t', 2, 'hidden_vtab_col', 'TEXT', 0, null, 0, 1],
      ['t', 3, 'generated', 'INT', 0, null, 0, 2],
    ];
    expect(columnsFromRows(rows)).toEqual([
      {
        name: 'id',
        declaredType: 'INTEGER',
        notNull: false,
        defaultValue: null,
        primaryKeyOrdinal: 1,
      },
      { name: 'name', declaredType: '', notNull: true, defaultValue: "'x'", primaryKeyOrdinal: 0 },
      {
        name: 'generated',
        declaredType: 'INT',
        notNull: false,
        defaultValue: null,
        primaryKeyOrdinal: 0,
      },
    ]);
  });
});

describe('foreignKeysFromRows', () => {
  it('groups composite keys by id and keeps implicit targets empty', () => {
    const rows = [
      ['t', 1, 0, 'parent', 'a', null],
      ['t', 0, 0, 'Order', 'order_id', 'Id'],
      ['t', 0, 1, 'Order', 'line', 'Line'],
    ];
    expect(foreignKeysFromRows(rows)).toEqual([
      {
        columns: ['order_id', 'line'],
        referencedTable: 'Order',
        referencedColumns: ['Id', 'Line'],
      },
      { columns: ['a'], referencedTable: 'parent', referencedColumns: [] },
    ]);
  });
});

describe('indicesFromRows', () => {
  it('groups columns by index, skips the primary key index, names expressions', () => {
    const rows = [
      ['t', 'sqlite_autoindex_t_1', 1, 'pk', 0, 'id'],
      ['t', 'by_name', 0, 'c', 0, 'last'],
      ['t', 'by_name', 0, 'c', 1, 'first'],
      ['t', 'by_lower', 1, 'c', 0, null],
    ];
    expect(indicesFromRows(rows)).toEqual([
      { name: 'by_name', unique: false, columns: ['last', 'first'] },
      { name: 'by_lower', unique: true, columns: ['<expression>'] },
    ]);
  });
});

describe('schemaFromCatalog', () => {
  it('assembles tables and views in catalogue order with their parts', () => {
    const schema = schemaFromCatalog({
      objects: [
        ['my "t"', 'table', 'CREATE TABLE ...'],
        ['v', 'view', 'CREATE VIEW v AS SELECT 1 AS one'],
      ],
      columns: [
        ['my "t"', 0, 'a', 'TEXT', 0, null, 0, 0],
        ['v', 0, 'one', '', 0, null, 0, 0],
      ],
      foreignKeys: [['my "t"', 0, 0, 'other', 'a', 'b']],
      indices: [['my "t"', 'ix', 0, 'c', 0, 'a']],
      rowCounts: new Map([['my "t"', 3]]),
    });
    expect(schema.tables.map((t) => [t.name, t.kind, t.rowCount, t.columns.length])).toEqual([
      ['my "t"', 'table', 3, 1],
      ['v', 'view', null, 1],
    ]);
    expect(schema.tables[0]?.foreignKeys).toHaveLength(1);
    expect(schema.tables[0]?.indices[0]?.name).toBe('ix');
    expect(schema.tables[1]?.sql).toContain('CREATE VIEW');
  });
});
