/**
 * Drawing n answers to one request: in one request where the engine takes `n` (WebLLM
 * without streaming, vLLM), else as n requests one after the other.
 */
import {
  NO_USAGE,
  type ChatModel,
  type ChatRequest,
  type ChatUsage,
  type FinishReason,
  type RetryNote,
} from './chat';
import { retryNoteOf } from './retry';

export interface DrawnSamples {
  /** Raw answers: inline `<think>` blocks are still in `answer` (the caller splits them off). */
  answers: { answer: string; finishReason: FinishReason; thinking?: string }[];
  usage: ChatUsage;
  /** Tries that failed for a passing reason before the answers came. */
  retries?: RetryNote[];
}

function addUsage(a: ChatUsage, b: ChatUsage): ChatUsage {
  const sum = (x: number | null, y: number | null) =>
    x === null && y === null ? null : (x ?? 0) + (y ?? 0);
  return {
    ...NO_USAGE,
    promptTokens: sum(a.promptTokens, b.promptTokens),
    completionTokens: sum(a.completionTokens, b.completionTokens),
  };
}

/** `n` answers asked one after the other (for engines that answer once per request). */
export async function streamSamples(
  model: Pick<ChatModel, 'streamChat'>,
  request: ChatRequest,
  n: number,
  signal?: AbortSignal,
): Promise<DrawnSamples> {
  const answers: DrawnSamples['answers'] = [];
  let usage: ChatUsage = NO_USAGE;
  const retries: RetryNote[] = [];
  for (let i = 0; i < n; i++) {
    let answer = '';
    let thinking = '';
    let finishReason: FinishReason = 'other';
    for await (const event of model.streamChat(request, signal)) {
      if (event.type === 'token') answer += event.text;
      else if (event.type === 'thinking') thinking += event.text;
      else if (event.type === 'retry') {
        answer = '';
        thinking = '';
        retries.push(retryNoteOf(event));
      } else {
        finishReason = event.finishReason;
        usage = i === 0 ? event.usage : addUsage(usage, event.usage);
      }
    }
    answers.push({ answer, finishReason, ...(thinking ? { thinking } : {}) });
  }
  return { answers, usage, ...(retries.length > 0 ? { retries } : {}) };
}

/** `n` answers: in one request where the engine can (`sampleChat`), else one by one. */
export async function drawSamples(
  model: ChatModel,
  request: ChatRequest,
  n: number,
  signal?: AbortSignal,
): Promise<DrawnSamples> {
  if (!model.sampleChat) return streamSamples(model, request, n, signal);
  const { samples, usage, retries } = await model.sampleChat(request, n, signal);
  return { answers: samples, usage, ...(retries && retries.length > 0 ? { retries } : {}) };
}
