import { beforeAll, describe, expect, it } from 'vitest';
import type { DbSchema } from '../schema/types';
import { openTestDb } from '../../test-support/open-test-db';
import {
  NORTHWIND_PATH,
  spiderDatabasePath,
  spiderQuestions,
} from '../../test-support/shared-data';
import {
  loadSqlParser,
  readsByTokens,
  splitCompound,
  sqlReads,
  sqlReadsByParser,
} from './sql-reads';

let concert: DbSchema;
let northwind: DbSchema;
beforeAll(async () => {
  await loadSqlParser();
  concert = (await openTestDb(spiderDatabasePath('concert_singer'))).readSchema();
  northwind = (await openTestDb(NORTHWIND_PATH)).readSchema();
});

const cases: [string, string, Record<string, string[]>][] = [
  ['one table', 'SELECT Name, Age FROM singer WHERE Age > 30', { singer: ['Name', 'Age'] }],
  [
    'a join with aliases',
    'SELECT T1.Name, count(*) FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.Singer_ID = T2.Singer_ID GROUP BY T1.Name',
    { singer: ['Singer_ID', 'Name'], singer_in_concert: ['Singer_ID'] },
  ],
  [
    'aliases without AS, lower case',
    'select s.name from stadium s join concert c on s.stadium_id = c.stadium_id',
    { concert: ['Stadium_ID'], stadium: ['Stadium_ID', 'Name'] },
  ],
  [
    'a subquery',
    'SELECT Name FROM singer WHERE Age > (SELECT avg(Age) FROM singer)',
    { singer: ['Name', 'Age'] },
  ],
  [
    'a compound query (INTERSECT)',
    'SELECT Country FROM singer WHERE Age > 40 INTERSECT SELECT Country FROM singer WHERE Age < 30',
    { singer: ['Country', 'Age'] },
  ],
  [
    'EXCEPT over two tables',
    'SELECT Name FROM stadium EXCEPT SELECT T2.Name FROM concert AS T1 JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID WHERE T1.Year = 2014',
    { concert: ['Stadium_ID', 'Year'], stadium: ['Stadium_ID', 'Name'] },
  ],
  [
    'a CTE',
    'WITH old AS (SELECT Name FROM singer WHERE Age > 40) SELECT Name FROM old',
    { singer: ['Name', 'Age'] },
  ],
  ['SELECT * names no column', 'SELECT * FROM concert', { concert: [] }],
  [
    'a string that looks like a name is not a column',
    "SELECT Name FROM singer WHERE Country = 'Name'",
    { singer: ['Name', 'Country'] },
  ],
  ['an unknown table reads nothing', 'SELECT x FROM nowhere', {}],
];

describe('sqlReads', () => {
  it.each(cases)('%s', (_name, sql, expected) => {
    expect(sqlReads(sql, concert).columns).toEqual(expected);
  });

  it.each(cases)('the tokenizer alone gets %s', (_name, sql, expected) => {
    expect(readsByTokens(sql, concert).columns).toEqual(expected);
  });

  it.each(cases.filter(([name]) => !/compound|EXCEPT|unknown/.test(name)))(
    'node-sql-parser agrees on %s',
    (_name, sql, expected) => {
      expect(sqlReadsByParser(sql, concert)?.columns).toEqual(expected);
    },
  );

  it('scopes aliases to each part of a compound query', () => {
    const sql =
      'SELECT T2.Name FROM concert AS T1 JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID INTERSECT SELECT T1.Name FROM singer AS T1';
    expect(sqlReads(sql, concert).columns).toEqual({
      concert: ['Stadium_ID'],
      singer: ['Name'],
      stadium: ['Stadium_ID', 'Name'],
    });
  });

  it('asks the parser about SQL in which the tokenizer finds no table', () => {
    expect(readsByTokens('SELECT Name FROM main.singer', concert).tables).toEqual([]);
    expect(sqlReads('SELECT Name FROM main.singer', concert).columns).toEqual({ singer: ['Name'] });
  });

  it('reads quoted reserved names (Northwind "Order")', () => {
    const sql =
      'SELECT o."OrderDate", c.CompanyName FROM "Order" AS o JOIN Customer c ON o.CustomerId = c.Id';
    expect(sqlReads(sql, northwind).columns).toEqual({
      Customer: ['Id', 'CompanyName'],
      Order: ['CustomerId', 'OrderDate'],
    });
    expect(readsByTokens(sql, northwind).columns).toEqual({
      Customer: ['Id', 'CompanyName'],
      Order: ['CustomerId', 'OrderDate'],
    });
  });

  it('falls back to the tokenizer for SQL the parser rejects (a half-written model answer)', () => {
    const sql = 'SELECT T1.Name FROM singer AS T1 JOIN concert AS T2 ON WHERE';
    expect(sqlReads(sql, concert).tables).toEqual(['concert', 'singer']);
  });

  it('finds at least one table in every Spider gold query over concert_singer', () => {
    const golds = spiderQuestions().filter((q) => q.db_id === 'concert_singer');
    expect(golds.length).toBeGreaterThan(30);
    for (const q of golds)
      expect(sqlReads(q.query, concert).tables.length, q.query).toBeGreaterThan(0);
  });
});

describe('splitCompound', () => {
  it('splits only at top-level set operators', () => {
    expect(
      splitCompound(
        "SELECT a FROM t WHERE b IN (SELECT b FROM u UNION SELECT 'x union y') UNION ALL SELECT a FROM v",
      ),
    ).toEqual([
      "SELECT a FROM t WHERE b IN (SELECT b FROM u UNION SELECT 'x union y')",
      'SELECT a FROM v',
    ]);
  });
});
