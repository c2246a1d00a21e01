/**
 * What the web-llm worker does with each request, as a plain function over an injected web-llm
 * (the worker passes the real library; unit tests pass a fake and call it without a worker).
 * One engine per worker; an interrupt arrives while a chat streams, since requests are not queued.
 */
import type {
  ChatCompletionChunk,
  CompletionUsage,
  CreateMLCEngine,
  MLCEngineInterface,
  deleteModelAllInfoInCache,
  hasModelInCache,
  prebuiltAppConfig,
} from '@mlc-ai/web-llm';
import {
  NO_USAGE,
  type ChatEvent,
  type ChatRequest,
  type ChatUsage,
  type FinishReason,
} from '../../core/llm/chat';
import {
  WEBLLM_PROTOCOL_VERSION,
  type SampledAnswers,
  type WebLlmReply,
  type WebLlmRequest,
} from './webllm-protocol';

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

/**
 * The request's fields as web-llm takes them: only the ones that are set (web-llm checks the
 * ones present, undefined included); a grammar (compiled by XGrammar) wins over a JSON object.
 */
function requestFields(request: ChatRequest) {
  return {
    messages: request.messages,
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    ...(request.topP !== undefined && { top_p: request.topP }),
    ...(request.maxTokens !== undefined && { max_tokens: request.maxTokens }),
    ...(request.repetitionPenalty !== undefined && {
      repetition_penalty: request.repetitionPenalty,
    }),
    ...(request.presencePenalty !== undefined && { presence_penalty: request.presencePenalty }),
    ...(request.frequencyPenalty !== undefined && { frequency_penalty: request.frequencyPenalty }),
    // Qwen3's switch (the engine sends it only to Qwen3 builds).
    ...(request.thinking !== undefined && {
      extra_body: { enable_thinking: request.thinking === 'on' },
    }),
    ...(request.grammar
      ? { response_format: { type: 'grammar' as const, grammar: request.grammar } }
      : request.responseFormat
        ? { response_format: request.responseFormat }
        : {}),
  };
}

/** web-llm's usage in the project's words; `grammar_init_s` is the grammar's compile time. */
function usageOf(usage: CompletionUsage): ChatUsage {
  const grammarInit = usage.extra?.grammar_init_s;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    prefillTokensPerSecond: usage.extra?.prefill_tokens_per_s ?? null,
    decodeTokensPerSecond: usage.extra?.decode_tokens_per_s ?? null,
    ...(grammarInit !== undefined && { grammarInitMs: grammarInit * 1000 }),
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
      done = { type: 'done', finishReason, usage: usageOf(chunk.usage) };
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
        const chunks = await engine.chat.completions.create({
          ...requestFields(request.payload),
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const event of chatEventsOf(chunks))
          post({ kind: 'chat-event', id, payload: event });
        return null;
      }
      case 'sample': {
        if (!engine) throw new Error('ModelNotLoadedError: the on-device model is not loaded.');
        const reply = await engine.chat.completions.create({
          ...requestFields(request.payload.request),
          stream: false,
          n: request.payload.n,
        });
        const sampled: SampledAnswers = {
          samples: reply.choices.map((choice) => ({
            answer: choice.message.content ?? '',
            finishReason: finishReasonOf(choice.finish_reason),
          })),
          usage: reply.usage ? usageOf(reply.usage) : NO_USAGE,
        };
        return sampled;
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
      if (request.v !== WEBLLM_PROTOCOL_VERSION) {
        // A page and a worker from different builds: the page maps this text to its advice.
        throw new Error(
          `WebLlmProtocolError: the page speaks version ${String(request.v)}, this worker ${WEBLLM_PROTOCOL_VERSION}.`,
        );
      }
      const payload = await answer(request, post);
      post({ kind: 'ok', id: request.id, payload } as WebLlmReply);
    } catch (error) {
      // web-llm's own wording ("ModelNotFoundError: ...") is what the page's mapping reads.
      post({ kind: 'error', id: request.id, payload: String(error) });
    }
  };
}
