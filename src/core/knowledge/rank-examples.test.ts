/**
 * Ranking remembered examples (MiniSearch's BM25 over the question and hint), and the
 * evaluation's leave-out rule on the real Spider dev questions.
 */
import { describe, expect, it } from 'vitest';
import { rankExamples } from './rank-examples';
import { benchmarkMemory, leaveOut, leaveOutKey, type GoldQuestion } from './leave-out';
import type { KnowledgeExample } from './types';
import { sharedDataAvailable, spiderQuestions } from '../../test-support/shared-data';

let next = 0;
function example(question: string, sql: string, extra: Partial<KnowledgeExample> = {}) {
  next += 1;
  return {
    id: `e${next}`,
    question,
    sql,
    hint: '',
    source: 'run' as const,
    addedAt: next,
    ...extra,
  } satisfies KnowledgeExample;
}

const MEMORY: KnowledgeExample[] = [
  example('How many singers are there?', 'SELECT count(*) FROM singer'),
  example(
    'Which stadium hosted the most concerts?',
    'SELECT s.Name FROM stadium AS s JOIN concert AS c ON s.Stadium_ID = c.Stadium_ID GROUP BY s.Stadium_ID ORDER BY count(*) DESC LIMIT 1',
  ),
  example('List the names of French singers.', "SELECT Name FROM singer WHERE Country = 'France'"),
  example('What is the average capacity of the stadiums?', 'SELECT avg(Capacity) FROM stadium'),
];

const questions = (ranked: { example: KnowledgeExample }[]) =>
  ranked.map((r) => r.example.question);

describe('rankExamples', () => {
  it('puts the example asked the same way first, plurals and stop words aside', () => {
    const ranked = rankExamples(MEMORY, 'Which stadium hosted the most concerts in 2014?', {
      k: 2,
    });
    expect(questions(ranked)[0]).toBe('Which stadium hosted the most concerts?');
    expect(ranked).toHaveLength(2);
    expect(questions(rankExamples(MEMORY, 'how many singer?', { k: 1 }))).toEqual([
      'How many singers are there?',
    ]);
  });

  it('gives at most k, and none that shares no word with the question', () => {
    expect(rankExamples(MEMORY, 'stadium singer concert capacity', { k: 3 })).toHaveLength(3);
    expect(rankExamples(MEMORY, 'stadium', { k: 0 })).toEqual([]);
    expect(rankExamples(MEMORY, 'Show every invoice total', { k: 3 })).toEqual([]);
    expect(rankExamples([], 'How many singers?', { k: 3 })).toEqual([]);
  });

  it('leaves out an example whose SQL no longer runs, and what the caller excludes', () => {
    const broken = [
      example('How many concerts are there?', 'SELECT count(*) FROM gig', {
        broken: 'no such table: gig',
      }),
      example('How many concerts were held?', 'SELECT count(*) FROM concert'),
    ];
    expect(questions(rankExamples(broken, 'How many concerts are there?', { k: 3 }))).toEqual([
      'How many concerts were held?',
    ]);
    expect(
      rankExamples(broken, 'How many concerts are there?', {
        k: 3,
        exclude: (e) => e.sql.includes('concert'),
      }),
    ).toEqual([]);
  });

  it('breaks a tie with the schema links: the example reading the linked tables first', () => {
    const tied = [
      example('Show the names.', 'SELECT Name FROM stadium'),
      example('Show the names.', 'SELECT Name FROM singer'),
    ];
    const tablesOf = (e: KnowledgeExample) => [e.sql.split(' FROM ')[1] as string];
    const singerFirst = rankExamples(tied, 'Show the names', {
      k: 2,
      links: new Set(['singer']),
      tablesOf,
    });
    expect(singerFirst.map((r) => r.example.sql)).toEqual([
      'SELECT Name FROM singer',
      'SELECT Name FROM stadium',
    ]);
    const stadiumFirst = rankExamples(tied, 'Show the names', {
      k: 2,
      links: new Set(['stadium']),
      tablesOf,
    });
    expect(stadiumFirst.map((r) => r.example.sql)[0]).toBe('SELECT Name FROM stadium');
  });
});

describe.skipIf(!sharedDataAvailable())('the leave-out rule on Spider dev', () => {
  const gold: GoldQuestion[] = spiderQuestions().map((q, i) => ({
    key: String(i),
    dbId: q.db_id,
    question: q.question,
    hint: '',
    sql: q.query,
  }));

  it('never shows a question its own gold SQL, nor a paraphrase with the same normalised SQL', () => {
    const memory = benchmarkMemory(gold);
    let paraphrasesLeftOut = 0;
    let shown = 0;
    for (const q of gold) {
      const examples = memory.get(q.dbId) ?? [];
      const skip = leaveOut(q);
      const ranked = rankExamples(examples, q.question, { k: 3, exclude: skip });
      for (const { example: e } of ranked) {
        expect(e.id).not.toBe(q.key);
        expect(leaveOutKey(e.sql)).not.toBe(leaveOutKey(q.sql));
        shown++;
      }
      paraphrasesLeftOut += examples.filter((e) => e.id !== q.key && skip(e)).length;
    }
    // Spider asks most queries twice in other words: the rule has real work to do.
    expect(paraphrasesLeftOut).toBeGreaterThan(400);
    expect(shown).toBeGreaterThan(2000);
  });

  it('treats spacing, case, name quotes and a final semicolon as the same SQL', () => {
    const q: GoldQuestion = {
      key: 'q',
      dbId: 'd',
      question: 'French singers?',
      hint: '',
      sql: "SELECT name FROM singer WHERE country = 'France'",
    };
    const skip = leaveOut(q);
    expect(skip(example('x', "select  Name\nFROM singer where Country = 'France';"))).toBe(true);
    expect(skip(example('x', 'SELECT "name" FROM singer WHERE country=\'FRANCE\''))).toBe(true);
    expect(skip(example('x', "SELECT name FROM singer WHERE country = 'Spain'"))).toBe(false);
    expect(skip(example('x', "SELECT name, age FROM singer WHERE country = 'France'"))).toBe(false);
    expect(skip({ ...example('x', 'SELECT 1'), id: 'q' })).toBe(true);
  });
});
