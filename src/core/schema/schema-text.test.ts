import { describe, expect, it } from 'vitest';
import type { ColumnInfo, DbSchema, TableInfo } from './types';
import { openTestDb } from '../../test-support/open-test-db';
import { NORTHWIND_PATH, spiderDatabasePath } from '../../test-support/shared-data';
import { fetchSampleRows, sampleRowsSql } from '../pipeline/sample-rows';
import { formatSampleValue, renderSchemaText, simplifyType } from './schema-text';

const col = (name: string, declaredType: string, primaryKeyOrdinal = 0): ColumnInfo => ({
  name,
  declaredType,
  notNull: false,
  defaultValue: null,
  primaryKeyOrdinal,
});
const table = (
  name: string,
  columns: ColumnInfo[],
  foreignKeys: TableInfo['foreignKeys'] = [],
): TableInfo => ({
  name,
  kind: 'table',
  columns,
  foreignKeys,
  indices: [],
  rowCount: null,
  sql: null,
});

describe('simplifyType', () => {
  it.each([
    ['INTEGER', 'NUMBER'],
    ['int', 'NUMBER'],
    ['REAL', 'NUMBER'],
    ['NUMERIC(10,2)', 'NUMBER'],
    ['DECIMAL(19,4)', 'NUMBER'],
    ['float(3,1)', 'NUMBER'],
    ['DOUBLE', 'NUMBER'],
    ['DATE', 'TIME'],
    ['DATETIME', 'TIME'],
    ['timestamp', 'TIME'],
    ['TIME', 'TIME'],
    ['bool', 'BOOLEAN'],
    ['BOOLEAN', 'BOOLEAN'],
    ['TEXT', 'TEXT'],
    ['VARCHAR(255)', 'TEXT'],
    ['NVARCHAR(40)', 'TEXT'],
    ['char(3)', 'TEXT'],
    ['CLOB', 'TEXT'],
    ['', 'TEXT'],
    ['BLOB', 'OTHERS'],
    ['GEOMETRY', 'OTHERS'],
  ])('%s -> %s', (declared, simple) => {
    expect(simplifyType(declared)).toBe(simple);
  });
});

describe('formatSampleValue', () => {
  it('cuts long strings to about 100 characters and keeps one line', () => {
    const long = `${'word '.repeat(40)}\nmore`;
    const shown = formatSampleValue(long);
    expect(shown.length).toBeLessThanOrEqual(100 + 5);
    expect(shown).not.toContain('\n');
    expect(shown.endsWith("...'")).toBe(true);
  });
  it('escapes quotes and describes blobs', () => {
    expect(formatSampleValue("Stark's Park")).toBe("'Stark''s Park'");
    expect(formatSampleValue(new Uint8Array(12))).toBe('<12 bytes>');
    expect(formatSampleValue(null)).toBe('NULL');
    expect(formatSampleValue(2.5)).toBe('2.5');
  });
});

describe('renderSchemaText', () => {
  const schema: DbSchema = {
    tables: [
      table('people', [col('id', 'INTEGER', 1), col('name', 'TEXT'), col('born', 'DATE')]),
      table(
        'Order',
        [
          col('order id', 'INT', 1),
          col('person_id', 'INT'),
          col('line', 'INT', 2),
          col('paid', 'BOOL'),
        ],
        [{ columns: ['person_id'], referencedTable: 'people', referencedColumns: [] }],
      ),
    ],
  };
  const samples = new Map([
    [
      'people',
      [
        [1, 'Ada', '1815-12-10'],
        [2, 'Alan', '1912-06-23'],
        [3, 'Grace', '1906-12-09'],
        [4, 'Edsger', '1930-05-11'],
      ],
    ],
    ['Order', [[10, 1, 1, 1]]],
  ]);

  it('writes the real primary key (not every column), foreign keys, quoted names and sample rows', () => {
    expect(renderSchemaText(schema, { samples })).toMatchInlineSnapshot(`
      "CREATE TABLE people (
        id NUMBER,
        name TEXT,
        born TIME,
        PRIMARY KEY (id)
      );

      CREATE TABLE "Order" (
        "order id" NUMBER,
        person_id NUMBER,
        line NUMBER,
        paid BOOLEAN,
        PRIMARY KEY ("order id", line),
        FOREIGN KEY (person_id) REFERENCES people (id)
      );

      Sample rows (values in the column order above):
      people: (1, 'Ada', '1815-12-10') (2, 'Alan', '1912-06-23') (3, 'Grace', '1906-12-09')
      "Order": (10, 1, 1, 1)"
    `);
  });

  it('restricts the simplified schema to kept columns, drops keys whose ends are gone, shows more rows', () => {
    const text = renderSchemaText(schema, {
      samples,
      kept: { people: ['name'], order: ['order id', 'PAID'] },
    });
    expect(text).toMatchInlineSnapshot(`
      "CREATE TABLE people (
        name TEXT
      );

      CREATE TABLE "Order" (
        "order id" NUMBER,
        paid BOOLEAN
      );

      Sample rows (values in the column order above):
      people: ('Ada') ('Alan') ('Grace') ('Edsger')
      "Order": (10, 1)"
    `);
  });

  it('fetches sample rows from a real database once and renders Northwind with "Order" quoted', async () => {
    const db = await openTestDb(NORTHWIND_PATH);
    const schema = db.readSchema();
    const samples = await fetchSampleRows(db, schema);
    const order = schema.tables.find((t) => t.name === 'Order') as TableInfo;
    expect(sampleRowsSql(order, 5)).toBe(
      `SELECT ${order.columns.map((c) => `"${c.name}"`).join(', ')} FROM "Order" LIMIT 5`,
    );
    expect(samples.get('Order')).toHaveLength(5);
    const text = renderSchemaText(schema, { samples });
    expect(text).toContain('CREATE TABLE "Order" (');
    expect(text).toMatch(/^"Order": \(\d+, /m);
    // The statement the model copies from the text runs.
    await expect(db.execute('SELECT count(*) FROM "Order"')).resolves.toBeTruthy();
  });

  it('shows every Spider primary key as the database declares it', async () => {
    const db = await openTestDb(spiderDatabasePath('concert_singer'));
    const text = renderSchemaText(db.readSchema());
    expect(text).toContain('PRIMARY KEY (concert_ID, Singer_ID)');
    expect(text).toContain('PRIMARY KEY (Singer_ID)');
    expect(text.match(/PRIMARY KEY/g)).toHaveLength(4);
  });
});
