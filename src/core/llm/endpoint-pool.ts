/**
 * Several servers of one model (vLLM replicas on one node or behind plain ports) as one
 * `ChatModel`. Each call goes to the least busy endpoint that has a free slot (each endpoint
 * takes `concurrency` calls at once; more wait for a slot). A call that fails for a passing
 * reason sets its endpoint aside for a while and is tried again at once on another one; only
 * when every endpoint is set aside does the retry policy's wait apply. The members make one
 * try each: the pool holds the one retry policy.
 */
import { isAbort, stoppedError, type AppError } from '../errors';
import type {
  ChatEvent,
  ChatMessage,
  ChatModel,
  ChatRequest,
  ChatSample,
  ChatUsage,
  GrammarSupport,
  RetryNote,
} from './chat';
import { retryCall, retryReason, retryStream, type RetryOptions } from './retry';
import { streamSamples } from './samples';

export interface PoolMember {
  /** How the progress line names it ("gpu1:8000"). */
  label: string;
  model: ChatModel;
  /** Calls it takes at once. */
  concurrency: number;
}

export interface EndpointStatus {
  label: string;
  concurrency: number;
  inFlight: number;
  /** Set aside after a failure: it gets work only when no other endpoint can. */
  setAside: boolean;
  calls: number;
  failures: number;
}

/** How long a failing endpoint is set aside at first; doubles while it keeps failing. */
export const SET_ASIDE_MS = 5_000;
const MAX_SET_ASIDE_MS = 60_000;

interface Slot extends EndpointStatus {
  model: ChatModel;
  asideUntil: number;
  /** Failures in a row (reset by a success): how long the next set-aside lasts. */
  streak: number;
}

export class EndpointPool implements ChatModel {
  private readonly slots: Slot[];
  private readonly waiting: (() => void)[] = [];
  private readonly now: () => number;

  constructor(
    members: readonly PoolMember[],
    private readonly retry: RetryOptions = {},
    options: { now?: () => number } = {},
  ) {
    if (members.length === 0) throw new Error('An endpoint pool needs at least one endpoint.');
    this.now = options.now ?? (() => Date.now());
    this.slots = members.map((m) => ({
      label: m.label,
      model: m.model,
      concurrency: Math.max(1, m.concurrency),
      inFlight: 0,
      setAside: false,
      calls: 0,
      failures: 0,
      asideUntil: 0,
      streak: 0,
    }));
  }

  /** Calls the pool takes at once: what a runner's concurrency should be. */
  get concurrency(): number {
    return this.slots.reduce((sum, s) => sum + s.concurrency, 0);
  }

  status(): EndpointStatus[] {
    const now = this.now();
    return this.slots.map((s) => ({
      label: s.label,
      concurrency: s.concurrency,
      inFlight: s.inFlight,
      setAside: s.asideUntil > now,
      calls: s.calls,
      failures: s.failures,
    }));
  }

  /** "gpu1:8000 4/4 · gpu2:8000 0/4 set aside": in flight / concurrency per endpoint. */
  statusLine(): string {
    return this.status()
      .map((s) => `${s.label} ${s.inFlight}/${s.concurrency}${s.setAside ? ' set aside' : ''}`)
      .join(' · ');
  }

  private healthy(slot: Slot): boolean {
    return slot.asideUntil <= this.now();
  }

  /**
   * The endpoint for the next call: the least busy healthy one with a free slot; when every
   * endpoint is set aside, the least busy one with a free slot all the same (the retry policy
   * has waited already). Null when the endpoints that may take it are all busy.
   */
  private pick(): Slot | null {
    const free = this.slots.filter((s) => s.inFlight < s.concurrency);
    const anyHealthy = this.slots.some((s) => this.healthy(s));
    const candidates = anyHealthy ? free.filter((s) => this.healthy(s)) : free;
    let best: Slot | null = null;
    for (const s of candidates)
      if (!best || s.inFlight / s.concurrency < best.inFlight / best.concurrency) best = s;
    return best;
  }

