import { beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test-support/open-test-db';
import { CHINOOK_PATH, spiderDatabasePath } from '../../test-support/shared-data';
import type { DbSchema } from '../schema/types';
import type { SqlExecutor } from '../sql/result';
import { checkResult, findingGone, type Finding } from './checks';

interface Db {
  db: SqlExecutor;
  schema: DbSchema;
}

async function open(path: string): Promise<Db> {
  const session = await openTestDb(path);
  return { db: session, schema: session.readSchema() };
}

/** Runs the SQL as the pipeline would, then the checks on its result. */
async function findings({ db, schema }: Db, sql: string): Promise<Finding[]> {
  const result = await db.execute(sql);
  return checkResult({ sql, result, schema, db, timeoutMs: 5000 });
}

const sentences = (list: Finding[]) => list.map((f) => f.sentence);

let chinook: Db;
let world: Db;
let concert: Db;
beforeAll(async () => {
  [chinook, world, concert] = await Promise.all([
    open(CHINOOK_PATH),
    open(spiderDatabasePath('world_1')),
    open(spiderDatabasePath('concert_singer')),
  ]);
});

describe('a literal filter no row holds', () => {
  it("'USA' where the data says 'United States' (Spider: singers from the USA)", async () => {
    const list = await findings(concert, "SELECT Name FROM singer WHERE Country = 'USA'");
    expect(sentences(list)).toEqual([
      "Country = 'USA' matches no row of singer; the column holds 'United States' (1 row).",
    ]);
  });

  it("'UK' for 'United Kingdom', initials (Chinook: customers in the UK)", async () => {
    const list = await findings(chinook, "SELECT FirstName FROM Customer WHERE Country = 'UK'");
    expect(sentences(list)).toEqual([
      "Country = 'UK' matches no row of Customer; the column holds 'United Kingdom' (3 rows).",
    ]);
  });

  it('case, through an alias (Spider: countries of europe)', async () => {
    const list = await findings(
      world,
      "SELECT T1.Name FROM country AS T1 WHERE T1.Continent = 'europe'",
    );
    expect(sentences(list)).toEqual([
      "T1.Continent = 'europe' matches no row of country; the column holds 'Europe' (46 rows).",
    ]);
  });

  it('a spelling a few edits away, in an IN list and a LIKE', async () => {
    const inList = await findings(
      world,
      "SELECT Name FROM country WHERE Name IN ('Brasil', 'Chile')",
    );
    expect(sentences(inList)).toEqual([]); // Chile matches: the result is not empty.
    const only = await findings(world, "SELECT Name FROM country WHERE Name IN ('Brasil')");
    expect(sentences(only)[0]).toMatch(
      /^Name IN \(\.\.\.\) with 'Brasil' matches no row of country; .*'Brazil' \(1 row\)/,
    );
    const like = await findings(chinook, "SELECT Name FROM Genre WHERE Name LIKE 'Jaz %'");
    expect(sentences(like)).toEqual([
      "Name LIKE 'Jaz %' matches no row of Genre; the column holds 'Jazz' (1 row).",
    ]);
  });

  it('nothing close: says so', async () => {
    const list = await findings(concert, "SELECT Name FROM singer WHERE Country = 'Atlantis'");
    expect(sentences(list)).toEqual([
      "Country = 'Atlantis' matches no row of singer, and no value of Country comes close to 'Atlantis'.",
    ]);
  });

  it('a filter that matches gives no finding, even when other filters empty the result', async () => {
    const list = await findings(
      concert,
      "SELECT Name FROM singer WHERE Country = 'France' AND Age > 200",
    );
    expect(list).toEqual([]);
  });
});

describe('an aggregate over no rows', () => {
  it('Spider: population of the Carribean (misspelt): one finding for the empty sum, one for the value', async () => {
    const list = await findings(
      world,
      "SELECT sum(Population) FROM country WHERE Region = 'Carribean'",
    );
    expect(list.map((f) => f.kind)).toEqual(['aggregate_over_no_rows', 'value_not_found']);
    expect(list[1]?.sentence).toBe(
      "Region = 'Carribean' matches no row of country; the column holds 'Caribbean' (24 rows).",
    );
  });

  it('a count that really is 0 over matching filters is not an aggregate over nothing twice', async () => {
    const list = await findings(concert, 'SELECT count(*) FROM singer WHERE Age > 200');
    expect(list.map((f) => f.kind)).toEqual(['aggregate_over_no_rows']);
  });
});

describe('join fan-out', () => {
  it('Chinook: how many artists play jazz, counted with COUNT(*) over tracks', async () => {
    const wrong =
      "SELECT count(*) FROM Artist AS ar JOIN Album AS al ON al.ArtistId = ar.ArtistId JOIN Track AS t ON t.AlbumId = al.AlbumId JOIN Genre AS g ON g.GenreId = t.GenreId WHERE g.Name = 'Jazz'";
    const list = await findings(chinook, wrong);
    expect(list.map((f) => f.kind)).toEqual(['join_fan_out']);
    expect(list[0]?.sentence).toMatch(
      /^count\(\*\) counts 130 rows of the join, but they hold only \d+ different Artist rows \(ArtistId\)/,
    );
    const right = wrong.replace('count(*)', 'count(DISTINCT ar.ArtistId)');
    expect(await findings(chinook, right)).toEqual([]);
    expect(findingGone(list[0] as Finding, await findings(chinook, right))).toBe(true);
  });

  it('Spider: total population of Asian countries, summed over their official languages', async () => {
    const list = await findings(
      world,
      "SELECT sum(T1.Population) FROM country AS T1 JOIN countrylanguage AS T2 ON T1.Code = T2.CountryCode WHERE T1.Continent = 'Asia' AND T2.IsOfficial = 'T'",
    );
    expect(list.map((f) => f.kind)).toEqual(['join_fan_out']);
    expect(list[0]?.sentence).toMatch(
      /^sum\(T1\.Population\) adds values of country over \d+ rows of the join/,
    );
  });

  it('COUNT(*) per group counts the many side on purpose: no finding', async () => {
    const list = await findings(
      chinook,
      'SELECT ar.Name, count(*) FROM Artist AS ar JOIN Album AS al ON al.ArtistId = ar.ArtistId GROUP BY ar.ArtistId',
    );
    expect(list).toEqual([]);
  });
});

describe('all-NULL columns', () => {
  it('Chinook: the states of German customers', async () => {
    const list = await findings(
      chinook,
      "SELECT FirstName, State FROM Customer WHERE Country = 'Germany'",
    );
    expect(sentences(list)).toEqual(["The result's column State is NULL in all 4 rows."]);
  });
});

describe('gold SQL looks plausible', () => {
  it.each([
    [
      'concert_singer',
      'SELECT T2.Name, count(*) FROM singer_in_concert AS T1 JOIN singer AS T2 ON T1.singer_id = T2.singer_id GROUP BY T2.singer_id',
    ],
    ['concert_singer', "SELECT Name FROM singer WHERE Country = 'France'"],
    [
      'world_1',
      "SELECT count(DISTINCT T2.Language) FROM country AS T1 JOIN countrylanguage AS T2 ON T1.Code = T2.CountryCode WHERE T1.Continent = 'Asia'",
    ],
  ])('%s: %s', async (id, sql) => {
    expect(await findings(id === 'world_1' ? world : concert, sql)).toEqual([]);
  });
});
