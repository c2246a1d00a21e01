import { describe, expect, it } from 'vitest';
import { parseSynthesizedPairs, readDifficulty } from './parse-pairs';

const one = { question: 'How many artists are there?', sql: 'SELECT count(*) FROM Artist' };

describe('parseSynthesizedPairs', () => {
  const cases: {
    name: string;
    answer: string;
    questions: string[];
    skipped?: number;
    cut?: boolean;
  }[] = [
    {
      name: 'a bare array',
      answer: JSON.stringify([one]),
      questions: [one.question],
    },
    {
      name: 'a fenced array with prose around',
      answer: `Here are the pairs:\n\`\`\`json\n${JSON.stringify([one, { ...one, question: 'Q2?' }], null, 2)}\n\`\`\`\nHope this helps [1].`,
      questions: [one.question, 'Q2?'],
    },
    {
      name: 'trailing commas',
      answer: '[{"question": "A?", "sql": "SELECT 1",}, {"question": "B?", "sql": "SELECT 2",},]',
      questions: ['A?', 'B?'],
    },
    {
      name: 'a cut answer keeps the complete objects',
      answer: '[{"question": "A?", "sql": "SELECT 1"}, {"question": "B?", "sql": "SELECT na',
      questions: ['A?'],
      cut: true,
    },
    {
      name: 'objects without question or SQL are skipped, not fatal',
      answer: '[{"question": "A?"}, {"sql": "SELECT 1"}, {"question": "B?", "query": "SELECT 2;"}]',
      questions: ['B?'],
      skipped: 2,
    },
    {
      name: 'a raw line break inside a string',
      answer: '[{"question": "A?", "sql": "SELECT name\nFROM t"}]',
      questions: ['A?'],
    },
    {
      name: 'brackets inside strings do not end the array',
      answer: '[{"question": "Names like [x]?", "sql": "SELECT \\"a]\\" FROM t WHERE b = \'}\'"}]',
      questions: ['Names like [x]?'],
    },
    {
      name: 'objects with no array around them',
      answer: 'Sure!\n{"question": "A?", "sql": "SELECT 1"}\n{"question": "B?", "sql": "SELECT 2"}',
      questions: ['A?', 'B?'],
    },
    {
      name: 'a prose bracket before the fenced array',
      answer: 'Pairs [below]:\n```json\n[{"question": "A?", "sql": "SELECT 1"}]\n```',
      questions: ['A?'],
    },
  ];
  it.each(cases)('reads $name', ({ answer, questions, skipped = 0, cut = false }) => {
    const parsed = parseSynthesizedPairs(answer);
    expect(parsed.pairs.map((p) => p.question)).toEqual(questions);
    expect(parsed.skipped).toBe(skipped);
    expect(parsed.cut).toBe(cut);
  });

  it('keeps evidence and difficulty, drops a final semicolon', () => {
    const [pair] = parseSynthesizedPairs(
      '[{"question": "Q?", "SQL": "SELECT 1;", "evidence": "rich refers to x > 1", "difficulty": "Challenging"}]',
    ).pairs;
    expect(pair).toEqual({
      question: 'Q?',
      sql: 'SELECT 1',
      evidence: 'rich refers to x > 1',
      difficulty: 'challenging',
    });
  });

  it('fails with unparseable_answer when there is no JSON at all', () => {
    expect(() => parseSynthesizedPairs('I cannot help with that.')).toThrow(
      expect.objectContaining({ code: 'unparseable_answer' }),
    );
  });
});

describe('readDifficulty', () => {
  it.each([
    ['simple', 'simple'],
    ['Moderate', 'moderate'],
    ['easy', 'simple'],
    ['extra', 'challenging'],
    ['weird', null],
    [3, null],
  ])('%s -> %s', (input, expected) => expect(readDifficulty(input)).toBe(expected));
});
