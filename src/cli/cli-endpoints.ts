/**
 * The CLIs' model servers: one `--endpoint`, or several replicas of one model (`--endpoint`
 * repeated) spread by an `EndpointPool`, each taking `--concurrency` calls at once.
 */
import { AppError } from '../core/errors';
import type { ChatModel } from '../core/llm/chat';
import { EndpointPool } from '../core/llm/endpoint-pool';
import { NO_THINKING_EVIDENCE, type ThinkingEvidence } from '../core/llm/thinking';
import { policyWithRetries, retryCall, type RetryOptions } from '../core/llm/retry';
import { OpenAiEngine } from '../services/llm/openai-engine';

export interface Connected {
  /** What the runs call: the engine itself, or the pool over the replicas. */
  model: ChatModel;
  /** The model's name as the server(s) know it. */
  modelId: string;
  /** For summaries: "qwen at http://a/v1" or "qwen at 2 endpoints (http://a/v1, http://b/v1)". */
  where: string;
  /** Calls the servers take at once in all. */
  concurrency: number;
  pool: EndpointPool | null;
  /** What the server said about the model's thinking (the first replica's, for a pool). */
  thinking: ThinkingEvidence;
}

/** "gpu1:8000" for a progress line. */
function shortLabel(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/**
 * Connects every endpoint (with the retry policy, so a replica still starting is waited for)
 * and checks they serve the same model; rejects with an AppError.
 */
export async function connectEndpoints(options: {
  endpoints: readonly string[];
  model: string;
  apiKey?: string;
  retry: RetryOptions;
  concurrency: number;
}): Promise<Connected> {
  const { endpoints, model, apiKey, retry, concurrency } = options;
  if (endpoints.length === 1) {
    const engine = new OpenAiEngine({
      endpoint: endpoints[0] ?? '',
      model,
      apiKey,
      pageOrigin: null,
      retry,
    });
    await engine.load(() => undefined);
    return {
      model: engine,
      modelId: engine.modelId,
      where: `${engine.modelId} at ${engine.baseUrl}`,
      concurrency,
      pool: null,
      thinking: engine.thinking,
    };
  }
  // The pool holds the retry policy: each replica makes one try, so a failing one is left at
  // once for another instead of being retried in place.
  const engines = endpoints.map(
    (endpoint) =>
      new OpenAiEngine({
        endpoint,
        model,
        apiKey,
        pageOrigin: null,
        retry: { ...retry, policy: policyWithRetries(0) },
      }),
  );
  await Promise.all(engines.map((engine) => retryCall(() => engine.load(() => undefined), retry)));
  const ids = new Set(engines.map((e) => e.modelId));
  if (ids.size > 1)
    throw new AppError(
      'model_not_found',
      `The endpoints serve different models (${[...ids].join(', ')}).`,
      'Give --model to pick one they all serve.',
    );
  const pool = new EndpointPool(
    engines.map((engine) => ({ label: shortLabel(engine.baseUrl), model: engine, concurrency })),
    retry,
  );
  const modelId = engines[0]?.modelId ?? model;
  return {
    model: pool,
    modelId,
    where: `${modelId} at ${engines.length} endpoints (${engines.map((e) => e.baseUrl).join(', ')})`,
    concurrency: pool.concurrency,
    pool,
    thinking: engines[0]?.thinking ?? NO_THINKING_EVIDENCE,
  };
}
