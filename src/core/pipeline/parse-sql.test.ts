import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { completeContinuation, extractSql, findSql } from './parse-sql';

describe('extractSql', () => {
  const cases: [string, string, string][] = [
    ['a fenced block', '```sql\nSELECT name FROM singer\n```', 'SELECT name FROM singer'],
    [
      'a fence with a trailing semicolon',
      '```sql\nSELECT name FROM singer;\n```',
      'SELECT name FROM singer',
    ],
    [
      'prose around a fence',
      'Here is the query:\n```sql\nSELECT count(*) FROM concert;\n```\nIt counts the concerts.',
      'SELECT count(*) FROM concert',
    ],
    ['an upper-case SQL tag', '```SQL\nSELECT 1 FROM t\n```', 'SELECT 1 FROM t'],
    ['a sqlite tag', '```sqlite\nSELECT a FROM t\n```', 'SELECT a FROM t'],
    ['an untagged fence', '```\nSELECT a FROM t\n```', 'SELECT a FROM t'],
    [
      'several blocks: the last sql block with SELECT wins',
      'First try:\n```sql\nSELECT a FROM t\n```\nBetter:\n```sql\nSELECT b FROM t\n```\n```text\nnot sql\n```',
      'SELECT b FROM t',
    ],
    [
      'a later sql block without SELECT is passed over',
      '```sql\nSELECT a FROM t\n```\n```sql\n-- nothing here\n```',
      'SELECT a FROM t',
    ],
    [
      'unfenced, with a semicolon',
      'The answer is SELECT name FROM singer WHERE age > 30; this lists them.',
      'SELECT name FROM singer WHERE age > 30',
    ],
    [
      'unfenced, to the end',
      'SELECT name FROM singer ORDER BY age',
      'SELECT name FROM singer ORDER BY age',
    ],
    [
      'lower-case select',
      'select name from singer where age > 30',
      'select name from singer where age > 30',
    ],
    [
      'prose after a blank line is not SQL',
      'SELECT name FROM singer\n\nThis returns every name.',
      'SELECT name FROM singer',
    ],
    [
      'upper-case SELECT preferred over the English word',
      'To select the singers, run SELECT name FROM singer',
      'SELECT name FROM singer',
    ],
    [
      'a semicolon inside a string is kept',
      "```sql\nSELECT * FROM t WHERE a = 'x;y';\n```",
      "SELECT * FROM t WHERE a = 'x;y'",
    ],
    [
      'truncated at the token limit inside a fence',
      '```sql\nSELECT T1.name FROM singer AS T1 JOIN concert AS',
      'SELECT T1.name FROM singer AS T1 JOIN concert AS',
    ],
    [
      'a CTE',
      '```sql\nWITH big AS (SELECT * FROM stadium WHERE capacity > 5000)\nSELECT name FROM big\n```',
      'WITH big AS (SELECT * FROM stadium WHERE capacity > 5000)\nSELECT name FROM big',
    ],
    [
      'an unfenced CTE keeps its WITH',
      'Query: WITH x AS (SELECT a FROM t) SELECT a FROM x;',
      'WITH x AS (SELECT a FROM t) SELECT a FROM x',
    ],
    [
      '"with" in prose is not a CTE',
      'Start with the singers: SELECT name FROM singer;',
      'SELECT name FROM singer',
    ],
    [
      'a Qwen-style answer with explanation first',
      'To find the youngest singer we sort by age.\n\n```sql\nSELECT name FROM singer ORDER BY age ASC LIMIT 1;\n```',
      'SELECT name FROM singer ORDER BY age ASC LIMIT 1',
    ],
  ];
  it.each(cases)('%s', (_name, answer, expected) => {
    expect(extractSql(answer)).toBe(expected);
  });

  it.each([
    ['an empty answer', ''],
    ['prose only', 'I cannot answer this question with the given schema.'],
    ['a fence with no SQL and no SELECT', '```json\n{"a": 1}\n```'],
  ])('fails with unparseable_answer on %s', (_name, answer) => {
    expect(findSql(answer)).toBeNull();
    try {
      extractSql(answer);
      expect.unreachable('extractSql should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('unparseable_answer');
      expect((error as AppError).message).toMatch(/no SQL/);
    }
  });
});

describe('completeContinuation', () => {
  const cases: [string, string, string, string][] = [
    [
      'repeats the prefix in a fence',
      '```sql\nSELECT name FROM singer\n```',
      'SELECT ',
      'SELECT name FROM singer',
    ],
    ['gives only the rest', 'name FROM singer', 'SELECT ', 'SELECT name FROM singer'],
    [
      'gives only the rest in a fence',
      '```sql\nname, age FROM singer;\n```',
      'SELECT ',
      'SELECT name, age FROM singer',
    ],
    [
      'repeats a longer prefix',
      '```sql\nSELECT T1.name FROM singer AS T1 WHERE T1.age > 30\n```',
      'SELECT T1.name FROM singer AS T1',
      'SELECT T1.name FROM singer AS T1 WHERE T1.age > 30',
    ],
    [
      'continues a longer prefix',
      'JOIN concert AS T2 ON T1.id = T2.id',
      'SELECT T1.name FROM singer AS T1',
      'SELECT T1.name FROM singer AS T1 JOIN concert AS T2 ON T1.id = T2.id',
    ],
    [
      'repeats the prefix in another case',
      'select name from singer;',
      'SELECT ',
      'select name from singer',
    ],
    [
      'writes a fresh query that ignores the prefix',
      '```sql\nSELECT count(*) FROM concert\n```',
      'SELECT name FROM',
      'SELECT count(*) FROM concert',
    ],
    [
      'repeats the prefix with prose after it',
      'SELECT name FROM singer\n\nThis lists every singer.',
      'SELECT ',
      'SELECT name FROM singer',
    ],
    ['a prefix without a trailing space', 'name FROM singer', 'SELECT', 'SELECT name FROM singer'],
    [
      'repeats the prefix after prose',
      'Here is the completed query: SELECT name FROM singer;',
      'SELECT ',
      'SELECT name FROM singer',
    ],
    [
      'a truncated continuation',
      '```sql\nSELECT T1.name FROM singer AS T1 JOIN',
      'SELECT ',
      'SELECT T1.name FROM singer AS T1 JOIN',
    ],
  ];
  it.each(cases)('%s', (_name, answer, prefix, expected) => {
    expect(completeContinuation(answer, prefix)).toBe(expected);
  });

  it('fails on an empty answer', () => {
    expect(() => completeContinuation('   ', 'SELECT ')).toThrow(AppError);
  });
});
