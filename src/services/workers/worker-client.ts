/**
 * One typed client for the page's workers (sql.js, web-llm, the tokenizer). Each request carries
 * an id and its replies are matched by it; a request may get updates (download progress,
 * streamed tokens) before the reply that ends it; a time limit ends the wait. A worker that
 * fails (cannot start, runs out of memory) rejects everything it was holding, and the next
 * request starts a new one, as does the next request after `terminate()`.
 */
import type { WorkerLike } from './worker-like';

/** What every request and reply carries: its kind, and the id that pairs them. */
export interface WorkerMessage {
  id: number;
  kind: string;
}

/** A request as the caller writes it: the client gives it its id. */
export type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface WorkerClientOptions<Request, Reply> {
  start: () => WorkerLike<Request, Reply>;
  /** Replies that report on a request (progress, a streamed piece) rather than end it. */
  isUpdate?: (reply: Reply) => boolean;
  /** The error the waiting requests get when the worker fails, from the failure's message. */
  failed: (message: string) => Error;
  /** Told when the worker failed on its own (the db client rebuilds its database next time). */
  onFailure?: () => void;
}

export interface SendOptions<Reply> {
  onUpdate?: (reply: Reply) => void;
  /** How long to wait for the ending reply; the request then rejects with a WorkerTimeout. */
  timeoutMs?: number;
}

/** A request whose reply did not come in time (the worker may still be busy with it). */
export class WorkerTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The worker did not answer within ${timeoutMs} ms.`);
    this.name = 'WorkerTimeout';
  }
}

interface Pending<Reply> {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  onUpdate?: (reply: Reply) => void;
}

export class WorkerClient<Request extends WorkerMessage, Reply extends WorkerMessage> {
  private worker: WorkerLike<Request, Reply> | null = null;
  private readonly pending = new Map<number, Pending<Reply>>();
  private nextId = 1;

  constructor(private readonly options: WorkerClientOptions<Request, Reply>) {}

  /** Sends a request (starting the worker if none runs) and resolves with its ending reply. */
  send(
    request: WithoutId<Request>,
    { onUpdate, timeoutMs }: SendOptions<Reply> = {},
  ): Promise<Reply> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = () => {
        clearTimeout(timer);
        this.pending.delete(id);
      };
      this.pending.set(id, {
        resolve: (reply) => (settle(), resolve(reply)),
        reject: (error) => (settle(), reject(error)),
        onUpdate,
      });
      if (timeoutMs !== undefined)
        timer = setTimeout(() => (settle(), reject(new WorkerTimeout(timeoutMs))), timeoutMs);
      worker.postMessage({ ...request, id } as Request);
    });
  }

  /** Ends the worker and everything it was doing, rejecting what waits with `error`. */
  terminate(error: Error): void {
    this.worker?.terminate();
    this.worker = null;
    for (const entry of [...this.pending.values()]) entry.reject(error);
  }

  get running(): boolean {
    return this.worker !== null;
  }

  private ensureWorker(): WorkerLike<Request, Reply> {
    if (this.worker) return this.worker;
    const worker = this.options.start();
    worker.onmessage = (event) => {
      const reply = event.data;
      const entry = this.pending.get(reply.id);
      if (!entry) return; // a reply to a request that timed out or was rejected
      if (this.options.isUpdate?.(reply)) entry.onUpdate?.(reply);
      else entry.resolve(reply);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.worker !== worker) return;
      this.terminate(this.options.failed(event.message || 'The worker stopped unexpectedly.'));
      this.options.onFailure?.();
    };
    this.worker = worker;
    return worker;
  }
}
