/**
 * Qwen2.5 on the person's own GPU: web-llm in a dedicated worker, driven from the page through
 * web-llm's `WebWorkerMLCEngine`. Cancelling a download terminates the worker, the only way to
 * stop web-llm's parallel shard fetches at once.
 */
import type { AppConfig, InitProgressReport, WebWorkerMLCEngine } from '@mlc-ai/web-llm';
import { AppError, stoppedError } from '../../core/errors';
import {
  NO_USAGE,
  type ChatEvent,
  type ChatRequest,
  type ChatSample,
  type ChatUsage,
  type FinishReason,
  type GrammarSupport,
} from '../../core/llm/chat';
import type { LlmEngine, LoadProgress } from './engine';
import { modelFilesPrefix, readCachedModelJson } from './webllm-cache';
import type { TokenCounter } from '../../core/tokens/token-counter';
import { counterFromFiles, loadBundledQwenCounter } from './token-counters';
import { loadWebLlm } from './webllm-library';
import { mapWebLlmError } from './webllm-errors';

const MIB = 1024 * 1024;

/** web-llm runs every Qwen2.5 build with this window unless told otherwise at load. */
export const DEFAULT_WEBLLM_WINDOW = 4096;

/** web-llm reports "Fetching param cache[3/20]: 120MB fetched. 12% completed, 5 secs elapsed." */
export function progressFromReport(report: InitProgressReport, elapsedMs: number): LoadProgress {
  const mb = /(\d+)MB (fetched|loaded)/.exec(report.text);
  const loadedBytes = mb ? Number(mb[1]) * MIB : null;
  const fraction = Number.isFinite(report.progress)
    ? Math.min(1, Math.max(0, report.progress))
    : null;
  const totalBytes =
    loadedBytes !== null && fraction !== null && fraction > 0.01
      ? Math.round(loadedBytes / fraction)
      : null;
  return { fraction, loadedBytes, totalBytes, text: report.text, elapsedMs };
}

function finishReasonOf(reason: string | null | undefined): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'stop' || reason === null || reason === undefined) return 'stop';
  return 'other';
}

export class WebLlmEngine implements LlmEngine {
  readonly kind = 'webllm' as const;
  private worker: Worker | null = null;
  private engine: WebWorkerMLCEngine | null = null;

  /** The window the model loads with: the one chosen, else the record's, else web-llm's 4,096. */
  readonly contextWindow: number;
  private counter: Promise<TokenCounter | null> | null = null;

  constructor(
    readonly modelId: string,
    private readonly appConfig: AppConfig,
    options: { contextWindow?: number } = {},
  ) {
    const record = appConfig.model_list.find((r) => r.model_id === modelId);
    this.contextWindow =
      options.contextWindow ?? record?.overrides?.context_window_size ?? DEFAULT_WEBLLM_WINDOW;
  }

  /** The model's own tokenizer.json from web-llm's cache, else the bundled Qwen2.5 one. */
  tokenCounter(): Promise<TokenCounter | null> {
    this.counter ??= (async () => {
      const record = this.appConfig.model_list.find((r) => r.model_id === this.modelId);
      const own = record ? await readCachedModelJson(record.model, 'tokenizer.json') : null;
      if (own) {
        const config = record
          ? await readCachedModelJson(record.model, 'tokenizer_config.json')
          : null;
        return counterFromFiles(own, config);
      }
      return loadBundledQwenCounter();
    })();
    return this.counter;
  }

  async load(onProgress: (progress: LoadProgress) => void, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AppError('aborted', 'Loading was cancelled.');
    const started = performance.now();
    onProgress({
      fraction: null,
      loadedBytes: null,
      totalBytes: null,
      text: 'Loading the web-llm library',
      elapsedMs: 0,
    });
    let abortListener: (() => void) | null = null;
    try {
      const { CreateWebWorkerMLCEngine } = await loadWebLlm();
      const worker = new Worker(new URL('./webllm.worker.ts', import.meta.url), {
        type: 'module',
        name: 'webllm',
      });
      this.worker = worker;
      onProgress({
        fraction: null,
        loadedBytes: null,
        totalBytes: null,
        text: 'Starting the model worker and fetching the model configuration',
        elapsedMs: performance.now() - started,
      });
      const stopped = new Promise<never>((_resolve, reject) => {
        abortListener = () => reject(new AppError('aborted', 'Loading was cancelled.'));
        signal?.addEventListener('abort', abortListener);
        // A worker that cannot even start (script blocked, out of memory) reports here only.
        worker.addEventListener('error', (event) =>
          reject(mapWebLlmError(event.message || 'The web-llm worker failed to start.')),
        );
      });
      this.engine = await Promise.race([
        CreateWebWorkerMLCEngine(
          worker,
          this.modelId,
          {
            appConfig: this.appConfig,
            initProgressCallback: (report) =>
              onProgress(progressFromReport(report, performance.now() - started)),
          },
          // The KV cache is sized for this window at load: a larger one costs GPU memory.
          { context_window_size: this.contextWindow },
        ),
        stopped,
      ]);
    } catch (error) {
      this.terminate();
      const mapped = mapWebLlmError(error);
      throw mapped.code === 'model_download_failed'
        ? await this.explainDownloadFailure(mapped)
        : mapped;
    } finally {
      if (abortListener) signal?.removeEventListener('abort', abortListener);
    }
  }

