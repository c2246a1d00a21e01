/**
 * A ChatModel for tests: answers from a script instead of a network or a GPU. Each step answers
 * the first request it matches (by a phrase in the last user message, a regular expression or a
 * predicate), or, without `match`, the next request in order. Answers stream in small chunks;
 * the abort signal is honoured between chunks; a step can break mid-stream or hang until
 * stopped. Test-only: the app never imports this folder.
 */
import { AppError, stoppedError } from '../core/errors';
import type {
  ChatEvent,
  ChatMessage,
  ChatModel,
  ChatRequest,
  ChatUsage,
  FinishReason,
} from '../core/llm/chat';
import {
  CONTINUATION_MARKER,
  NOISE_CORRECTION_MARKER,
  SCHEMA_LINKING_MARKER,
  SIMPLIFIED_SCHEMA_HEADING,
  TEXT_TO_SQL_MARKER,
} from '../core/pipeline/prompts';
import { OMNISQL_MARKER } from '../core/pipeline/omnisql-prompt';

export interface ScriptStep {
  /** Which request this step answers; steps without one answer requests in order. */
  match?: string | RegExp | ((request: ChatRequest) => boolean);
  /** The answer text, or a function of the request (e.g. to echo the gold SQL). */
  answer: string | ((request: ChatRequest) => string);
  finishReason?: FinishReason;
  /** Figures to report instead of the rough ones (e.g. a window-sized prompt). */
  usage?: Partial<ChatUsage>;
  /** Break the stream with this error after `failAfterChars` characters. */
  failWith?: AppError;
  failAfterChars?: number;
  /** Stop streaming after this many characters and wait until the signal fires. */
  hangAfterChars?: number;
  /** Answer this many requests (default 1); Infinity for every matching request. */
  times?: number;
  /**
   * Reasoning streamed before the answer in a field of its own (as vLLM's `reasoning_content`
   * arrives); inline `<think>` blocks are simply written into `answer`.
   */
  thinking?: string;
}

export interface ScriptedModelOptions {
  chunkSize?: number;
  /** Milliseconds between chunks (0: no waiting, as fast as possible). */
  chunkDelayMs?: number;
}

export interface ScriptedModel extends ChatModel {
  /** Every request received, in order. */
  readonly requests: ChatRequest[];
  /** Steps not used up. */
  remaining(): number;
}

export function lastUserMessage(request: ChatRequest): string {
  return [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}

export type PromptKind =
  'schema_links' | 'pseudo_sql' | 'sql_generation' | 'noise_correction' | 'continuation_writing';

/**
 * Which pipeline call a prompt belongs to, from the stable phrases in prompts.ts (for scripts
 * and mock servers). A Text2SQL prompt over the full schema is the pseudo-SQL call, or SQL
 * generation when schema linking is off.
 */
export function promptKind(messages: ChatMessage[]): PromptKind | null {
  const text = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  if (text.includes(SCHEMA_LINKING_MARKER)) return 'schema_links';
  if (text.includes(NOISE_CORRECTION_MARKER)) return 'noise_correction';
  if (text.includes(CONTINUATION_MARKER)) return 'continuation_writing';
  // OmniSQL's prompt has no schema heading: its call is taken as SQL generation.
  if (text.includes(OMNISQL_MARKER)) return 'sql_generation';
  if (text.includes(TEXT_TO_SQL_MARKER))
    return text.includes(SIMPLIFIED_SCHEMA_HEADING) ? 'sql_generation' : 'pseudo_sql';
  return null;
}

function matches(step: ScriptStep, request: ChatRequest): boolean {
  const { match } = step;
  if (match === undefined) return true;
  if (typeof match === 'function') return match(request);
  const text = lastUserMessage(request);
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

function waitForAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return; // hangs forever: a test without a signal asked for it
    if (signal.aborted) reject(stoppedError());
    signal.addEventListener('abort', () => reject(stoppedError()), { once: true });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createScriptedModel(
  script: ScriptStep[],
  options: ScriptedModelOptions = {},
): ScriptedModel {
  const chunkSize = options.chunkSize ?? 4;
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const steps = script.map((step) => ({ step, left: step.times ?? 1 }));
  const requests: ChatRequest[] = [];

  function take(request: ChatRequest): ScriptStep {
    const matched = steps.find(
      (s) => s.left > 0 && s.step.match !== undefined && matches(s.step, request),
    );
    const entry = matched ?? steps.find((s) => s.left > 0 && s.step.match === undefined);
    if (!entry) {
      throw new AppError(
        'unknown',
        `The script has no answer for: ${lastUserMessage(request).slice(0, 200)}`,
      );
    }
    entry.left--;
    return entry.step;
  }

  return {
    requests,
    remaining: () => steps.reduce((n, s) => n + (Number.isFinite(s.left) ? s.left : 0), 0),
    async *streamChat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
      requests.push(request);
      if (signal?.aborted) throw stoppedError();
      const step = take(request);
      const answer = typeof step.answer === 'function' ? step.answer(request) : step.answer;
      const thought = step.thinking ?? '';
      for (let at = 0; at < thought.length; at += chunkSize) {
        if (signal?.aborted) throw stoppedError();
        yield { type: 'thinking', text: thought.slice(at, at + chunkSize) };
      }
      let sent = 0;
      while (sent < answer.length) {
        if (step.failWith && sent >= (step.failAfterChars ?? 0)) throw step.failWith;
        if (step.hangAfterChars !== undefined && sent >= step.hangAfterChars)
          await waitForAbort(signal);
        if (chunkDelayMs > 0) await sleep(chunkDelayMs);
        if (signal?.aborted) throw stoppedError();
        const text = answer.slice(sent, sent + chunkSize);
        sent += text.length;
        yield { type: 'token', text };
      }
      if (step.failWith) throw step.failWith;
      if (step.hangAfterChars !== undefined) await waitForAbort(signal);
      const usage: ChatUsage = {
        promptTokens: Math.ceil(request.messages.reduce((n, m) => n + m.content.length, 0) / 4),
        completionTokens: Math.ceil((thought.length + answer.length) / 4),
        prefillTokensPerSecond: null,
        decodeTokensPerSecond: null,
        ...step.usage,
      };
      yield { type: 'done', finishReason: step.finishReason ?? 'stop', usage };
    },
  };
}
