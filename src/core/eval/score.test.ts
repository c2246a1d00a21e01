import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, openTestDb } from '../../test-support/open-test-db';
import {
  sharedDataAvailable,
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../../test-support/shared-data';
import { prepareForScoring, removeDistinct } from './prepare-sql';
import { AppError } from '../errors';
import type { SqlExecutor } from '../sql/result';
import { scoreByExecution, type ScoringOptions } from './score';

type SqliteSession = Awaited<ReturnType<typeof openTestDb>>;

describe('prepareForScoring', () => {
  it('drops DISTINCT tokens for Spider, not inside strings, quoted names or longer words', () => {
    expect(
      removeDistinct(`SELECT DISTINCT name, count(distinct "distinct"), 'DISTINCT' FROM t`),
    ).toBe(`SELECT  name, count( "distinct"), 'DISTINCT' FROM t`);
    expect(removeDistinct('SELECT distinct_count FROM t')).toBe('SELECT distinct_count FROM t');
  });
  it('keeps DISTINCT with keepDistinct, and BIRD runs the SQL as it is', () => {
    expect(prepareForScoring('SELECT DISTINCT a FROM t', 'spider', { keepDistinct: true })).toBe(
      'SELECT DISTINCT a FROM t',
    );
    expect(prepareForScoring('SELECT DISTINCT a FROM t WHERE b > = 1', 'bird')).toBe(
      'SELECT DISTINCT a FROM t WHERE b > = 1',
    );
  });
  it('joins split operators and replaces YEAR(CURDATE()) for Spider', () => {
    expect(prepareForScoring('SELECT a FROM t WHERE b > = YEAR(CURDATE()) - 5', 'spider')).toBe(
      'SELECT a FROM t WHERE b >= 2020- 5',
    );
  });
});

describe('scoreByExecution on a small table', () => {
  let db: SqliteSession;
  const spider: ScoringOptions = { rule: 'spider' };
  const bird: ScoringOptions = { rule: 'bird' };
  beforeAll(async () => {
    db = await createTestDb();
    await db.execute('CREATE TABLE t (id INTEGER, name TEXT, score REAL)', { allowWrites: true });
    await db.execute(
      "INSERT INTO t VALUES (1, 'ann', 1.0), (2, 'bob', 2.5), (3, 'ann', NULL), (4, 'cy', 2.5)",
      { allowWrites: true },
    );
  });
  afterAll(() => db.close());

  it('matches DISTINCT against no DISTINCT under Spider (removed from both), not under BIRD or keepDistinct', async () => {
    const gold = 'SELECT name FROM t';
    const pred = 'SELECT DISTINCT name FROM t';
    expect((await scoreByExecution(db, gold, pred, spider)).match).toBe(true);
    expect(
      (await scoreByExecution(db, gold, pred, { rule: 'spider', keepDistinct: true })).match,
    ).toBe(false);
    expect((await scoreByExecution(db, gold, pred, bird)).match).toBe(true);
    expect(
      (await scoreByExecution(db, 'SELECT name, id FROM t', 'SELECT id, name FROM t', bird)).match,
    ).toBe(false);
  });

  it('lets order count only when the gold has ORDER BY', async () => {
    const asc = 'SELECT id FROM t ORDER BY id';
    const desc = 'SELECT id FROM t ORDER BY id DESC';
    expect((await scoreByExecution(db, asc, desc, spider)).match).toBe(false);
    expect((await scoreByExecution(db, 'SELECT id FROM t', desc, spider)).match).toBe(true);
    expect((await scoreByExecution(db, asc, desc, bird)).match).toBe(true);
  });

  it('scores a failing, missing or empty prediction 0, with the reason', async () => {
    const failing = await scoreByExecution(db, 'SELECT id FROM t', 'SELECT nope FROM t', spider);
    expect(failing.match).toBe(false);
    expect(failing.reason).toMatch(/^The predicted SQL fails: .*no such column: nope/);
    expect((await scoreByExecution(db, 'SELECT id FROM t', null, spider)).reason).toBe(
      'There is no predicted SQL.',
    );
    expect((await scoreByExecution(db, 'SELECT id FROM t', '  ', spider)).match).toBe(false);
  });

  it('reports a gold that fails apart from the model', async () => {
    const result = await scoreByExecution(db, 'SELECT nope FROM t', 'SELECT id FROM t', spider);
    expect(result.goldFailed).toBe(true);
    expect(result.match).toBe(false);
  });

  it('scores a query that runs past the time limit 0', async () => {
    // The executor's time limit (the worker client stops the worker) surfaces as a timeout error.
    const slow: SqlExecutor = {
      execute: (sql) =>
        sql.includes('RECURSIVE')
          ? Promise.reject(new AppError('timeout', 'The query was stopped after 0.2 s.'))
          : db.execute(sql),
    };
    const endless =
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c';
    const result = await scoreByExecution(slow, 'SELECT id FROM t', endless, spider);
    expect(result.match).toBe(false);
    expect(result.reason).toBe('The predicted SQL times out: The query was stopped after 0.2 s.');
  });
});

describe.skipIf(!sharedDataAvailable())('scoring the 972 shared Spider dev questions', () => {
  const dbs = new Map<string, SqliteSession>();
  const questions = sharedDataAvailable() ? spiderQuestions() : [];
  beforeAll(async () => {
    for (const id of spiderDatabaseIds()) dbs.set(id, await openTestDb(spiderDatabasePath(id)));
  });
  afterAll(() => dbs.forEach((db) => db.close()));

  async function countMatches(
    options: ScoringOptions,
    predict: (gold: string) => string,
  ): Promise<number> {
    let matched = 0;
    for (const q of questions) {
      const db = dbs.get(q.db_id) as SqliteSession;
      const score = await scoreByExecution(db, q.query, predict(q.query), options);
      expect(score.goldFailed).toBe(false);
      if (score.match) matched++;
    }
    return matched;
  }
  const inner = (gold: string) => gold.trim().replace(/;+$/, '');

  it('gives 100% with the gold as the prediction, under both rules', async () => {
    expect(questions).toHaveLength(972);
    expect(await countMatches({ rule: 'spider' }, (g) => g)).toBe(972);
    expect(await countMatches({ rule: 'bird' }, (g) => g)).toBe(972);
  }, 120_000);

  it('gives the exact expected counts for corrupted predictions', async () => {
    // No rows at all: matches exactly the 49 gold queries that return no rows.
    expect(
      await countMatches({ rule: 'spider' }, (g) => `SELECT * FROM (${inner(g)}) LIMIT 0`),
    ).toBe(49);
    // Every row twice: a multiset differs unless empty (49); a set never differs (972).
    const doubled = (g: string) =>
      `SELECT * FROM (${inner(g)}) UNION ALL SELECT * FROM (${inner(g)})`;
    expect(await countMatches({ rule: 'spider' }, doubled)).toBe(49);
    expect(await countMatches({ rule: 'bird' }, doubled)).toBe(972);
    // A syntax error never matches.
    expect(await countMatches({ rule: 'spider' }, (g) => g.replace(/^\s*select/i, 'SELEC'))).toBe(
      0,
    );
  }, 180_000);
});
