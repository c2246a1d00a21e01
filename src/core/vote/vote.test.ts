import { beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test-support/open-test-db';
import { spiderDatabasePath } from '../../test-support/shared-data';
import type { SqlExecutor } from '../sql/result';
import { sameResult } from './same-result';
import { agreementLevel, agreementText, voteOnSamples, type VoteSample } from './vote';

const sameRows = sameResult;

let db: SqlExecutor;
beforeAll(async () => {
  db = await openTestDb(spiderDatabasePath('concert_singer'));
});

/** Runs each sample's SQL as the pipeline does; a failure is a sample with no result. */
async function samples(sqls: (string | null)[]): Promise<VoteSample[]> {
  return Promise.all(
    sqls.map(async (sql) => ({
      sql,
      result: sql === null ? null : await db.execute(sql).catch(() => null),
    })),
  );
}

describe('voteOnSamples (Spider: how many singers are from France?)', () => {
  it('adopts the largest group; different spellings of one result are one group', async () => {
    const vote = voteOnSamples(
      await samples([
        "SELECT count(*) FROM singer WHERE Country = 'France'",
        'SELECT count(*) FROM singer',
        "SELECT COUNT(Singer_ID) FROM singer WHERE country = 'France'",
        "SELECT count(*) FROM singer WHERE Country = 'france'",
        "SELECT count(*) FROM singer WHERE Country = 'France'",
      ]),
      sameRows,
    );
    expect(vote.groups.map((g) => g.members)).toEqual([[0, 2, 4], [1], [3]]);
    expect(vote.winner?.sql).toBe("SELECT count(*) FROM singer WHERE Country = 'France'");
    expect(vote.winner?.variants).toEqual([
      "SELECT COUNT(Singer_ID) FROM singer WHERE country = 'France'",
    ]);
    expect(agreementText(vote)).toBe('3 of 5 agree');
    expect(agreementLevel(vote)).toBe('majority');
  });

  it('a tie goes to the group of the first (temperature-0) sample', async () => {
    const vote = voteOnSamples(
      await samples([
        'SELECT count(*) FROM singer',
        "SELECT count(*) FROM singer WHERE Country = 'France'",
        "SELECT count(*) FROM singer WHERE Country = 'France'",
        'SELECT count(Name) FROM singer',
      ]),
      sameRows,
    );
    expect(vote.winner?.members).toEqual([0, 3]);
    expect(agreementLevel(vote)).toBe('split');
  });

  it('samples with no SQL or a failing one join no group but count in k', async () => {
    const vote = voteOnSamples(
      await samples([
        null,
        'SELECT Nme FROM singer',
        "SELECT Name FROM singer WHERE Country = 'France'",
      ]),
      sameRows,
    );
    expect(vote.failed).toBe(2);
    expect(vote.winner?.members).toEqual([2]);
    expect(agreementText(vote)).toBe('1 of 3 agree');
    const none = voteOnSamples(await samples([null, 'SELECT Nme FROM singer']), sameRows);
    expect(none.winner).toBeNull();
    expect(agreementText(none)).toBe('no sample ran');
  });

  it('all agree', async () => {
    const vote = voteOnSamples(await samples(['SELECT 1', 'SELECT 1', 'SELECT 1']), sameRows);
    expect(agreementText(vote)).toBe('all 3 agree');
    expect(agreementLevel(vote)).toBe('all');
  });
});
