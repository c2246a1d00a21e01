import { describe, expect, it } from 'vitest';
import { openTestDb } from '../../test-support/open-test-db';
import {
  sharedDataAvailable,
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../../test-support/shared-data';
import {
  readSpiderSchema,
  spiderHardness,
  type Difficulty,
  type SpiderSchema,
} from './spider-hardness';

describe.skipIf(!sharedDataAvailable())('spiderHardness on the shared Spider dev set', () => {
  it('gives the official 232 easy / 416 medium / 160 hard / 164 extra', async () => {
    const schemas = new Map<string, SpiderSchema>();
    for (const id of spiderDatabaseIds()) {
      const db = await openTestDb(spiderDatabasePath(id));
      schemas.set(id, await readSpiderSchema(db));
      db.close();
    }
    const counts: Record<Difficulty, number> = { easy: 0, medium: 0, hard: 0, extra: 0 };
    const failures: string[] = [];
    for (const q of spiderQuestions()) {
      const result = spiderHardness(q.query, schemas.get(q.db_id) ?? {});
      if (result.ok) counts[result.difficulty]++;
      else failures.push(`${q.query}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
    expect(counts).toEqual({ easy: 232, medium: 416, hard: 160, extra: 164 });
  });
});

describe('spiderHardness on single queries', () => {
  const schema: SpiderSchema = {
    singer: ['singer_id', 'name', 'country', 'age'],
    concert: ['concert_id', 'year', 'stadium_id'],
    singer_in_concert: ['concert_id', 'singer_id'],
  };
  it.each([
    ['SELECT count(*) FROM singer', 'easy'],
    ['SELECT name FROM singer WHERE age > 20', 'easy'],
    ['SELECT name, country FROM singer WHERE age > 20', 'medium'],
    [
      'SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id',
      'easy',
    ],
    ['SELECT name FROM singer WHERE age > 20 ORDER BY age DESC LIMIT 1', 'hard'],
    ['SELECT name FROM singer WHERE age > (SELECT avg(age) FROM singer)', 'hard'],
    [
      'SELECT name FROM singer WHERE age > 20 INTERSECT SELECT name FROM singer WHERE age < 40',
      'hard',
    ],
    ["SELECT name FROM singer WHERE country = 'France' AND age > 20 OR name LIKE '%a%'", 'hard'],
    [
      'SELECT country FROM singer WHERE age > 20 GROUP BY country INTERSECT SELECT country FROM singer',
      'extra',
    ],
    // The original counts a NOT condition as an aggregate: two of them make "others" 2.
    [
      'SELECT name FROM singer WHERE age NOT IN (SELECT age FROM singer) AND name NOT LIKE "a"',
      'extra',
    ],
  ])('%s is %s', (sql, difficulty) => {
    expect(spiderHardness(sql, schema)).toEqual({ ok: true, difficulty });
  });

  it('fails where the official parser fails: unknown columns, column aliases', () => {
    expect(spiderHardness('SELECT height FROM singer', schema)).toMatchObject({ ok: false });
    const aliased = spiderHardness('SELECT count(*) AS n FROM singer', schema);
    expect(aliased.ok).toBe(false);
  });
});
