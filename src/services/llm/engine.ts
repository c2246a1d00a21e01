/**
 * One interface for both model engines. The pipeline only sees `ChatModel`; the model slice
 * also loads, reports progress and unloads.
 */
import type { ChatModel } from '../../core/llm/chat';
import type { TokenCounter } from '../../core/tokens/token-counter';

export type EngineKind = 'webllm' | 'openai';

export interface LoadProgress {
  /** 0..1, null when the engine cannot tell. */
  fraction: number | null;
  loadedBytes: number | null;
  totalBytes: number | null;
  /** The engine's own words about what it is doing ("Fetching param cache[3/20]"). */
  text: string;
  elapsedMs: number;
}

export interface LlmEngine extends ChatModel {
  readonly kind: EngineKind;
  /** The model as the engine names it (a web-llm model_id, or the server's model name). */
  readonly modelId: string;
  /** Rejects with an AppError; `aborted` when the signal fires (cancelled download). */
  load(onProgress: (progress: LoadProgress) => void, signal?: AbortSignal): Promise<void>;
  unload(): Promise<void>;
  /** The model's context window in tokens once loaded, when the engine knows it. */
  readonly contextWindow?: number | null;
  /** Where the window came from: the server's own report, or the person's settings. */
  readonly contextWindowSource?: 'server' | 'settings' | null;
  /** Counts tokens with the model's tokenizer, or the bundled Qwen2.5 one (loads on first use). */
  tokenCounter?(): Promise<TokenCounter | null>;
}
