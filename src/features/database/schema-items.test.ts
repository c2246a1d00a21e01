import { describe, expect, it } from 'vitest';
import type { DbSchema, TableInfo } from '../../core/schema/types';
import { schemaItems, referenceOf } from './schema-items';

function table(name: string, extra: Partial<TableInfo> = {}): TableInfo {
  return {
    name,
    kind: 'table',
    columns: [
      {
        name: 'id',
        declaredType: 'INTEGER',
        notNull: true,
        defaultValue: null,
        primaryKeyOrdinal: 1,
      },
      {
        name: 'owner_id',
        declaredType: 'INT',
        notNull: false,
        defaultValue: null,
        primaryKeyOrdinal: 0,
      },
    ],
    foreignKeys: [],
    indices: [],
    rowCount: 3,
    sql: null,
    ...extra,
  };
}

const schema: DbSchema = {
  tables: [
    table('Album', {
      foreignKeys: [
        { columns: ['owner_id'], referencedTable: 'Artist', referencedColumns: ['ArtistId'] },
      ],
      indices: [{ name: 'idx_owner', unique: false, columns: ['owner_id'] }],
    }),
    table('Order'),
    table('Order Details'),
    table('Ünïcode "quoted"'),
    table('recent', { kind: 'view', rowCount: null }),
  ],
};

describe('schemaItems', () => {
  it('groups tables and views under headings, collapsed by default', () => {
    const items = schemaItems(schema, '', new Set());
    expect(
      items.map((i) =>
        i.kind === 'table'
          ? i.table.name
          : i.kind === 'section'
            ? `#${i.label} ${i.count}`
            : i.kind,
      ),
    ).toEqual([
      '#Tables 4',
      'Album',
      'Order',
      'Order Details',
      'Ünïcode "quoted"',
      '#Views 1',
      'recent',
    ]);
  });

  it('filters case-insensitively, keeping odd names intact', () => {
    const names = schemaItems(schema, '  oRdEr ', new Set())
      .filter((i) => i.kind === 'table')
      .map((i) => (i.kind === 'table' ? i.table.name : ''));
    expect(names).toEqual(['Order', 'Order Details']);
    expect(
      schemaItems(schema, 'ünï', new Set()).some(
        (i) => i.kind === 'table' && i.table.name === 'Ünïcode "quoted"',
      ),
    ).toBe(true);
  });

  it('lists columns with foreign keys and indices under an expanded table', () => {
    const items = schemaItems(schema, 'album', new Set(['Album']));
    expect(items.map((i) => i.kind)).toEqual(['section', 'table', 'column', 'column', 'index']);
    const owner = items[3];
    expect(owner?.kind === 'column' && owner.references).toBe('Artist.ArtistId');
  });

  it('says so when nothing matches, and when there are no tables at all', () => {
    expect(schemaItems(schema, 'zzz', new Set())).toEqual([
      { kind: 'note', key: 'note:none', text: 'No table matches the filter.' },
    ]);
    expect(schemaItems({ tables: [] }, '', new Set())[0]).toMatchObject({
      text: 'This database has no tables.',
    });
  });

  it('gives every row a distinct key even for look-alike names', () => {
    const twins: DbSchema = { tables: [table('a b'), table('a'), table('b')] };
    const keys = schemaItems(twins, '', new Set(['a b', 'a', 'b'])).map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('stays quick with thousands of tables', () => {
    const many: DbSchema = { tables: Array.from({ length: 5000 }, (_, i) => table(`t${i}`)) };
    const started = performance.now();
    const items = schemaItems(many, 't49', new Set()); // t49, t490-t499, t4900-t4999
    expect(performance.now() - started).toBeLessThan(100);
    expect(items.filter((i) => i.kind === 'table')).toHaveLength(111);
  });
});

describe('referenceOf', () => {
  it('names the referenced table alone when the key lists no column', () => {
    const t = table('x', {
      foreignKeys: [{ columns: ['owner_id'], referencedTable: 'Owner', referencedColumns: [] }],
    });
    expect(referenceOf(t, 'owner_id')).toBe('Owner');
    expect(referenceOf(t, 'id')).toBeNull();
  });
});
