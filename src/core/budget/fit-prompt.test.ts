/**
 * The budget with the real Qwen2.5 tokenizer: every prompt of every stage, few-shot, fits a
 * 4,096-token window with 1,024 tokens of answer room on Chinook, Northwind, the 19 Spider dev
 * databases and generated wide databases; the tables a known SQL reads survive the cuts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sqlReads } from '../sql/sql-reads';
import { countChatTokens, type TokenCounter } from '../tokens/token-counter';
import { loadQwenCounter } from '../../test-support/qwen-tokenizer';
import {
  openBudgetDatabase,
  stageCalls,
  wideBudgetDatabase,
  type BudgetDatabase,
  fewShotSettings,
} from '../../test-support/budget-fixtures';
import {
  CHINOOK_PATH,
  NORTHWIND_PATH,
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../../test-support/shared-data';
import { prepareCallPrompt } from './call-prompt';
import { fitNote, fitPrompt } from './fit-prompt';

const WINDOW = 4096;
const ANSWER = 1024;
const settings = fewShotSettings(ANSWER);

let qwen: TokenCounter;
beforeAll(async () => {
  qwen = await loadQwenCounter();
}, 120_000);

interface Case {
  db: () => Promise<BudgetDatabase>;
  question: string;
  hint?: string;
  sql: string;
}

const cases: Record<string, Case> = {
  chinook: {
    db: () => openBudgetDatabase('chinook', CHINOOK_PATH),
    question: 'Which tracks are by AC/DC?',
    sql: "SELECT t.Name FROM Track AS t JOIN Album AS al ON t.AlbumId = al.AlbumId JOIN Artist AS ar ON al.ArtistId = ar.ArtistId WHERE ar.Name = 'AC/DC'",
  },
  northwind: {
    db: () => openBudgetDatabase('northwind', NORTHWIND_PATH),
    question: 'Which employees took orders shipped to France?',
    hint: 'the ship country is France',
    sql: 'SELECT DISTINCT e.LastName FROM Employee AS e JOIN "Order" AS o ON o.EmployeeId = e.Id WHERE o.ShipCountry = \'France\'',
  },
  'wide-60-numeric': {
    db: () => wideBudgetDatabase({ tables: 60, kind: 'numeric' }),
    question: 'What is the total payment amount of each customer?',
    sql: 'SELECT c.name, sum(p.amount) FROM customer AS c JOIN payment_history AS p ON p.payment_id = c.id GROUP BY c.id',
  },
  'wide-600-numeric': {
    db: () => wideBudgetDatabase({ tables: 600, kind: 'numeric' }),
    question: 'List the warehouse stock quantity and unit price of every warehouse',
    sql: 'SELECT w.name, s.quantity, s.unit_price FROM warehouse AS w JOIN warehouse_stock AS s ON s.warehouse_id = w.id',
  },
  'wide-60-long-text': {
    db: () => wideBudgetDatabase({ tables: 60, kind: 'long_text' }),
    question: 'Show the description of every supplier detail',
    sql: 'SELECT description FROM supplier_detail',
  },
  'wide-600-long-text': {
    db: () => wideBudgetDatabase({ tables: 600, kind: 'long_text' }),
    question: 'Show the comment of each ticket review with its ticket name',
    sql: 'SELECT t.name, r.comment FROM ticket AS t JOIN ticket_review AS r ON r.ticket_id = t.id',
  },
};

const firstSpiderQuestion = (dbId: string) => {
  const q = spiderQuestions().find((entry) => entry.db_id === dbId);
  if (!q) throw new Error(`no Spider dev question for ${dbId}`);
  return q;
};
for (const dbId of spiderDatabaseIds()) {
  cases[`spider/${dbId}`] = {
    db: () => openBudgetDatabase(dbId, spiderDatabasePath(dbId)),
    question: firstSpiderQuestion(dbId).question,
    sql: firstSpiderQuestion(dbId).query,
  };
}

describe('every prompt of every stage fits 4,096 tokens with 1,024 of answer room', () => {
  it.each(Object.keys(cases))(
    '%s',
    async (name) => {
      const c = cases[name] as Case;
      const db = await c.db();
      const hint = c.hint ?? '';
      const gold = sqlReads(c.sql, db.schema).tables;
      expect(gold.length, 'the known SQL reads tables of this database').toBeGreaterThan(0);
      for (const call of stageCalls(db.schema, c.question, hint, c.sql)) {
        const prepared = prepareCallPrompt(
          call.prompt,
          { schema: db.schema, samples: db.samples, question: c.question, hint, settings },
          { counter: qwen, window: WINDOW },
        );
        if (!prepared.ok) throw new Error(`${call.label}: ${prepared.error.message}`);
        const { messages, budget } = prepared.prompt;
        const counted = countChatTokens(qwen, messages);
        expect(budget?.promptTokens, call.label).toBe(counted);
        expect(counted + ANSWER, call.label).toBeLessThanOrEqual(WINDOW);
        const user = messages.at(-1)?.content ?? '';
        // Never cut: the question, the hint and the SQL under review.
        expect(user).toContain(`Question: ${c.question}`);
        if (hint) expect(user).toContain(`Hint: ${hint}`);
        if (call.label === 'noise_correction' || call.label === 'result_checks')
          expect(user).toContain(c.sql);
        // The tables the SQL reads survive every cut.
        for (const table of gold)
          expect(user, `${call.label} keeps ${table}`).toMatch(
            new RegExp(`CREATE TABLE "?${table}"? \\(`),
          );
      }
    },
    120_000,
  );
});

describe('fitting', () => {
  it('leaves a prompt that fits as it is, and says nothing', async () => {
    const db = await cases['spider/concert_singer']!.db();
    const [call] = stageCalls(
      db.schema,
      'How many singers do we have?',
      '',
      'SELECT count(*) FROM singer',
    );
    const result = fitPrompt({
      build: call!.prompt.build,
      examples: true,
      source: { schema: db.schema, samples: db.samples, kept: null, sampleRows: 3 },
      question: 'How many singers do we have?',
      hint: '',
      counter: qwen,
      window: WINDOW,
      answerTokens: ANSWER,
    });
    expect(result.ok && fitNote(result.summary)).toBeNull();
  });

  it('shrinks in order and says what it did', async () => {
    const db = await cases['wide-60-numeric']!.db();
    const question = 'What is the total payment amount of each customer?';
    const [call] = stageCalls(db.schema, question, '', 'SELECT amount FROM payment');
    const result = fitPrompt({
      build: call!.prompt.build,
      examples: true,
      source: { schema: db.schema, samples: db.samples, kept: null, sampleRows: 3 },
      question,
      hint: '',
      counter: qwen,
      window: WINDOW,
      answerTokens: ANSWER,
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.summary.tablesLeftOut).toBeGreaterThan(0);
    expect(result.summary.examplesDropped).toBe(true);
    expect(fitNote(result.summary)).toMatch(
      /^fitted to 4,096: .*examples dropped, \d+ of 60 tables left out as least related to the question$/,
    );
    expect(result.tablesKept).toEqual(expect.arrayContaining(['customer', 'payment']));
  });

  it('does not call when even the smallest prompt cannot fit, and says by how much', async () => {
    const db = await cases['spider/concert_singer']!.db();
    const [call] = stageCalls(db.schema, 'How many singers?', '', 'SELECT count(*) FROM singer');
    const result = fitPrompt({
      build: call!.prompt.build,
      examples: true,
      source: { schema: db.schema, samples: db.samples, kept: null, sampleRows: 3 },
      question: 'How many singers?',
      hint: '',
      counter: qwen,
      window: 1200,
      answerTokens: ANSWER,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('context_overflow');
    expect(result.error.message).toMatch(
      /^Not sent: even the smallest prompt for this call takes [\d,]+ tokens, and the model's window of 1,200 tokens leaves 176 after 1,024 tokens of answer room\.$/,
    );
    expect(result.error.nextStep).toMatch(/larger window/);
  });
});

describe('relevance on Spider dev', () => {
  it('keeps the tables of the gold SQL when a tight window forces tables out', async () => {
    const dbs = new Map<string, BudgetDatabase>();
    let squeezed = 0;
    let kept = 0;
    for (const q of spiderQuestions()) {
      let db = dbs.get(q.db_id);
      if (!db)
        dbs.set(q.db_id, (db = await openBudgetDatabase(q.db_id, spiderDatabasePath(q.db_id))));
      const gold = sqlReads(q.query, db.schema).tables;
      const [call] = stageCalls(db.schema, q.question, '', q.query);
      const request = {
        build: call!.prompt.build,
        examples: false,
        source: { schema: db.schema, samples: db.samples, kept: null, sampleRows: 3 },
        question: q.question,
        hint: '',
        counter: qwen,
        answerTokens: ANSWER,
      };
      // A window that holds about 60% of the tables' CREATE statements.
      const whole = fitPrompt({ ...request, window: 1_000_000 });
      if (!whole.ok) throw new Error(whole.error.message);
      const bare = countChatTokens(
        qwen,
        call!.prompt.build({ schemaText: '', examples: false, earlier: [], memory: [] }),
      );
      const window = ANSWER + bare + Math.ceil(0.6 * (whole.summary.promptTokens - bare));
      const result = fitPrompt({ ...request, window });
      if (!result.ok || result.summary.tablesLeftOut === 0) continue;
      squeezed++;
      if (gold.every((t) => result.tablesKept.includes(t))) kept++;
    }
    // Lexical ranking is a last resort, not schema linking: it must still be clearly useful.
    console.info(`gold tables kept in ${kept} of ${squeezed} squeezed Spider dev prompts`);
    expect(squeezed).toBeGreaterThan(500);
    expect(kept / squeezed).toBeGreaterThan(0.8);
  }, 300_000);
});
