/**
 * The page's door to web-llm: one worker (started on first use, so the 6 MB library never
 * weighs on the first paint) and typed calls to it. The model list, the model cache and the
 * engine all go through here; `terminate()` stops everything at once (a cancelled download:
 * web-llm's parallel shard fetches have no other stop) and the next call starts a new worker.
 */
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import { AppError } from '../../core/errors';

import type { WorkerLike as GenericWorkerLike } from '../worker-like';
import { mapWebLlmError } from './webllm-errors';
import {
  WEBLLM_PROTOCOL_VERSION,
  type WebLlmReply,
  type WebLlmReplyPayloads,
  type WebLlmRequest,
  type WebLlmRequestKind,
} from './webllm-protocol';

type RequestOf<K extends WebLlmRequestKind> = Extract<WebLlmRequest, { kind: K }>;
type Listener = (reply: Extract<WebLlmReply, { kind: 'progress' | 'chat-event' }>) => void;

interface Pending {
  resolve(payload: unknown): void;
  reject(error: AppError): void;
  onUpdate?: Listener;
}

export type WorkerLike = GenericWorkerLike<WebLlmRequest, WebLlmReply>;

export class WebLlmWorkerClient {
  private worker: WorkerLike | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly startWorker: () => WorkerLike = () =>
      new Worker(new URL('./webllm.worker.ts', import.meta.url), {
        type: 'module',
        name: 'webllm',
      }),
  ) {}

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.startWorker();
    worker.onmessage = (event) => {
      const reply = event.data;
      const entry = this.pending.get(reply.id);
      if (!entry) return;
      if (reply.kind === 'progress' || reply.kind === 'chat-event') {
        entry.onUpdate?.(reply);
        return;
      }
      this.pending.delete(reply.id);
      if (reply.kind === 'ok') entry.resolve(reply.payload);
      else entry.reject(mapWebLlmError(reply.payload));
    };
    // A worker that cannot even start (script blocked, offline before it was cached) reports here.
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.stop(mapWebLlmError(event.message || 'The web-llm worker failed to start.'));
    };
    this.worker = worker;
    return worker;
  }

  call<K extends WebLlmRequestKind>(
    kind: K,
    payload: RequestOf<K>['payload'],
    onUpdate?: Listener,
  ): Promise<WebLlmReplyPayloads[K]> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<WebLlmReplyPayloads[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (p: unknown) => void, reject, onUpdate });
      worker.postMessage({ v: WEBLLM_PROTOCOL_VERSION, kind, id, payload } as WebLlmRequest);
    });
  }

  /** Fire and forget (an interrupt must not wait behind the chat it stops). */
  notify(kind: 'interrupt'): void {
    if (this.worker) void this.call(kind, undefined).catch(() => undefined);
  }

  private stop(error: AppError): void {
    this.worker?.terminate();
    this.worker = null;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }

  /** Ends the worker and everything it was doing; the next call starts a fresh one. */
  terminate(): void {
    this.stop(new AppError('aborted', 'Loading was cancelled.'));
  }

  get running(): boolean {
    return this.worker !== null;
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
