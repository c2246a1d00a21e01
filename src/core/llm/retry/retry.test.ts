import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../errors';
import type { ChatEvent } from '../chat';
import {
  DEFAULT_RETRY_POLICY,
  describeRetries,
  formatReasonCounts,
  parseRetryAfter,
  policyWithRetries,
  retryCall,
  retryDelayMs,
  retryReason,
  retryStream,
  retryingFetch,
} from './index';

const headers = (values: Record<string, string>) => new Headers(values);
const httpFailure = (status: number, retryAfterMs: number | null = null) =>
  new AppError('server_error', `The server answered with an error (${status}).`, undefined, '', {
    status,
    retryAfterMs,
  });

describe('retryReason', () => {
  it.each([408, 429, 500, 502, 503, 504, 599])('tries %i again', (status) => {
    expect(retryReason(httpFailure(status))).toBe(String(status));
  });

  it.each([400, 401, 403, 404, 409, 422])('takes %i as the answer', (status) => {
    expect(retryReason(httpFailure(status))).toBeNull();
  });

  it('tries a cut stream, a dropped connection and a timeout again', () => {
    expect(retryReason(new AppError('stream_dropped', 'cut'))).toBe('stream cut');
    expect(retryReason(new AppError('cors', 'no answer'))).toBe('connection failed');
    expect(retryReason(new AppError('network', 'reset'))).toBe('connection failed');
    expect(retryReason(new AppError('timeout', 'silent'))).toBe('timeout');
  });

  it('never tries a context overflow, a Stop or a model failure again', () => {
    const overflow = new AppError('context_overflow', 'too long', undefined, '', { status: 400 });
    expect(retryReason(overflow)).toBeNull();
    // Even a server that says "overflow" with a 5xx gets no second try.
    expect(retryReason(new AppError('context_overflow', 'x', '', '', { status: 500 }))).toBeNull();
    expect(retryReason(new AppError('aborted', 'Stopped.'))).toBeNull();
    expect(retryReason(new AppError('unparseable_answer', 'no SQL'))).toBeNull();
    expect(retryReason(new Error('plain'))).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Sun, 06 Dec 2026 12:00:00 GMT');

  it('reads seconds, fractions, an HTTP date and retry-after-ms', () => {
    expect(parseRetryAfter(headers({ 'Retry-After': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(headers({ 'Retry-After': '0.5' }), now)).toBe(500);
    expect(parseRetryAfter(headers({ 'Retry-After': 'Sun, 06 Dec 2026 12:00:03 GMT' }), now)).toBe(
      3000,
    );
    expect(parseRetryAfter(headers({ 'Retry-After': '9', 'retry-after-ms': '250' }), now)).toBe(
      250,
    );
  });

  it('reads a date in the past as 0 and nonsense as nothing', () => {
    expect(parseRetryAfter(headers({ 'Retry-After': 'Sun, 06 Dec 2026 11:00:00 GMT' }), now)).toBe(
      0,
    );
    expect(parseRetryAfter(headers({ 'Retry-After': 'soon' }), now)).toBeNull();
    expect(parseRetryAfter(headers({ 'Retry-After': '-3' }), now)).toBeNull();
    expect(parseRetryAfter(headers({}), now)).toBeNull();
  });
});

describe('retryDelayMs', () => {
  const policy = DEFAULT_RETRY_POLICY;

  it('doubles from the base and stops at the cap, less up to a quarter of jitter', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, null, policy, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(retryDelayMs(3, null, policy, () => 1)).toBe(1500);
    expect(retryDelayMs(9, null, policy, () => 0.5)).toBe(7000);
  });

  it("honours the server's Retry-After, up to its own cap", () => {
    expect(retryDelayMs(1, 3000, policy, () => 0.9)).toBe(3000);
    expect(retryDelayMs(1, 0, policy)).toBe(0);
    expect(retryDelayMs(1, 3_600_000, policy)).toBe(policy.maxRetryAfterMs);
  });

  it('bounds the number of tries a person asks for', () => {
    expect(policyWithRetries(0).tries).toBe(1);
    expect(policyWithRetries(4).tries).toBe(5);
    expect(policyWithRetries(1000).tries).toBe(11);
  });
});

describe('retryStream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const done: ChatEvent = {
    type: 'done',
    finishReason: 'stop',
    usage: {
      promptTokens: 1,
      completionTokens: 1,
      prefillTokensPerSecond: null,
      decodeTokensPerSecond: null,
    },
  };

  /** Collects a stream while the fake clock runs every wait. */
  async function drain(stream: AsyncIterable<ChatEvent>) {
    const events: ChatEvent[] = [];
    let error: AppError | null = null;
    const reading = (async () => {
      try {
        for await (const event of stream) events.push(event);
      } catch (caught) {
        error = caught as AppError;
      }
    })();
    await vi.runAllTimersAsync();
    await reading;
    return { events, error: error as AppError | null };
  }

  it('starts a cut stream again whole, after a retry event that voids its text', async () => {
    let tries = 0;
    const started = Date.now();
    const waitedAt: number[] = [];
    const { events, error } = await drain(
      retryStream(
        async function* () {
          tries++;
          waitedAt.push(Date.now() - started);
          yield { type: 'token', text: tries === 1 ? 'SELECT na' : 'SELECT 1' };
          if (tries === 1) throw new AppError('stream_dropped', 'cut after 9 characters');
          yield done;
        },
        { random: () => 0 },
      ),
    );
    expect(error).toBeNull();
    expect(tries).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['token', 'retry', 'token', 'done']);
    expect(events[1]).toEqual({ type: 'retry', attempt: 1, reason: 'stream cut', waitMs: 500 });
    expect(waitedAt).toEqual([0, 500]);
  });

  it("waits the server's Retry-After, then gives up after the last try with its error", async () => {
    let tries = 0;
    const { events, error } = await drain(
      retryStream(
        // eslint-disable-next-line require-yield
        async function* () {
          tries++;
          throw httpFailure(429, 2000);
        },
        { policy: policyWithRetries(2) },
      ),
    );
    expect(tries).toBe(3);
    expect(events).toEqual([
      { type: 'retry', attempt: 1, reason: '429', waitMs: 2000 },
      { type: 'retry', attempt: 2, reason: '429', waitMs: 2000 },
    ]);
    expect(error?.status).toBe(429);
    expect(error?.message).toBe('The server answered with an error (429). (tried 3 times)');
  });

  it.each([400, 401, 403, 404, 422])('sends a %i once', async (status) => {
    let tries = 0;
    const { events, error } = await drain(
      // eslint-disable-next-line require-yield
      retryStream(async function* () {
        tries++;
        throw httpFailure(status);
      }),
    );
    expect(tries).toBe(1);
    expect(events).toEqual([]);
    expect(error?.status).toBe(status);
  });

  it('ends the wait at once when the person stops', async () => {
    const controller = new AbortController();
    let tries = 0;
    const reading = (async () => {
      try {
        const stream = retryStream(
          // eslint-disable-next-line require-yield
          async function* () {
            tries++;
            throw httpFailure(503);
          },
          {},
          controller.signal,
        );
        for await (const event of stream) expect(event.type).toBe('retry');
        return null;
      } catch (error) {
        return error as AppError;
      }
    })();
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    const error = await reading;
    expect(error?.code).toBe('aborted');
    expect(tries).toBe(1);
  });
});

describe('retryCall and retryingFetch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('tries a promise call again and reports each retry', async () => {
    let tries = 0;
    const seen: string[] = [];
    const pending = retryCall(
      async () => {
        tries++;
        if (tries < 3) throw httpFailure(tries === 1 ? 503 : 500);
        return 'models';
      },
      { onRetry: (note) => seen.push(note.reason), random: () => 0 },
    );
    await vi.runAllTimersAsync();
    const { value, retries } = await pending;
    expect(value).toBe('models');
    expect(seen).toEqual(['503', '500']);
    expect(retries.map((r) => r.waitMs)).toEqual([500, 1000]);
  });

  it('asks a probe again on 503 and returns a 404 as it came', async () => {
    const statuses = [503, 503, 200];
    const calls: string[] = [];
    const probe = retryingFetch((async (url: string) => {
      calls.push(url);
      return new Response('{}', { status: statuses.shift() ?? 404 });
    }) as typeof fetch);
    const pending = probe('http://x/version');
    await vi.runAllTimersAsync();
    expect((await pending).status).toBe(200);
    expect(calls).toHaveLength(3);
    const missing = probe('http://x/props');
    await vi.runAllTimersAsync();
    expect((await missing).status).toBe(404);
    expect(calls).toHaveLength(4);
  });
});

describe('describeRetries', () => {
  it('says how often, why and how long the call waited', () => {
    expect(describeRetries([])).toBeNull();
    expect(describeRetries([{ attempt: 1, reason: '429', waitMs: 1000 }])).toBe(
      'retried once: 429, waited 1 s',
    );
    expect(
      describeRetries([
        { attempt: 1, reason: '429', waitMs: 1000 },
        { attempt: 2, reason: 'stream cut', waitMs: 500 },
      ]),
    ).toBe('retried twice: 429, stream cut, waited 1.5 s');
    expect(formatReasonCounts({ '503': 4, '429': 5, 'stream cut': 3 })).toBe(
      '12 (429: 5, 503: 4, stream cut: 3)',
    );
  });
});
