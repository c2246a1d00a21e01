/**
 * What the pipeline needs from a model: stream a chat completion. Both engines (WebLLM in a
 * worker, an OpenAI-compatible server) implement this through `LlmEngine` in services/llm.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  /** 1.0 is off; sent explicitly so a model's generation config cannot switch it on. */
  repetitionPenalty?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Ask for a JSON object answer where the engine can enforce it. */
  responseFormat?: { type: 'json_object' };
  /** An EBNF grammar the answer must follow (src/core/grammar), where the engine takes one. */
  grammar?: string;
  /**
   * Switch a thinking model's thinking on or off where the engine can (src/core/llm/thinking.ts);
   * absent: the model's default.
   */
  thinking?: 'on' | 'off';
}

export interface ChatUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  prefillTokensPerSecond: number | null;
  decodeTokensPerSecond: number | null;
  /** Time the engine spent compiling the request's grammar, when it reports it (WebLLM). */
  grammarInitMs?: number | null;
}

/** An engine that reports no figures (or a call that broke before it could). */
export const NO_USAGE: ChatUsage = {
  promptTokens: null,
  completionTokens: null,
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: null,
};

export type FinishReason = 'stop' | 'length' | 'other';

/** One failed try of a call that is tried again (src/core/llm/retry). */
export interface RetryNote {
  /** The try that failed, from 1. */
  attempt: number;
  /** What failed, short: the HTTP status ("429", "503"), "stream cut", "connection failed", "timeout". */
  reason: string;
  /** How long the call waited before the next try. */
  waitMs: number;
}

/**
 * `retry`: the try so far failed for a passing reason (a 429, a 503, a cut stream) and the call
 * starts again after `waitMs`; the text streamed so far is void and must be dropped, never parsed.
 */
/**
 * `thinking` carries reasoning the engine sent apart from the answer (`reasoning_content`,
 * `reasoning`); inline `<think>` blocks arrive as tokens and are split off by the caller.
 */
export type ChatEvent =
  | { type: 'token'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'done'; finishReason: FinishReason; usage: ChatUsage }
  | ({ type: 'retry' } & RetryNote);

/** Whether an engine can decode under a grammar, and if not, why. */
export type GrammarSupport = { ok: true; via: string } | { ok: false; reason: string };

export interface ChatSample {
  answer: string;
  finishReason: FinishReason;
  /** Reasoning the engine sent apart from the answer; inline `<think>` stays in `answer`. */
  thinking?: string;
}

export interface ChatModel {
  /**
   * Draws `n` answers to one request in one go (WebLLM's and vLLM's `n`). Engines without it
   * are asked `n` times.
   */
  sampleChat?(
    request: ChatRequest,
    n: number,
    signal?: AbortSignal,
  ): Promise<{ samples: ChatSample[]; usage: ChatUsage; retries?: RetryNote[] }>;
  /** Absent: the engine takes no grammar. */
  grammarSupport?(): GrammarSupport;
  /**
   * The engine's own count of a chat's prompt tokens, chat template included, before it is sent
   * (a server's `/tokenize`). Null when the engine cannot say; absent when it never can.
   */
  countPromptTokens?(
    messages: ChatMessage[],
    signal?: AbortSignal,
  ): Promise<{ tokens: number; by: string } | null>;
  /**
   * Yields tokens as they arrive, then exactly one `done`; a `retry` in between voids the tokens
   * before it (the call starts again). Rejects with an AppError
   * (`aborted` when the signal fires, `stream_dropped`, `network`, ...).
   */
  streamChat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent>;
}
