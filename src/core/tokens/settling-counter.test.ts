/**
 * A counter whose counts arrive later gives the budget exactly what the tokenizer counting in
 * place gives: the same messages and the same summary for every stage's prompt on wide
 * databases, in a few rounds of batched counts; a failure computed from guesses is not reported.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareCallPrompt } from '../budget/call-prompt';
import {
  fewShotSettings,
  stageCalls,
  wideBudgetDatabase,
  type BudgetDatabase,
} from '../../test-support/budget-fixtures';
import { loadRawQwenCounter } from '../../test-support/qwen-tokenizer';
import { settlingCounter, type BatchTokenCounter } from './settling-counter';
import { memoizedCounter, settled, type TokenCounter } from './token-counter';

let qwen: TokenCounter;
beforeAll(async () => {
  qwen = await loadRawQwenCounter();
}, 120_000);

/** The real tokenizer behind a message boundary, recording each batch it was sent. */
function batched(counter: TokenCounter) {
  const batches: number[] = [];
  const batch: BatchTokenCounter = {
    source: counter.source,
    async countMany(texts) {
      batches.push(texts.length);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return texts.map((text) => counter.count(text));
    },
  };
  return { batch, batches };
}

const settings = fewShotSettings(1024);

describe('settlingCounter', () => {
  it.each([
    ['600 tables', 600],
    ['60 tables', 60],
  ])(
    'fits every stage prompt on %s exactly as the in-place tokenizer does',
    async (_name, tables) => {
      const db: BudgetDatabase = await wideBudgetDatabase({ tables, kind: 'numeric' });
      const question = 'List the warehouse stock quantity and unit price of every warehouse';
      const sql =
        'SELECT w.name, s.quantity, s.unit_price FROM warehouse AS w JOIN warehouse_stock AS s ON s.warehouse_id = w.id';
      const { batch, batches } = batched(qwen);
      const remote = settlingCounter(batch);
      for (const call of stageCalls(db.schema, question, '', sql)) {
        const inputs = { schema: db.schema, samples: db.samples, question, hint: '', settings };
        const direct = prepareCallPrompt(call.prompt, inputs, { counter: qwen, window: 4096 });
        const before = batches.length;
        const viaWorker = await settled(remote, () =>
          prepareCallPrompt(call.prompt, inputs, { counter: remote, window: 4096 }),
        );
        expect(viaWorker, call.label).toEqual(direct);
        // A handful of messages per prompt, not one per piece.
        expect(batches.length - before, call.label).toBeLessThanOrEqual(12);
      }
      expect(batches.length).toBeGreaterThan(0);
    },
    120_000,
  );

  it('asks only for texts it has not counted, and answers known texts without a message', async () => {
    const { batch, batches } = batched(qwen);
    const remote = settlingCounter(batch);
    const count = (text: string) => settled(remote, () => remote.count(text));
    expect(await count('SELECT name FROM singer')).toBe(qwen.count('SELECT name FROM singer'));
    expect(await count('SELECT name FROM singer')).toBe(qwen.count('SELECT name FROM singer'));
    expect(await count('')).toBe(0);
    expect(batches).toEqual([1]);
  });

  it('reports a failure only when the counts it rests on are exact', async () => {
    const { batch } = batched(qwen);
    const remote = settlingCounter(batch);
    const long = 'x'.repeat(400); // guessed at 100 tokens, counted at far fewer
    const tooLong = () => {
      if (remote.count(long) > 90) throw new Error('too long');
      return 'fits';
    };
    await expect(settled(remote, tooLong)).resolves.toBe('fits');
    const truly = () => {
      if (remote.count(long) > 10) throw new Error('too long');
      return 'fits';
    };
    await expect(settled(remote, truly)).rejects.toThrow('too long');
  });

  it('is not wrapped by memoizedCounter, whose memory would keep the first guesses', async () => {
    const { batch } = batched(qwen);
    const remote = memoizedCounter(settlingCounter(batch));
    const text = 'x'.repeat(400); // guessed at 100 tokens, counted at far fewer
    expect(remote.count(text)).toBe(Math.ceil(text.length / 4)); // a guess, outside settle
    expect(await settled(remote, () => remote.count(text))).toBe(qwen.count(text));
  });

  it('gives up with a clear error when a computation keeps asking for new texts', async () => {
    const { batch } = batched(qwen);
    const remote = settlingCounter(batch, { maxRounds: 3 });
    let n = 0;
    await expect(settled(remote, () => remote.count(`text ${n++}`))).rejects.toThrow(
      'did not settle after 3 rounds',
    );
  });
});
