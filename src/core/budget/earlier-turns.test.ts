/**
 * A follow-up's earlier turns as a droppable part of the budget, with the real Qwen2.5
 * tokenizer: every stage's prompt shows them when they fit; under a small window the oldest go
 * first, all of them before the schema shrinks; the card's note says how many were left out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EarlierTurn } from '../pipeline/events';
import { countChatTokens, type TokenCounter } from '../tokens/token-counter';
import { loadQwenCounter } from '../../test-support/qwen-tokenizer';
import {
  openBudgetDatabase,
  stageCalls,
  type BudgetDatabase,
  type StageCall,
  fewShotSettings,
} from '../../test-support/budget-fixtures';
import { spiderDatabasePath } from '../../test-support/shared-data';
import { prepareCallPrompt, type PreparedPrompt } from './call-prompt';

const ANSWER = 1024;
const settings = fewShotSettings(ANSWER);
const QUESTION = 'Only those older than 30?';
const SQL = "SELECT Name FROM singer WHERE Country = 'France' AND Age > 30";

const EARLIER: EarlierTurn[] = [
  { question: 'How many singers are there?', sql: 'SELECT count(*) FROM singer' },
  { question: 'List their names and countries.', sql: 'SELECT Name, Country FROM singer' },
  {
    question: 'Only the French ones.',
    sql: "SELECT Name, Country FROM singer WHERE Country = 'France'",
  },
];

let qwen: TokenCounter;
let db: BudgetDatabase;
beforeAll(async () => {
  qwen = await loadQwenCounter();
  db = await openBudgetDatabase('concert_singer', spiderDatabasePath('concert_singer'));
}, 120_000);

const calls = () => stageCalls(db.schema, QUESTION, '', SQL);
const fmt = (n: number) => n.toLocaleString('en-US');

/** The call's prompt fitted to `window` (default: one that holds everything) with `earlier`. */
function prepare(call: StageCall, window = 32_768, earlier = EARLIER): PreparedPrompt {
  const prepared = prepareCallPrompt(
    call.prompt,
    { schema: db.schema, samples: db.samples, question: QUESTION, hint: '', settings, earlier },
    { counter: qwen, window },
  );
  if (!prepared.ok) throw new Error(`${call.label}: ${prepared.error.message}`);
  return prepared.prompt;
}

/** Prompt tokens of the call showing the newest `turns` earlier turns, nothing cut. */
const tokensWith = (call: StageCall, turns: number) =>
  prepare(call, 32_768, EARLIER.slice(EARLIER.length - turns)).budget?.promptTokens ?? NaN;

const userText = (prompt: PreparedPrompt) => prompt.messages.at(-1)?.content ?? '';

describe('earlier turns in the budget', () => {
  it('are all shown by every stage when the window holds them', () => {
    for (const call of calls()) {
      const prompt = prepare(call);
      const text = userText(prompt);
      EARLIER.forEach((turn, i) => {
        expect(text, call.label).toContain(`Earlier question ${i + 1}: ${turn.question}`);
        expect(text, call.label).toContain(turn.sql);
      });
      expect(prompt.budget?.notes, call.label).toEqual([]);
      expect(prompt.budget?.turnsLeftOut).toBeUndefined();
    }
  });

  it('drop the oldest first: a window one token short keeps the two newest', () => {
    for (const call of calls()) {
      const all = tokensWith(call, 3);
      expect(all, call.label).toBeGreaterThan(tokensWith(call, 2));
      const window = ANSWER + all - 1;
      const prompt = prepare(call, window);
      const text = userText(prompt);
      expect(text, call.label).not.toContain(EARLIER[0]!.question);
      expect(text).toContain(`Earlier question 1: ${EARLIER[1]!.question}`);
      expect(text).toContain(`Earlier question 2: ${EARLIER[2]!.question}`);
      expect(countChatTokens(qwen, prompt.messages)).toBeLessThanOrEqual(all - 1);
      // The note lists everything fitting did: here the oldest turn, and nothing of the schema.
      expect(prompt.budget?.notes, call.label).toEqual([
        `fitted to ${fmt(window)}: 1 of 3 earlier turns left out (the oldest)`,
      ]);
      expect(prompt.budget?.turnsLeftOut).toBe(1);
    }
  });

  it('all go before the schema shrinks, and the card says so', () => {
    for (const call of calls()) {
      const none = tokensWith(call, 0);
      // Room for the bare prompt and half the newest turn (the estimate may be a little over).
      const window = ANSWER + none + Math.floor((tokensWith(call, 1) - none) / 2);
      const prompt = prepare(call, window);
      expect(userText(prompt), call.label).not.toContain('Earlier question');
      expect(prompt.budget?.promptTokens, call.label).toBe(none);
      expect(prompt.budget?.notes, call.label).toEqual([
        `fitted to ${fmt(window)}: 3 earlier turns left out`,
      ]);
      expect(prompt.budget?.turnsLeftOut).toBe(3);
      // Smaller, and the schema shrinks too, the turns staying out.
      const tighter = prepare(call, ANSWER + none - 40).budget?.notes.join(' ') ?? '';
      expect(tighter, call.label).toContain('3 earlier turns left out');
      expect(tighter, call.label).toMatch(/sample rows|long values|examples|tables|full schema/);
    }
  });
});