  /**
   * The browser's Cache API hides the HTTP status ("Request failed"), so ask the first file
   * web-llm fetches once more: a 404 means a wrong URL, a refused request means network or CORS.
   */
  private async explainDownloadFailure(error: AppError): Promise<AppError> {
    const record = this.appConfig.model_list.find((r) => r.model_id === this.modelId);
    if (!record) return error;
    const configUrl = `${modelFilesPrefix(record.model)}mlc-chat-config.json`;
    try {
      const response = await fetch(configUrl, { method: 'GET', cache: 'no-store' });
      await response.body?.cancel();
      if (response.ok) return error;
      return new AppError(
        'model_download_failed',
        `The model files could not be downloaded: ${configUrl} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
        response.status === 404
          ? 'Check the Model URL: it should be the folder that holds mlc-chat-config.json (web-llm adds resolve/main/ unless the URL has it).'
          : 'The server refused the file; check the URL and that the files are public.',
        error.detail,
      );
    } catch {
      return new AppError(
        'model_download_failed',
        `The model files could not be downloaded from ${record.model}.`,
        'Check your internet connection; for a custom model, check that the server is up and allows this page (CORS).',
        error.detail,
      );
    }
  }

  private terminate() {
    this.worker?.terminate();
    this.worker = null;
    this.engine = null;
  }

  async unload(): Promise<void> {
    const engine = this.engine;
    if (engine) await engine.unload().catch(() => {});
    this.terminate();
  }

  private loadedEngine(signal: AbortSignal | undefined): WebWorkerMLCEngine {
    const engine = this.engine;
    if (!engine)
      throw new AppError(
        'model_not_loaded',
        'The on-device model is not loaded.',
        'Open the Model view and load a model.',
      );
    if (signal?.aborted) throw stoppedError();
    return engine;
  }

  async *streamChat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    const engine = this.loadedEngine(signal);
    const onAbort = () => engine.interruptGenerate();
    signal?.addEventListener('abort', onAbort);
    try {
      const chunks = await engine.chat.completions.create({
        ...requestFields(request),
        stream: true,
        stream_options: { include_usage: true },
      });
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
              grammarInitMs: secondsToMs(chunk.usage.extra?.grammar_init_s),
            },
          };
        }
      }
      // web-llm ends an interrupted generation quietly ("abort" finish reason).
      if (signal?.aborted) throw stoppedError();
      yield done ?? { type: 'done', finishReason, usage: NO_USAGE };
    } catch (error) {
      if (signal?.aborted) throw stoppedError();
      throw mapWebLlmError(error);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  grammarSupport(): GrammarSupport {
    return { ok: true, via: "WebLLM's XGrammar" };
  }

  /** `n` answers in one request: web-llm draws several only without streaming. */
  async sampleChat(
    request: ChatRequest,
    n: number,
    signal?: AbortSignal,
  ): Promise<{ samples: ChatSample[]; usage: ChatUsage }> {
    const engine = this.loadedEngine(signal);
    const onAbort = () => engine.interruptGenerate();
    signal?.addEventListener('abort', onAbort);
    try {
      const reply = await engine.chat.completions.create({
        ...requestFields(request),
        stream: false,
        n,
      });
      if (signal?.aborted) throw stoppedError();
      return {
        samples: reply.choices.map((choice) => ({
          answer: choice.message.content ?? '',
          finishReason: finishReasonOf(choice.finish_reason),
        })),
        usage: {
          promptTokens: reply.usage?.prompt_tokens ?? null,
          completionTokens: reply.usage?.completion_tokens ?? null,
          prefillTokensPerSecond: reply.usage?.extra?.prefill_tokens_per_s ?? null,
          decodeTokensPerSecond: reply.usage?.extra?.decode_tokens_per_s ?? null,
          grammarInitMs: secondsToMs(reply.usage?.extra?.grammar_init_s),
        },
      };
    } catch (error) {
      if (signal?.aborted) throw stoppedError();
      throw mapWebLlmError(error);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
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
    ...(request.grammar
      ? { response_format: { type: 'grammar' as const, grammar: request.grammar } }
      : request.responseFormat
        ? { response_format: request.responseFormat }
        : {}),
  };
}

function secondsToMs(seconds: number | undefined): number | null {
  return seconds === undefined ? null : seconds * 1000;
}
