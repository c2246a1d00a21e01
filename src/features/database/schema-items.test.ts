import { describe, expect, it } from 'vitest';
import { NOTE_TEXT_LIMIT } from '../../core/knowledge/descriptions';
import type { SchemaDescriptions } from '../../core/knowledge/types';
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

describe('schemaItems with descriptions', () => {
  const long = `kept for ${'a very long time, '.repeat(30)}then archived`;
  const descriptions: SchemaDescriptions = {
    // Keyed as another copy of the database spelled it: found case-insensitively.
    album: {
      description: long,
      columns: { OWNER_ID: { description: 'who made it', values: '0 means unknown' } },
    },
    Order: { description: '', columns: { id: { description: '', values: 'from 1000 up' } } },
  };

  it('carries what is said of a table and its columns, whole and on one line', () => {
    const items = schemaItems(schema, '', new Set(['Album', 'Order']), { descriptions });
    const album = items.find((i) => i.kind === 'table' && i.table.name === 'Album');
    expect(album).toMatchObject({ description: long, described: true, editing: false });
    expect(long.length).toBeGreaterThan(NOTE_TEXT_LIMIT);
    const notes = items.flatMap((i) => (i.kind === 'column' ? [[i.key, i.note]] : []));
    expect(notes).toEqual([
      ['c:Album\u0000id', null],
      ['c:Album\u0000owner_id', 'who made it; values: 0 means unknown'],
      ['c:Order\u0000id', 'values: from 1000 up'],
      ['c:Order\u0000owner_id', null],
    ]);
    // Described by a column only: no description line, but the pencil says it is described.
    expect(items.find((i) => i.kind === 'table' && i.table.name === 'Order')).toMatchObject({
      description: null,
      described: true,
    });
    expect(items.find((i) => i.kind === 'table' && i.table.name === 'Order Details')).toMatchObject(
      { description: null, described: false },
    );
  });

  it('puts the form of a table being described right under its row, and no other form', () => {
    const items = schemaItems(schema, '', new Set(['Album']), {
      editing: new Set(['Album']),
      descriptions,
    });
    expect(items.slice(0, 4).map((i) => i.key)).toEqual([
      'section:table',
      't:Album',
      'e:Album',
      'c:Album\u0000id',
    ]);
    expect(items[2]).toMatchObject({ kind: 'editor', notes: descriptions.album });
    expect(items.filter((i) => i.kind === 'editor')).toHaveLength(1);
    expect(items[1]).toMatchObject({ editing: true });
  });

  it('stays quick with thousands of tables, hundreds of them described', () => {
    const many: DbSchema = { tables: Array.from({ length: 5000 }, (_, i) => table(`t${i}`)) };
    const described: SchemaDescriptions = Object.fromEntries(
      Array.from({ length: 600 }, (_, i) => [
        `T${i * 7}`,
        { description: `table ${i}`, columns: { ID: { description: 'key', values: '' } } },
      ]),
    );
    const started = performance.now();
    const items = schemaItems(many, '', new Set(), { descriptions: described });
    expect(performance.now() - started).toBeLessThan(100);
    expect(items.filter((i) => i.kind === 'table' && i.described)).toHaveLength(600);
    expect(items.filter((i) => i.kind === 'editor')).toHaveLength(0);
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
