/**
 * What the web-llm worker does with each request, as a plain function over an injected web-llm
 * (the worker passes the real library; unit tests pass a fake and call it without a worker).
 * One engine per worker; an interrupt arrives while a chat streams, since requests are not queued.
 */
import type {
  ChatCompletionChunk,
  CreateMLCEngine,
  MLCEngineInterface,
  deleteModelAllInfoInCache,
  hasModelInCache,
  prebuiltAppConfig,
} from '@mlc-ai/web-llm';
import { NO_USAGE, type ChatEvent, type ChatRequest, type FinishReason } from '../../core/llm/chat';
import type { WebLlmReply, WebLlmRequest } from './webllm-protocol';

/** The parts of web-llm the worker uses. */
export interface WebLlmLibrary {
  CreateMLCEngine: typeof CreateMLCEngine;
  prebuiltAppConfig: typeof prebuiltAppConfig;
  hasModelInCache: typeof hasModelInCache;
  deleteModelAllInfoInCache: typeof deleteModelAllInfoInCache;
}

export type PostReply = (reply: WebLlmReply) => void;

function finishReasonOf(reason: string | null | undefined): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'stop' || reason === null || reason === undefined) return 'stop';
  return 'other';
}

/** Only the fields that are set: web-llm checks the ones present, undefined included. */
function completionParams(request: ChatRequest) {
  return {
    messages: request.messages,
    stream: true as const,
    stream_options: { include_usage: true },
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    ...(request.topP !== undefined && { top_p: request.topP }),
    ...(request.maxTokens !== undefined && { max_tokens: request.maxTokens }),
    ...(request.repetitionPenalty !== undefined && {
      repetition_penalty: request.repetitionPenalty,
    }),
    ...(request.presencePenalty !== undefined && { presence_penalty: request.presencePenalty }),
    ...(request.frequencyPenalty !== undefined && { frequency_penalty: request.frequencyPenalty }),
    ...(request.responseFormat && { response_format: request.responseFormat }),
  };
}

/** web-llm's stream as the project's chat events: tokens, then one `done` with the usage. */
export async function* chatEventsOf(
  chunks: AsyncIterable<ChatCompletionChunk>,
): AsyncGenerator<ChatEvent> {
  let finishReason: FinishReason = 'stop';
  let done: ChatEvent | null = null;
  for await (const chunk of chunks) {
    const choice = chunk.choices[0];
    const text = choice?.delta.content;
    if (text) yield { type: 'token', text };
    if (choice?.finish_reason) finishReason = finishReasonOf(choice.finish_reason);
    if (chunk.usage) {
      done = {
        type: 'done',
        finishReason,
        usage: {
          promptTokens: chunk.usage.prompt_tokens,
          completionTokens: chunk.usage.completion_tokens,
          prefillTokensPerSecond: chunk.usage.extra?.prefill_tokens_per_s ?? null,
          decodeTokensPerSecond: chunk.usage.extra?.decode_tokens_per_s ?? null,
        },
      };
    }
  }
  yield done ?? { type: 'done', finishReason, usage: NO_USAGE };
}

export function createWebLlmHandler(lib: WebLlmLibrary) {
  let engine: MLCEngineInterface | null = null;

  async function answer(request: WebLlmRequest, post: PostReply): Promise<WebLlmReply['payload']> {
    const { id } = request;
    switch (request.kind) {
      case 'model-list':
        return lib.prebuiltAppConfig.model_list;
      case 'has-model':
        return lib.hasModelInCache(request.payload.modelId, request.payload.appConfig);
      case 'delete-model':
        await lib.deleteModelAllInfoInCache(request.payload.modelId, request.payload.appConfig);
        return null;
      case 'load': {
        const { modelId, appConfig, contextWindow } = request.payload;
        await engine?.unload();
        engine = null;
        engine = await lib.CreateMLCEngine(
          modelId,
          {
            appConfig,
            initProgressCallback: (report) => post({ kind: 'progress', id, payload: report }),
          },
          // The KV cache is sized for this window at load: a larger one costs GPU memory.
          { context_window_size: contextWindow },
        );
        return null;
      }
      case 'chat': {
        if (!engine) throw new Error('ModelNotLoadedError: the on-device model is not loaded.');
        const chunks = await engine.chat.completions.create(completionParams(request.payload));
        for await (const event of chatEventsOf(chunks))
          post({ kind: 'chat-event', id, payload: event });
        return null;
      }
      case 'interrupt':
        engine?.interruptGenerate();
        return null;
      case 'unload':
        await engine?.unload();
        engine = null;
        return null;
    }
  }

  return async function handle(request: WebLlmRequest, post: PostReply): Promise<void> {
    try {
      const payload = await answer(request, post);
      post({ kind: 'ok', id: request.id, payload } as WebLlmReply);
    } catch (error) {
      // web-llm's own wording ("ModelNotFoundError: ...") is what the page's mapping reads.
      post({ kind: 'error', id: request.id, payload: String(error) });
    }
  };
}
