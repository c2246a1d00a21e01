import { describe, expect, it } from 'vitest';
import { completeContinuation } from '../pipeline/parse-sql';
import { chooseCut, clauseBoundaries, cutAt } from './clause-cut';
import { sqlAnswer } from './multitask';

const prefixes = (sql: string) => clauseBoundaries(sql).map((at) => sql.slice(0, at));

describe('clauseBoundaries', () => {
  it.each([
    [
      'SELECT name FROM singer WHERE age > 20 ORDER BY name LIMIT 3',
      [
        'SELECT ',
        'SELECT name ',
        'SELECT name FROM singer ',
        'SELECT name FROM singer WHERE age > 20 ',
        'SELECT name FROM singer WHERE age > 20 ORDER BY name ',
      ],
    ],
    [
      'SELECT DISTINCT T1.a FROM t AS T1 LEFT OUTER JOIN u AS T2 ON T1.id = T2.id GROUP BY T1.a HAVING count(*) > 1',
      [
        'SELECT DISTINCT ',
        'SELECT DISTINCT T1.a ',
        'SELECT DISTINCT T1.a FROM t AS T1 ',
        'SELECT DISTINCT T1.a FROM t AS T1 LEFT OUTER JOIN u AS T2 ON T1.id = T2.id ',
        'SELECT DISTINCT T1.a FROM t AS T1 LEFT OUTER JOIN u AS T2 ON T1.id = T2.id GROUP BY T1.a ',
      ],
    ],
    [
      "SELECT a FROM t WHERE b IN (SELECT b FROM u WHERE c = 'x FROM y') EXCEPT SELECT a FROM v",
      [
        'SELECT ',
        'SELECT a ',
        'SELECT a FROM t ',
        "SELECT a FROM t WHERE b IN (SELECT b FROM u WHERE c = 'x FROM y') ",
        "SELECT a FROM t WHERE b IN (SELECT b FROM u WHERE c = 'x FROM y') EXCEPT SELECT a ",
      ],
    ],
    ['SELECT "from" FROM "where"', ['SELECT ', 'SELECT "from" ']],
  ])('%s', (sql, expected) => {
    expect(prefixes(sql)).toEqual(expected);
  });
});

describe('chooseCut', () => {
  const sqls = [
    'SELECT count(*) FROM Artist',
    'SELECT T1.Name FROM Artist AS T1 JOIN Album AS T2 ON T1.ArtistId = T2.ArtistId GROUP BY T1.ArtistId ORDER BY count(*) DESC LIMIT 1',
    "SELECT Title FROM Album WHERE Title LIKE '%Rock%'",
  ];
  it.each(sqls)('cuts %s at a clause, and the halves join back', (sql) => {
    for (const seed of ['p1', 'p2', 'p3', 'p17']) {
      const cut = chooseCut(sql, seed);
      expect(cut).not.toBeNull();
      const { prefix, rest } = cut as { prefix: string; rest: string };
      expect(prefix + rest).toBe(sql);
      expect(clauseBoundaries(sql)).toContain(prefix.length);
      // The pipeline reads the target answer back to exactly the SQL.
      expect(completeContinuation(sqlAnswer(sql), prefix)).toBe(sql);
    }
  });

  it('is the same cut for the same seed', () => {
    expect(chooseCut(sqls[1] as string, 'p9')).toEqual(chooseCut(sqls[1] as string, 'p9'));
    expect(cutAt('SELECT a FROM t', 9)).toEqual({ prefix: 'SELECT a ', rest: 'FROM t' });
  });
});
