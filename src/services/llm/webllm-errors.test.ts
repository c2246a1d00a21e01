import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapWebLlmError } from './webllm-errors';

// The messages are read from the installed web-llm, so an upgrade that rewords them shows here.
const require = createRequire(import.meta.url);
const libDir = dirname(require.resolve('@mlc-ai/web-llm'));
const source = readFileSync(join(libDir, 'index.js'), 'utf8');

/** The text of `super("...")` (concatenated string literals) inside `class <name>`. */
function webLlmMessage(className: string): string {
  const start = source.indexOf(`class ${className} extends`);
  expect(start, `web-llm defines ${className}`).toBeGreaterThan(-1);
  const superCall = source
    .slice(start, start + 2000)
    .match(/super\(((?:\s*(?:"[^"]*"|'[^']*')\s*\+?)+)\)/);
  expect(superCall, `${className} has a literal message`).not.toBeNull();
  const literals = (superCall?.[1] ?? '').match(/"[^"]*"|'[^']*'/g) ?? [];
  // The worker sends `err.toString()`: "<name>: <message>".
  return `Error: ${literals.map((l) => l.slice(1, -1)).join('')}`;
}

describe('mapWebLlmError over web-llm 0.2.x error texts', () => {
  it('finds the messages in the installed library', () => {
    expect(webLlmMessage('DeviceLostError')).toContain('device was lost');
  });

  it.each([
    ['DeviceLostError', 'device_lost'],
    ['ShaderF16SupportError', 'no_shader_f16'],
    ['WebGPUNotAvailableError', 'webgpu_unavailable'],
    ['WebGPUNotFoundError', 'webgpu_unavailable'],
  ])('%s -> %s', (className, code) => {
    const error = mapWebLlmError(webLlmMessage(className));
    expect(error.code).toBe(code);
    expect(error.nextStep).toBeTruthy();
    expect(error.detail).toContain(webLlmMessage(className).slice(7, 40));
  });

  it('offers a smaller model when the device is lost', () => {
    expect(mapWebLlmError(webLlmMessage('DeviceLostError')).nextStep).toMatch(/smaller model/);
  });

  it.each([
    // web-llm's IndexedDB cache, OPFS cache and the Cache API (Chromium's own wording).
    [
      'Error: Failed to store https://huggingface.co/mlc-ai/x/resolve/main/mlc-chat-config.json with error: Error: Network response was not ok',
      'model_download_failed',
    ],
    [
      'Error: ArtifactOPFSCache: Unable to fetch https://example.org/m/params_shard_0.bin, received status 404',
      'model_download_failed',
    ],
    ["TypeError: Failed to execute 'add' on 'Cache': Request failed", 'model_download_failed'],
    ['TypeError: Failed to fetch', 'model_download_failed'],
    ['Error: Cannot fetch https://example.org/m/tokenizer.json', 'model_download_failed'],
    ["QuotaExceededError: Failed to execute 'put' on 'Cache': Quota exceeded.", 'storage_quota'],
    ['QuotaExceededError: The quota has been exceeded.', 'storage_quota'],
    [
      'Error: Cannot initialize runtime because of requested maxStorageBufferBindingSize exceeds limit. requested=1024MB, limit=128MB. ',
      'model_too_large',
    ],
    ['Error: Cannot allocate 4294967296 bytes in Wasm memory', 'model_too_large'],
    ['Error: Out of memory', 'model_too_large'],
    ['AbortError: The operation was aborted.', 'aborted'],
    [
      'Error: Cannot find model record in appConfig for my-model. Please check if the model ID is correct and included in the model_list configuration.',
      'model_not_found',
    ],
  ])('%s -> %s', (text, code) => {
    expect(mapWebLlmError(text).code).toBe(code);
  });

  it('names the URL that failed to download and says what to check', () => {
    const error = mapWebLlmError(
      'Error: ArtifactOPFSCache: Unable to fetch http://127.0.0.1:5000/m/resolve/main/mlc-chat-config.json, received status 404',
    );
    expect(error.message).toContain('http://127.0.0.1:5000/m/resolve/main/mlc-chat-config.json');
    expect(error.nextStep).toMatch(/URL/);
  });

  it('offers to free space on a quota error', () => {
    expect(mapWebLlmError('QuotaExceededError: Quota exceeded.').nextStep).toMatch(/Free space/);
  });

  it('keeps unknown text as detail under a generic message', () => {
    const error = mapWebLlmError(new Error('something new'));
    expect(error.code).toBe('unknown');
    expect(error.detail).toContain('something new');
  });
});

describe('a prompt over the on-device window', () => {
  it('is context_overflow with the numbers web-llm gives', () => {
    // The class builds its message from a template; check the installed wording is still this.
    const start = source.indexOf('class ContextWindowSizeExceededError extends');
    expect(source.slice(start, start + 600)).toContain(
      'Prompt tokens exceed context window size: number of prompt tokens: ${numPromptTokens}; ',
    );
    const error = mapWebLlmError(
      'Error: Prompt tokens exceed context window size: number of prompt tokens: 4310; context window size: 4096\nConsider shortening the prompt, or increase `context_window_size`, or using sliding window via `sliding_window_size`.',
    );
    expect(error.code).toBe('context_overflow');
    expect(error.message).toContain('4,310');
    expect(error.message).toContain('4,096');
  });
});
