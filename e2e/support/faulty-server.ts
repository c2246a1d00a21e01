/**
 * Faults a real server shows under load, injected into the mock server's answers: a 429 with
 * `Retry-After` (in seconds, or as an HTTP date), a 503 while an engine restarts, a 500, and a
 * connection dropped in the middle of a streamed answer. Which request gets which fault is
 * decided by the order requests arrive in, so a run is repeatable.
 */
import type { ChatCompletionBody, MockReply } from './mock-openai-server';

export type Fault = '429' | '429-date' | '503' | '500' | 'drop';

export const EVERY_FAULT: readonly Fault[] = ['429', '503', 'drop', '500', '429-date'];

function faultReply(fault: Fault, reply: MockReply): MockReply {
  switch (fault) {
    case '429':
      return { ...reply, status: 429, headers: { 'Retry-After': '0' } };
    case '429-date':
      // A date a moment ago: wait nothing.
      return {
        ...reply,
        status: 429,
        headers: { 'Retry-After': new Date(Date.now() - 1000).toUTCString() },
      };
    case '503':
      return { ...reply, status: 503, errorBody: '{"error":{"message":"engine restarting"}}' };
    case '500':
      return { ...reply, status: 500 };
    case 'drop':
      return { ...reply, chunkSize: 4, dropAfterChars: Math.min(8, reply.content.length) };
  }
}

export interface FaultyResponder {
  respond: (body: ChatCompletionBody) => Promise<MockReply>;
  /** Faults injected so far, by kind. */
  injected: Record<Fault, number>;
  /** Fail every request from now on (true), or none (false), or every `every`-th (null). */
  failAll: boolean | null;
}

/**
 * Every `every`-th request (1: all) gets the next fault of `faults` in turn; the others are
 * answered by `respond`. A retried request arrives as a new one, so with `every` > 1 it passes.
 */
export function faultyResponder(
  respond: (body: ChatCompletionBody) => MockReply | Promise<MockReply>,
  options: { every: number; faults?: readonly Fault[] },
): FaultyResponder {
  const faults = options.faults ?? EVERY_FAULT;
  let requests = 0;
  let injectedCount = 0;
  const state: FaultyResponder = {
    injected: { '429': 0, '429-date': 0, '503': 0, '500': 0, drop: 0 },
    failAll: null,
    respond: async (body) => {
      const reply = await respond(body);
      requests++;
      const faulty = state.failAll ?? requests % options.every === 0;
      if (!faulty) return reply;
      const fault = faults[injectedCount++ % faults.length] as Fault;
      state.injected[fault]++;
      return faultReply(fault, reply);
    },
  };
  return state;
}