  private async acquire(signal?: AbortSignal): Promise<Slot> {
    for (;;) {
      if (signal?.aborted) throw stoppedError();
      const slot = this.pick();
      if (slot) {
        slot.inFlight++;
        slot.calls++;
        return slot;
      }
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(stoppedError());
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }

  private release(slot: Slot): void {
    slot.inFlight--;
    // Everyone waiting looks again: a set-aside endpoint coming back frees no slot of its own.
    for (const wake of this.waiting.splice(0)) wake();
  }

  private failed(slot: Slot, error: unknown): void {
    if (isAbort(error) || retryReason(error) === null) return;
    slot.failures++;
    slot.streak++;
    const backoff = Math.min(SET_ASIDE_MS * 2 ** (slot.streak - 1), MAX_SET_ASIDE_MS);
    const asked = (error as AppError).retryAfterMs ?? 0;
    slot.asideUntil = this.now() + Math.max(backoff, Math.min(asked, MAX_SET_ASIDE_MS));
  }

  /** Another endpoint can take the next try now: no wait. */
  private retryOptions(): RetryOptions {
    return {
      ...this.retry,
      waitFor: (note) => (this.slots.some((s) => this.healthy(s)) ? 0 : note.waitMs),
    };
  }

  /** Runs one try on one endpoint, keeping its slot, its failures and its streak. */
  private async *onEndpoint<T>(
    signal: AbortSignal | undefined,
    run: (model: ChatModel) => AsyncGenerator<ChatEvent, T>,
  ): AsyncGenerator<ChatEvent, T> {
    const slot = await this.acquire(signal);
    try {
      const value = yield* run(slot.model);
      slot.streak = 0;
      return value;
    } catch (error) {
      this.failed(slot, error);
      throw error;
    } finally {
      this.release(slot);
    }
  }

  /** `onEndpoint` for a call that answers at once (n samples in one request). */
  private async onEndpointCall<T>(
    signal: AbortSignal | undefined,
    run: (model: ChatModel) => Promise<T>,
  ): Promise<T> {
    const slot = await this.acquire(signal);
    try {
      const value = await run(slot.model);
      slot.streak = 0;
      return value;
    } catch (error) {
      this.failed(slot, error);
      throw error;
    } finally {
      this.release(slot);
    }
  }

  streamChat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    return retryStream(
      () =>
        this.onEndpoint(signal, async function* (model) {
          yield* model.streamChat(request, signal);
        }),
      this.retryOptions(),
      signal,
    );
  }

  async sampleChat(
    request: ChatRequest,
    n: number,
    signal?: AbortSignal,
  ): Promise<{ samples: ChatSample[]; usage: ChatUsage; retries?: RetryNote[] }> {
    const first = this.slots[0]?.model;
    if (!first?.sampleChat) {
      const { answers, usage, retries } = await streamSamples(this, request, n, signal);
      return { samples: answers, usage, retries };
    }
    const sample = (model: ChatModel) =>
      (model.sampleChat as NonNullable<ChatModel['sampleChat']>).call(model, request, n, signal);
    const { value, retries } = await retryCall(
      () => this.onEndpointCall(signal, sample),
      this.retryOptions(),
      signal,
    );
    return { ...value, retries: [...(value.retries ?? []), ...retries] };
  }

  grammarSupport(): GrammarSupport {
    return (
      this.slots[0]?.model.grammarSupport?.() ?? {
        ok: false,
        reason: 'this engine takes no grammar',
      }
    );
  }

  /** The count of a healthy endpoint (the replicas share a tokenizer); null when none can say. */
  async countPromptTokens(
    messages: ChatMessage[],
    signal?: AbortSignal,
  ): Promise<{ tokens: number; by: string } | null> {
    const slot = this.slots.find((s) => this.healthy(s)) ?? this.slots[0];
    return (await slot?.model.countPromptTokens?.(messages, signal)) ?? null;
  }
}
