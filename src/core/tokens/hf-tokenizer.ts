/**
 * A TokenCounter over a Hugging Face `tokenizer.json` (byte-level BPE for Qwen2.5), through
 * @huggingface/tokenizers (about 37 kB, pure JS). The same wrapper reads the bundled Qwen2.5
 * vocabulary and the on-device model's own file; the library loads on first use.
 */
import type { TokenCounter } from './token-counter';

export type TokenizerJson = Record<string, unknown>;

export async function createHfTokenCounter(
  tokenizerJson: TokenizerJson,
  tokenizerConfig: Record<string, unknown>,
  source: string,
): Promise<TokenCounter> {
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  return {
    source,
    count: (text) =>
      text === '' ? 0 : tokenizer.encode(text, { add_special_tokens: false }).ids.length,
  };
}
