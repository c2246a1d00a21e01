import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { parseNoiseCorrection } from './parse-verdict';
import { CORRECT_VERDICT } from './prompts';

const reviewed = 'SELECT name FROM singer WHERE age > 30';

describe('parseNoiseCorrection', () => {
  it.each([
    ['the exact verdict', CORRECT_VERDICT],
    ['a verdict in other words', 'The SQL is already correct and answers the question.'],
    ['a bare "Correct"', 'Correct.'],
    ['the reviewed SQL repeated in a fence', `Looks fine.\n\`\`\`sql\n${reviewed};\n\`\`\``],
    [
      'the reviewed SQL repeated with other spacing and case',
      'The query:\n```sql\nselect name  from singer\nwhere age > 30\n```',
    ],
    ['a verdict quoting the SQL in prose', `The query is correct: ${reviewed}`],
    [
      'a verdict before a different SQL (the verdict comes first)',
      'The query is correct.\n```sql\nSELECT name FROM singer\n```',
    ],
    ["the fine-tuned models' wording", 'The SQL query can correctly answer the question.'],
    ['"can correctly answer" before a repeat', `It can correctly answer the question: ${reviewed}`],
    ['the reviewed SQL and a verdict after it', `${reviewed};\nThis query is correct.`],
  ])('reads %s as correct', (_name, answer) => {
    expect(parseNoiseCorrection(answer, reviewed)).toEqual({ verdict: 'correct', sql: null });
  });

  it.each([
    [
      'a fenced correction',
      'The filter is wrong.\n```sql\nSELECT name FROM singer WHERE age < 30\n```',
      'SELECT name FROM singer WHERE age < 30',
    ],
    [
      'a negative verdict with a correction',
      'The query is not correct. It should be SELECT name FROM singer WHERE age >= 30;',
      'SELECT name FROM singer WHERE age >= 30',
    ],
    [
      '"incorrect" with a correction',
      'This is incorrect.\n```sql\nSELECT count(*) FROM singer\n```',
      'SELECT count(*) FROM singer',
    ],
    [
      'a different SQL followed by "this query is correct now"',
      'The age filter is reversed.\n```sql\nSELECT name FROM singer WHERE age < 30\n```\nThis query is correct now.',
      'SELECT name FROM singer WHERE age < 30',
    ],
    [
      'a different unfenced SQL and then a verdict',
      'SELECT name FROM singer WHERE age >= 30; the query is correct with >=.',
      'SELECT name FROM singer WHERE age >= 30',
    ],
    [
      '"cannot correctly answer" with a correction',
      'The query cannot correctly answer the question.\n```sql\nSELECT count(*) FROM singer\n```',
      'SELECT count(*) FROM singer',
    ],
    [
      'a correction with several blocks (the last wins)',
      '```sql\nSELECT a FROM t\n```\nOr better:\n```sql\nSELECT b FROM t\n```',
      'SELECT b FROM t',
    ],
  ])('reads %s as corrected', (_name, answer, sql) => {
    expect(parseNoiseCorrection(answer, reviewed)).toEqual({ verdict: 'corrected', sql });
  });

  it('counts a changed string value as a correction', () => {
    const original = "SELECT name FROM singer WHERE country = 'france'";
    expect(
      parseNoiseCorrection(
        "```sql\nSELECT name FROM singer WHERE country = 'France'\n```",
        original,
      ),
    ).toEqual({
      verdict: 'corrected',
      sql: "SELECT name FROM singer WHERE country = 'France'",
    });
  });

  it.each([
    ['an empty answer', ''],
    ['a wrong verdict without SQL', 'The query is wrong because it ignores the age.'],
    ['"does not correctly answer" without SQL', 'It does not correctly answer the question.'],
  ])('fails on %s', (_name, answer) => {
    expect(() => parseNoiseCorrection(answer, reviewed)).toThrow(AppError);
  });
});
