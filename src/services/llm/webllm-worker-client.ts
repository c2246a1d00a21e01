/**
 * The page's door to web-llm: one worker (started on first use, so the 6 MB library never
 * weighs on the first paint) and typed calls to it. The model list, the model cache and the
 * engine all go through here; `terminate()` stops everything at once (a cancelled download:
 * web-llm's parallel shard fetches have no other stop) and the next call starts a new worker.
 */
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import { AppError } from '../../core/errors';

import { WorkerClient, type WithoutId } from '../workers/worker-client';
import type { WorkerLike as GenericWorkerLike } from '../workers/worker-like';
import { mapWebLlmError } from './webllm-errors';
import {
  WEBLLM_PROTOCOL_VERSION,
  type WebLlmReply,
  type WebLlmReplyPayloads,
  type WebLlmRequest,
  type WebLlmRequestKind,
} from './webllm-protocol';

type RequestOf<K extends WebLlmRequestKind> = Extract<WebLlmRequest, { kind: K }>;
type Update = Extract<WebLlmReply, { kind: 'progress' | 'chat-event' }>;

export type WorkerLike = GenericWorkerLike<WebLlmRequest, WebLlmReply>;

const isUpdate = (reply: WebLlmReply): reply is Update =>
  reply.kind === 'progress' || reply.kind === 'chat-event';

export class WebLlmWorkerClient {
  private readonly client: WorkerClient<WebLlmRequest, WebLlmReply>;

  constructor(
    startWorker: () => WorkerLike = () =>
      new Worker(new URL('./webllm.worker.ts', import.meta.url), {
        type: 'module',
        name: 'webllm',
      }),
  ) {
    this.client = new WorkerClient({
      start: startWorker,
      isUpdate,
      // A worker that cannot even start (script blocked, offline before it was cached) ends here.
      failed: (message) => mapWebLlmError(message || 'The web-llm worker failed to start.'),
    });
  }

  async call<K extends WebLlmRequestKind>(
    kind: K,
    payload: RequestOf<K>['payload'],
    onUpdate?: (reply: Update) => void,
  ): Promise<WebLlmReplyPayloads[K]> {
    const reply = await this.client.send(
      { v: WEBLLM_PROTOCOL_VERSION, kind, payload } as WithoutId<WebLlmRequest>,
      { onUpdate: onUpdate && ((update) => isUpdate(update) && onUpdate(update)) },
    );
    if (reply.kind === 'error') throw mapWebLlmError(reply.payload);
    return reply.payload as WebLlmReplyPayloads[K];
  }

  /** Fire and forget (an interrupt must not wait behind the chat it stops). */
  notify(kind: 'interrupt'): void {
    if (this.client.running) void this.call(kind, undefined).catch(() => undefined);
  }

  /** Ends the worker and everything it was doing; the next call starts a fresh one. */
  terminate(): void {
    this.client.terminate(new AppError('aborted', 'Loading was cancelled.'));
  }

  get running(): boolean {
    return this.client.running;
  }
}

/** The page's one web-llm worker. */
export const webLlmWorker = new WebLlmWorkerClient();

export function webLlmModelList(): Promise<ModelRecord[]> {
  return webLlmWorker.call('model-list', undefined);
}

export function webLlmHasModel(modelId: string, appConfig: AppConfig): Promise<boolean> {
  return webLlmWorker.call('has-model', { modelId, appConfig });
}

export function webLlmDeleteModel(modelId: string, appConfig: AppConfig): Promise<void> {
  return webLlmWorker.call('delete-model', { modelId, appConfig }).then(() => undefined);
}
