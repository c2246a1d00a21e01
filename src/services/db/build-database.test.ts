/** CSV text to a real SQLite file: parse, plan, convert, build in sql.js, open it again. */
import { describe, expect, it } from 'vitest';
import { planTable, toBuildTable } from '../../core/csv/import-plan';
import { parseCsv } from '../../core/csv/parse-csv';
import { buildDatabase } from './build-database';
import { loadSqlJs } from './load-sql-js';
import { SqliteSession } from './sqlite-session';

describe('buildDatabase', () => {
  it('makes one table per file with the inferred types, NULL for empty cells', async () => {
    const taken = new Set<string>();
    const people = planTable(
      'people.csv',
      await parseCsv(
        'id,name,born,score\n1,Ann,1990-04-01,2.5\n2,"O""Brien, Pat",,\n3,,2001-12-31,7\n',
      ),
      taken,
    );
    const cities = planTable(
      'my cities.tsv',
      await parseCsv('city\tzip\nOslo\t0150\n', '\t'),
      taken,
    );
    const bytes = buildDatabase(await loadSqlJs(), [toBuildTable(people), toBuildTable(cities)]);

    const session = SqliteSession.open(await loadSqlJs(), bytes);
    const schema = session.readSchema();
    expect(schema.tables.map((t) => t.name)).toEqual(['my_cities', 'people']);
    const peopleTable = schema.tables.find((t) => t.name === 'people');
    expect(peopleTable?.columns.map((c) => `${c.name} ${c.declaredType}`)).toEqual([
      'id INTEGER',
      'name TEXT',
      'born DATE',
      'score REAL',
    ]);
    const rows = session.executeSync(
      'SELECT id, typeof(id), name, born, typeof(born), score, typeof(score) FROM people ORDER BY id',
      {},
    ).rows;
    expect(rows).toEqual([
      [1, 'integer', 'Ann', '1990-04-01', 'text', 2.5, 'real'],
      [2, 'integer', 'O"Brien, Pat', null, 'null', null, 'null'],
      [3, 'integer', null, '2001-12-31', 'text', 7, 'real'],
    ]);
    // A leading zero survives: the zip column is text.
    expect(session.executeSync('SELECT zip, typeof(zip) FROM my_cities', {}).rows).toEqual([
      ['0150', 'text'],
    ]);
    session.close();
  });

  it('keeps a value that does not fit a type the person chose, as text', async () => {
    const table = planTable('t.csv', await parseCsv('v\n1\nn/a\n'), new Set());
    expect(table.columns[0]?.type).toBe('TEXT');
    table.columns[0] = { ...table.columns[0]!, type: 'INTEGER' };
    const session = SqliteSession.open(
      await loadSqlJs(),
      buildDatabase(await loadSqlJs(), [toBuildTable(table)]),
    );
    expect(session.executeSync('SELECT v, typeof(v) FROM t', {}).rows).toEqual([
      [1, 'integer'],
      ['n/a', 'text'],
    ]);
    session.close();
  });
});
