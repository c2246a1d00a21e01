/**
 * One interface for both model engines. The pipeline only sees `ChatModel`; the model slice
 * also loads, reports progress and unloads.
 */
import type { ChatModel } from '../../core/llm/chat';
import type { TokenCounter } from '../../core/tokens/token-counter';
import type { ThinkingEvidence } from '../../core/llm/thinking';

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
  /**
   * Whether the model thinks before it answers: from its answers (a run that saw thinking sets
   * it), else from what the server or web-llm's record says, else a hint from its name.
   */
  thinking?: ThinkingEvidence;
  /** Counts tokens with the model's tokenizer, or the bundled Qwen2.5 one (loads on first use). */
  tokenCounter?(): Promise<TokenCounter | null>;
}

/** How long a run without a known window waits for a tokenizer that is still loading. */
const OPTIONAL_COUNTER_WAIT_MS = 50;

/**
 * The counter a run gets. Fitting needs it, so a run whose window is known waits for it (seconds,
 * the first time, unless it was preloaded); without a window the counts are only shown, so the
 * run takes a counter already loaded and does not wait for one still loading.
 */
export async function runTokenCounter(
  engine: LlmEngine,
  fitting: boolean,
): Promise<TokenCounter | null> {
  if (!engine.tokenCounter) return null;
  const loading = engine.tokenCounter().catch(() => null);
  if (fitting) return loading;
  const notYet = new Promise<null>((resolve) =>
    setTimeout(() => resolve(null), OPTIONAL_COUNTER_WAIT_MS),
  );
  return Promise.race([loading, notYet]);
}
