/**
 * A TokenCounter whose tokenizer lives in its own worker: the page sends the texts it has not
 * counted yet, many per message, and the budget settles its fitting on the answers
 * (core/tokens/settling-counter.ts). A worker that fails is started again and reloads the
 * tokenizer before the next count.
 */
import { AppError } from '../../core/errors';
import { settlingCounter } from '../../core/tokens/settling-counter';
import type { TokenCounter } from '../../core/tokens/token-counter';
import { WorkerClient, WorkerTimeout, type WithoutId } from '../workers/worker-client';
import type { WorkerLike } from '../workers/worker-like';
import type {
  TokenizerFiles,
  TokenizerReply,
  TokenizerReplyPayloads,
  TokenizerRequest,
} from './tokenizer-protocol';

/** Reading the vocabulary takes seconds on a busy machine; a minute means something is wrong. */
const LOAD_TIMEOUT_MS = 120_000;
const COUNT_TIMEOUT_MS = 60_000;

export type TokenizerWorkerLike = WorkerLike<TokenizerRequest, TokenizerReply>;

export function spawnTokenizerWorker(): TokenizerWorkerLike {
  return new Worker(new URL('./tokenizer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'tokenizer',
  }) as TokenizerWorkerLike;
}

const NEXT_STEP = 'Ask again; if it keeps failing, reload the page.';

export async function startTokenizerWorker(
  files: TokenizerFiles,
  start: () => TokenizerWorkerLike = spawnTokenizerWorker,
): Promise<TokenCounter> {
  let loaded: Promise<void> | null = null;
  const client = new WorkerClient<TokenizerRequest, TokenizerReply>({
    start,
    failed: (message) =>
      new AppError('unknown', 'The tokenizer worker stopped unexpectedly.', NEXT_STEP, message),
    onFailure: () => (loaded = null),
  });

  async function call<K extends TokenizerRequest['kind']>(
    request: WithoutId<Extract<TokenizerRequest, { kind: K }>>,
    timeoutMs: number,
  ): Promise<TokenizerReplyPayloads[K]> {
    const reply = await client.send(request, { timeoutMs }).catch((error: unknown) => {
      if (!(error instanceof WorkerTimeout)) throw error;
      client.terminate(error);
      loaded = null;
      throw new AppError(
        'timeout',
        `Counting tokens took longer than ${timeoutMs / 1000} s, so the tokenizer was stopped.`,
        NEXT_STEP,
      );
    });
    if (reply.kind === 'error') throw AppError.fromPayload(reply.payload);
    return reply.payload as TokenizerReplyPayloads[K];
  }

  const ensureLoaded = (): Promise<void> => {
    loaded ??= call<'load'>({ kind: 'load', payload: files }, LOAD_TIMEOUT_MS).then(
      () => undefined,
      (error: unknown) => {
        loaded = null;
        throw error;
      },
    );
    return loaded;
  };

  try {
    await ensureLoaded();
  } catch (error) {
    client.terminate(error as Error);
    throw error;
  }
  return settlingCounter({
    source: files.label,
    async countMany(texts) {
      await ensureLoaded();
      return call<'count'>({ kind: 'count', payload: { texts: [...texts] } }, COUNT_TIMEOUT_MS);
    },
  });
}
