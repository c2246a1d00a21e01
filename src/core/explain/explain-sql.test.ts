import { beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test-support/open-test-db';
import { spiderDatabasePath, spiderQuestions } from '../../test-support/shared-data';
import { loadSqlParser, sqlReads } from '../sql/sql-reads';
import type { DbSchema } from '../schema/types';
import { explainSql, explanationText } from './explain-sql';

let concert: DbSchema;
beforeAll(async () => {
  await loadSqlParser();
  concert = (await openTestDb(spiderDatabasePath('concert_singer'))).readSchema();
});

describe('explainSql', () => {
  it('says the tables, the join and its keys, the filter, grouping, order and limit', () => {
    const explained = explainSql(
      'SELECT T2.Name, count(*) AS shows FROM concert AS T1 JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID WHERE T1.Year >= 2014 AND T2.Capacity BETWEEN 1000 AND 5000 GROUP BY T2.Name HAVING count(*) > 1 ORDER BY shows DESC LIMIT 3',
      concert,
    );
    expect(explained.tables).toEqual(['concert', 'stadium']);
    expect(explanationText(explained)).toBe(
      [
        'Reads concert and stadium.',
        'Joins stadium to concert on concert.Stadium_ID = stadium.Stadium_ID.',
        'Keeps only the rows where concert.Year >= 2014, and stadium.Capacity BETWEEN 1000 AND 5000.',
        'Groups the rows by stadium.Name: one result row per value.',
        'Keeps only the groups where the number of rows > 1.',
        'Returns stadium.Name and the number of rows (as shows).',
        'Sorts by shows (largest first).',
        'Keeps at most the first 3 rows.',
      ].join('\n'),
    );
  });

  it('explains compound queries part by part, and subqueries beneath their clause', () => {
    const text = explanationText(
      explainSql(
        "SELECT Name FROM singer WHERE Age > (SELECT avg(Age) FROM singer) INTERSECT SELECT Name FROM singer WHERE Country = 'France'",
        concert,
      ),
    );
    expect(text).toContain('Combines 2 queries with INTERSECT (only the rows both parts return).');
    expect(text).toContain('\nPart 1:\n');
    expect(text).toContain('    It uses a subquery that:');
    expect(text).toContain('      Returns the average Age.');
    expect(text).toContain("Keeps only the rows where Country = 'France'.");
  });

  it('does not call a CTE or an unknown name a table of the database', () => {
    const explained = explainSql(
      'WITH old AS (SELECT Name FROM singer WHERE Age > 40) SELECT Name FROM old ORDER BY Name LIMIT 5 OFFSET 10',
      concert,
    );
    const text = explanationText(explained);
    expect(text).toContain('First defines a named subquery: old.');
    expect(text).toContain('Reads old (not a table of this database).');
    expect(text).toContain('Keeps at most the first 5 rows, after skipping 10.');
    expect(explained.lines.flatMap((l) => l.tables)).not.toContain('old');
  });

  it('names only tables the query reads, over every Spider dev gold query', async () => {
    const schemas = new Map<string, DbSchema>();
    let checked = 0;
    for (const { db_id, query } of spiderQuestions()) {
      let schema = schemas.get(db_id);
      if (!schema) {
        schema = (await openTestDb(spiderDatabasePath(db_id))).readSchema();
        schemas.set(db_id, schema);
      }
      const reads = new Set(sqlReads(query, schema).tables);
      const explained = explainSql(query, schema);
      const named = explained.lines.flatMap((line) => line.tables);
      for (const table of named) expect(reads, `${query} names ${table}`).toContain(table);
      expect(
        explained.lines.some((l) => l.kind === 'returns'),
        query,
      ).toBe(true);
      // Every table the query reads is said somewhere (in a "Reads" line at some depth).
      const said = new Set(
        explained.lines.filter((l) => l.kind === 'reads').flatMap((l) => l.tables),
      );
      for (const table of reads) expect(said, `${query} never says ${table}`).toContain(table);
      checked++;
    }
    expect(checked).toBeGreaterThan(900);
  }, 120_000);
});
