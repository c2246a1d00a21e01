import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { ChatEvent, ChatModel, ChatRequest } from './chat';
import { completeChat } from './complete';
import { EndpointPool, SET_ASIDE_MS } from './endpoint-pool';

const request: ChatRequest = { messages: [{ role: 'user', content: 'q' }] };
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

/** A server that answers its name after `delayMs`, or fails with `failWith` while it is set. */
function fakeServer(name: string, delayMs = 5) {
  const server = {
    inFlight: 0,
    most: 0,
    calls: 0,
    failWith: null as AppError | null,
    model: {
      async *streamChat() {
        server.calls++;
        server.inFlight++;
        server.most = Math.max(server.most, server.inFlight);
        try {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          if (server.failWith) throw server.failWith;
          yield { type: 'token', text: name } as ChatEvent;
          yield done;
        } finally {
          server.inFlight--;
        }
      },
    } satisfies ChatModel,
  };
  return server;
}

const unavailable = () =>
  new AppError('server_error', 'The server answered with an error (503).', undefined, '', {
    status: 503,
  });

describe('EndpointPool', () => {
  it('spreads calls over the endpoints, each within its own concurrency', async () => {
    const a = fakeServer('a');
    const b = fakeServer('b');
    const pool = new EndpointPool([
      { label: 'a:8000', model: a.model, concurrency: 2 },
      { label: 'b:8000', model: b.model, concurrency: 3 },
    ]);
    expect(pool.concurrency).toBe(5);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => completeChat(pool, request)),
    );
    expect(answers.filter((x) => x.text === 'a')).toHaveLength(a.calls);
    expect(answers.filter((x) => x.text === 'b')).toHaveLength(b.calls);
    expect(a.calls).toBeGreaterThan(0);
    expect(b.calls).toBeGreaterThan(0);
    expect(a.most).toBeLessThanOrEqual(2);
    expect(b.most).toBeLessThanOrEqual(3);
    expect(pool.statusLine()).toBe('a:8000 0/2 · b:8000 0/3');
  });

  it('sets a failing endpoint aside and sends its work to the others at once', async () => {
    const a = fakeServer('a');
    const b = fakeServer('b');
    a.failWith = unavailable();
    const waits: number[] = [];
    const pool = new EndpointPool(
      [
        { label: 'a', model: a.model, concurrency: 1 },
        { label: 'b', model: b.model, concurrency: 1 },
      ],
      { sleep: async (ms) => void waits.push(ms) },
    );
    const answers = await Promise.all(Array.from({ length: 6 }, () => completeChat(pool, request)));
    expect(answers.map((x) => x.text)).toEqual(['b', 'b', 'b', 'b', 'b', 'b']);
    // a failed once and was set aside; the retry went to b without waiting.
    expect(a.calls).toBe(1);
    expect(waits.every((ms) => ms === 0)).toBe(true);
    expect(pool.status()[0]).toMatchObject({ setAside: true, failures: 1 });
  });

  it('brings an endpoint back after its time aside', async () => {
    let clock = 0;
    const a = fakeServer('a');
    const b = fakeServer('b');
    a.failWith = unavailable();
    const pool = new EndpointPool(
      [
        { label: 'a', model: a.model, concurrency: 1 },
        { label: 'b', model: b.model, concurrency: 1 },
      ],
      { sleep: async () => {} },
      { now: () => clock },
    );
    await completeChat(pool, request);
    expect(pool.status()[0]?.setAside).toBe(true);
    a.failWith = null;
    clock += SET_ASIDE_MS + 1;
    expect(pool.status()[0]?.setAside).toBe(false);
    const both = await Promise.all([completeChat(pool, request), completeChat(pool, request)]);
    expect(both.map((x) => x.text).sort()).toEqual(['a', 'b']);
  });

  it("waits the policy's backoff only when every endpoint is set aside, and gives up after the tries", async () => {
    const a = fakeServer('a');
    a.failWith = unavailable();
    const waits: number[] = [];
    const pool = new EndpointPool([{ label: 'a', model: a.model, concurrency: 1 }], {
      sleep: async (ms) => void waits.push(ms),
      random: () => 0,
    });
    await expect(completeChat(pool, request)).rejects.toMatchObject({ status: 503 });
    expect(a.calls).toBe(5);
    expect(waits).toEqual([500, 1000, 2000, 4000]);
  });

  it('never tries a refusal again, and does not set its endpoint aside', async () => {
    const a = fakeServer('a');
    a.failWith = new AppError('unauthorized', 'bad key', undefined, '', { status: 401 });
    const pool = new EndpointPool([{ label: 'a', model: a.model, concurrency: 1 }]);
    await expect(completeChat(pool, request)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(a.calls).toBe(1);
    expect(pool.status()[0]?.setAside).toBe(false);
  });
});
