/**
 * Counting with a tokenizer that lives elsewhere (a worker, so that the page never freezes while
 * it reads an 11 MB vocabulary or counts a 600-table schema), for code that counts
 * synchronously: the budget's fitting counts hundreds of pieces one at a time, each move
 * depending on the counts before it.
 *
 * `settle(compute)` runs the computation with a counter that answers from the counts it knows
 * and guesses the others, noting the texts it guessed. Those are counted together, in one
 * message, and the computation runs again, until a run needs no guess. That last run saw only
 * true counts, so its result is exactly what the tokenizer would have given synchronously.
 */
import type { TokenCounter } from './token-counter';

/** A tokenizer reached by messages: many texts counted per message. */
export interface BatchTokenCounter {
  readonly source: string;
  countMany(texts: readonly string[]): Promise<number[]>;
}

export interface SettlingCounterOptions {
  /** Counts kept on this side; past this many, the oldest are forgotten between settles. */
  maxEntries?: number;
  /** Runs of one computation before giving up (each run asks for counts it had not seen). */
  maxRounds?: number;
}

/** About four characters a token for English and SQL: only a first guess, never the answer. */
const guess = (text: string) => Math.ceil(text.length / 4);

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function attempt<T>(compute: () => T): Outcome<T> {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    return { ok: false, error };
  }
}

export function settlingCounter(
  batch: BatchTokenCounter,
  { maxEntries = 50_000, maxRounds = 100 }: SettlingCounterOptions = {},
): TokenCounter {
  const known = new Map<string, number>();
  /** The texts guessed by the computation running now (computations are synchronous). */
  let guessed: Set<string> | null = null;

  const counter: TokenCounter = {
    source: batch.source,
    count(text) {
      if (text === '') return 0;
      const n = known.get(text);
      if (n !== undefined) return n;
      guessed?.add(text);
      return guess(text);
    },
    async settle<T>(compute: () => T): Promise<T> {
      if (known.size > maxEntries) {
        // Forget the oldest half (a Map iterates in insertion order).
        let drop = known.size - maxEntries / 2;
        for (const text of known.keys()) {
          if (drop-- <= 0) break;
          known.delete(text);
        }
      }
      for (let round = 0; ; round++) {
        const missing = new Set<string>();
        guessed = missing;
        const outcome = attempt(compute);
        guessed = null;
        // A failure computed from guesses (a prompt "too long" by a guess) is not yet a failure.
        if (missing.size === 0) {
          if (outcome.ok) return outcome.value;
          throw outcome.error;
        }
        if (round === maxRounds)
          throw new Error(
            `Counting did not settle after ${maxRounds} rounds (${missing.size} texts still new).`,
          );
        const texts = [...missing];
        const counts = await batch.countMany(texts);
        texts.forEach((text, i) => known.set(text, counts[i] ?? guess(text)));
      }
    },
  };
  return counter;
}
