import { describe, expect, it } from 'vitest';
import type { TokenCounter } from '../../core/tokens/token-counter';
import { runTokenCounter, type LlmEngine } from './engine';

const counter: TokenCounter = { source: 'test', count: (text) => text.length };

function engineWith(tokenCounter: (() => Promise<TokenCounter | null>) | undefined): LlmEngine {
  return { tokenCounter } as unknown as LlmEngine;
}

const never = () => new Promise<TokenCounter | null>(() => {});

describe('runTokenCounter', () => {
  it('gives a loaded counter to every run', async () => {
    const engine = engineWith(() => Promise.resolve(counter));
    expect(await runTokenCounter(engine, true)).toBe(counter);
    expect(await runTokenCounter(engine, false)).toBe(counter);
  });

  it('does not hold up a run without a window for a tokenizer still loading', async () => {
    expect(await runTokenCounter(engineWith(never), false)).toBeNull();
  });

  it('makes a run that fits prompts wait for the tokenizer', async () => {
    let resolve: (c: TokenCounter) => void = () => {};
    const loading = new Promise<TokenCounter>((r) => (resolve = r));
    const result = runTokenCounter(
      engineWith(() => loading),
      true,
    );
    setTimeout(() => resolve(counter), 120);
    expect(await result).toBe(counter);
  });

  it('runs without counts when the tokenizer fails or the engine has none', async () => {
    expect(
      await runTokenCounter(
        engineWith(() => Promise.reject(new Error('offline'))),
        true,
      ),
    ).toBeNull();
    expect(await runTokenCounter(engineWith(undefined), true)).toBeNull();
  });
});
