/**
 * Remembered examples and descriptions as parts of the budget, with the real Qwen2.5 tokenizer:
 * schema linking and SQL generation show the examples (noise correction and continuation do
 * not); every schema text shows the descriptions beside their columns; under a small window the
 * least similar examples go first, then the descriptions of the least related tables, and only
 * then any of the schema; the card's line says what was used and what was left out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadQwenCounter } from '../../test-support/qwen-tokenizer';
import {
  fewShotSettings,
  openBudgetDatabase,
  stageCalls,
  type BudgetDatabase,
  type StageCall,
} from '../../test-support/budget-fixtures';
import { spiderDatabasePath } from '../../test-support/shared-data';
import type { KnowledgeExample, RunKnowledge } from '../knowledge/types';
import { MEMORY_EXAMPLES_HEADING } from '../pipeline/prompts';
import type { TokenCounter } from '../tokens/token-counter';
import { rankTables } from './relevance';
import { knowledgeNote, prepareCallPrompt, type PreparedPrompt } from './call-prompt';

const ANSWER = 1024;
const QUESTION = 'Which stadium hosted the most concerts in 2014?';
const SQL =
  "SELECT T2.Name FROM concert AS T1 JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID WHERE T1.Year = '2014' GROUP BY T2.Stadium_ID ORDER BY count(*) DESC LIMIT 1";

const example = (id: string, question: string, sql: string): KnowledgeExample => ({
  id,
  question,
  sql,
  hint: '',
  source: 'run',
  addedAt: 1,
});

const EXAMPLES = [
  example(
    'most',
    'Which stadium hosted the most concerts?',
    'SELECT T2.Name FROM concert AS T1 JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID GROUP BY T2.Stadium_ID ORDER BY count(*) DESC LIMIT 1',
  ),
  example(
    '2014',
    'How many concerts were held in 2014?',
    "SELECT count(*) FROM concert WHERE Year = '2014'",
  ),
  example(
    'capacity',
    'What is the capacity of each stadium?',
    'SELECT Name, Capacity FROM stadium',
  ),
  example('singers', 'How many singers are there?', 'SELECT count(*) FROM singer'),
];

const KNOWLEDGE: RunKnowledge = {
  examples: EXAMPLES,
  k: 3,
  descriptions: {
    concert: {
      description: 'One row per concert',
      columns: {
        year: { description: 'year the concert was held', values: 'four digits, as text' },
      },
    },
    STADIUM: {
      description: '',
      columns: {
        Capacity: { description: 'seats', values: '' },
        Highest: {
          description: 'the highest attendance of any concert held there',
          values: 'a head count',
        },
      },
    },
    singer: {
      description: '',
      columns: { Is_male: { description: '', values: "'T' = male, 'F' = female" } },
    },
  },
};

let qwen: TokenCounter;
let db: BudgetDatabase;
beforeAll(async () => {
  qwen = await loadQwenCounter();
  db = await openBudgetDatabase('concert_singer', spiderDatabasePath('concert_singer'));
}, 120_000);

const calls = () => stageCalls(db.schema, QUESTION, '', SQL);
const byLabel = (label: StageCall['label']) => calls().find((c) => c.label === label) as StageCall;
const fmt = (n: number) => n.toLocaleString('en-US');

function prepare(
  call: StageCall,
  window: number | null = 32_768,
  knowledge = KNOWLEDGE,
): PreparedPrompt {
  const prepared = prepareCallPrompt(
    call.prompt,
    {
      schema: db.schema,
      samples: db.samples,
      question: QUESTION,
      hint: '',
      settings: fewShotSettings(ANSWER),
      knowledge,
    },
    { counter: qwen, window },
  );
  if (!prepared.ok) throw new Error(`${call.label}: ${prepared.error.message}`);
  return prepared.prompt;
}
const userText = (prompt: PreparedPrompt) => prompt.messages.at(-1)?.content ?? '';
const tokens = (prompt: PreparedPrompt) => prompt.budget?.promptTokens ?? NaN;

describe('remembered examples and descriptions in the prompts', () => {
  it('schema linking and SQL generation show the 3 most similar examples, the most similar first', () => {
    for (const label of ['schema_links', 'pseudo_sql', 'sql_generation'] as const) {
      const prompt = prepare(byLabel(label));
      const text = userText(prompt);
      expect(text, label).toContain(MEMORY_EXAMPLES_HEADING);
      const first = text.indexOf('Question: Which stadium hosted the most concerts?');
      const second = text.indexOf('Question: How many concerts were held in 2014?');
      expect(first, label).toBeGreaterThan(0);
      expect(second, label).toBeGreaterThan(first);
      expect(text, label).not.toContain('How many singers are there?');
      // Before the generic worked examples and the schema.
      expect(first, label).toBeLessThan(text.indexOf('### Database schema'));
      expect(
        prompt.knowledge?.examples.map((e) => e.id),
        label,
      ).toEqual(['most', '2014', 'capacity']);
      expect(prompt.knowledge?.examplesLeftOut, label).toBe(0);
    }
    // Schema linking's answer is the tables and columns the example's SQL reads.
    expect(userText(prepare(byLabel('schema_links')))).toContain(
      'Answer:\n{"concert":["Stadium_ID"],"stadium":["Stadium_ID","Name"]}',
    );
    expect(userText(prepare(byLabel('sql_generation')))).toContain(
      "SQL:\n```sql\nSELECT count(*) FROM concert WHERE Year = '2014'\n```",
    );
  });

  it('noise correction and continuation writing show no remembered example', () => {
    for (const label of ['noise_correction', 'continuation_writing'] as const) {
      const prompt = prepare(byLabel(label));
      expect(userText(prompt), label).not.toContain(MEMORY_EXAMPLES_HEADING);
      expect(prompt.knowledge?.examples, label).toEqual([]);
    }
  });

  it('every schema text shows the descriptions beside their columns, matched in any case', () => {
    for (const call of calls()) {
      const text = userText(prepare(call));
      expect(text, call.label).toContain(
        '  Year TEXT, -- year the concert was held; values: four digits, as text',
      );
      expect(text, call.label).toContain('-- concert: One row per concert\nCREATE TABLE concert (');
    }
    const full = userText(prepare(byLabel('schema_links')));
    expect(full).toContain('  Capacity NUMBER, -- seats');
    expect(full).toContain("  Is_male BOOLEAN, -- values: 'T' = male, 'F' = female");
    expect(prepare(byLabel('schema_links')).knowledge).toMatchObject({
      describedColumns: 5,
      describedTables: 3,
      descriptionTablesLeftOut: 0,
    });
    // The simplified schema shows only the descriptions of its own columns.
    const simplified = prepare(byLabel('sql_generation'));
    expect(userText(simplified)).not.toContain('-- seats');
    expect(simplified.knowledge?.describedColumns).toBe(2);
  });

  it('says what was used: "3 remembered examples; descriptions of 5 columns"', () => {
    expect(knowledgeNote(prepare(byLabel('schema_links')).knowledge!)).toBe(
      '3 remembered examples; descriptions of 5 columns',
    );
  });

  it('without a window (nothing fitted) the prompt still carries both', () => {
    const prompt = prepare(byLabel('schema_links'), null);
    expect(userText(prompt)).toContain(MEMORY_EXAMPLES_HEADING);
    expect(userText(prompt)).toContain('-- seats');
    expect(prompt.knowledge?.examples).toHaveLength(3);
  });
});

describe('the budget shrinks examples first, then descriptions, then the schema', () => {
  const call = () => byLabel('schema_links');
  const noExamples = { ...KNOWLEDGE, k: 0 };
  const bare = { ...KNOWLEDGE, k: 0, descriptions: {} };

  it('a window one token short drops the least similar example only', () => {
    const whole = tokens(prepare(call()));
    const window = ANSWER + whole - 1;
    const prompt = prepare(call(), window);
    expect(prompt.knowledge?.examples.map((e) => e.id)).toEqual(['most', '2014']);
    expect(prompt.knowledge?.examplesLeftOut).toBe(1);
    expect(userText(prompt)).not.toContain('What is the capacity of each stadium?');
    expect(userText(prompt)).toContain('-- seats');
    expect(prompt.budget?.notes).toEqual([
      `fitted to ${fmt(window)}: 1 of 3 remembered examples left out (the least similar)`,
    ]);
    expect(knowledgeNote(prompt.knowledge!)).toBe(
      '2 remembered examples; descriptions of 5 columns (left out to fit: 1 example)',
    );
  });

  it('all examples go before any description, the least related table\u2019s descriptions first', () => {
    const rest = { ...KNOWLEDGE.descriptions };
    delete rest.STADIUM;
    const withoutStadium = tokens(prepare(call(), 32_768, { ...noExamples, descriptions: rest }));
    // Room for everything but the examples and stadium's descriptions (about 25 tokens), with
    // some slack: the fit estimates from pieces counted apart (here about 10 tokens over).
    const window = ANSWER + withoutStadium + 15;
    const prompt = prepare(call(), window);
    expect(prompt.knowledge?.examples).toEqual([]);
    expect(prompt.knowledge?.examplesLeftOut).toBe(3);
    // relevance.ts ranks stadium last of the described tables for this question.
    expect(
      rankTables(db.schema.tables, { question: QUESTION, hint: '', samples: db.samples }).at(-1),
    ).toBe('stadium');
    expect(userText(prompt)).not.toContain('-- seats');
    expect(userText(prompt)).toContain("'T' = male");
    expect(userText(prompt)).toContain('year the concert was held');
    expect(prompt.knowledge?.descriptionTablesLeftOut).toBe(1);
    expect(prompt.budget?.notes[0]).toBe(
      `fitted to ${fmt(window)}: 3 of 3 remembered examples left out (the least similar), descriptions of 1 table left out (the least related)`,
    );
  });

  it('every description goes before the schema shrinks', () => {
    const bareTokens = tokens(prepare(call(), 32_768, bare));
    // A little room over the bare prompt: the fit estimates from pieces counted apart.
    const window = ANSWER + bareTokens + 20;
    const prompt = prepare(call(), window);
    expect(tokens(prompt)).toBe(bareTokens);
    expect(userText(prompt)).not.toContain(' -- ');
    expect(prompt.knowledge?.descriptionTablesLeftOut).toBe(3);
    expect(prompt.budget?.notes[0]).not.toMatch(
      /sample rows|long values|examples dropped|tables left out as/,
    );
    // Tighter still, the schema shrinks and the knowledge stays out.
    const tighter = prepare(call(), window - 60).budget?.notes[0] ?? '';
    expect(tighter).toMatch(/sample rows|long values|examples dropped|tables left out as/);
    expect(tighter).toContain('3 of 3 remembered examples left out');
  });
});
