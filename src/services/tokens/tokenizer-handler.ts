/**
 * What the tokenizer worker does, apart from moving messages (so Node tests run it in place):
 * reads a tokenizer's files, builds it with @huggingface/tokenizers, and counts texts, each
 * text once (a schema's pieces come back in every call of a run).
 */
import { AppError, toErrorPayload } from '../../core/errors';
import { createHfTokenCounter, type TokenizerJson } from '../../core/tokens/hf-tokenizer';
import { memoizedCounter, type TokenCounter } from '../../core/tokens/token-counter';
import type { FileRef, TokenizerReply, TokenizerRequest } from './tokenizer-protocol';

/** Reads a JSON file, or null when it is not there. */
export type ReadJson = (file: FileRef) => Promise<TokenizerJson | null>;

export function createTokenizerHandler(readJson: ReadJson) {
  let counter: TokenCounter | null = null;

  async function load(files: Extract<TokenizerRequest, { kind: 'load' }>['payload']) {
    const [tokenizer, config] = await Promise.all([
      readJson(files.tokenizer),
      readJson(files.config),
    ]);
    if (!tokenizer)
      throw new AppError('fetch_failed', `${files.label}: ${files.tokenizer.url} was not found.`);
    const fallback = config ?? (files.fallbackConfig ? await readJson(files.fallbackConfig) : null);
    counter = memoizedCounter(await createHfTokenCounter(tokenizer, fallback ?? {}, files.label));
  }

  return async function handle(request: TokenizerRequest): Promise<TokenizerReply> {
    try {
      if (request.kind === 'load') {
        await load(request.payload);
        return { kind: 'ok', id: request.id, payload: null };
      }
      const loaded = counter;
      if (!loaded)
        throw new AppError('unknown', 'The tokenizer was asked to count before loading.');
      return {
        kind: 'ok',
        id: request.id,
        payload: request.payload.texts.map((text) => loaded.count(text)),
      };
    } catch (error) {
      return { kind: 'error', id: request.id, payload: toErrorPayload(error) };
    }
  };
}

/** The browser's reader: web-llm's Cache Storage for model files, fetch for the app's assets. */
export const readJsonInBrowser: ReadJson = async (file) => {
  if (file.cache) {
    if (typeof caches === 'undefined') return null;
    const cache = await caches.open(file.cache);
    const response = await cache.match(file.url);
    return response ? ((await response.json()) as TokenizerJson) : null;
  }
  const response = await fetch(file.url);
  if (response.status === 404) return null;
  if (!response.ok) throw new AppError('fetch_failed', `${file.url} answered ${response.status}.`);
  return (await response.json()) as TokenizerJson;
};
