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
}

export interface ChatUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  prefillTokensPerSecond: number | null;
  decodeTokensPerSecond: number | null;
}

/** An engine that reports no figures (or a call that broke before it could). */
export const NO_USAGE: ChatUsage = {
  promptTokens: null,
  completionTokens: null,
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: null,
};

export type FinishReason = 'stop' | 'length' | 'other';

export type ChatEvent =
  { type: 'token'; text: string } | { type: 'done'; finishReason: FinishReason; usage: ChatUsage };

export interface ChatModel {
  /**
   * Yields tokens as they arrive, then exactly one `done`. Rejects with an AppError
   * (`aborted` when the signal fires, `stream_dropped`, `network`, ...).
   */
  streamChat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent>;
}
