/**
 * Qwen2.5 on the person's own GPU: web-llm in its dedicated worker, driven from the page through
 * the project's worker protocol (webllm-protocol.ts), so the page never loads web-llm itself.
 * Cancelling a download terminates the worker, the only way to stop web-llm's parallel shard
 * fetches at once.
 */
import type { AppConfig, InitProgressReport } from '@mlc-ai/web-llm';
import { AppError, stoppedError } from '../../core/errors';
import type {
  ChatEvent,
  ChatRequest,
  ChatSample,
  ChatUsage,
  GrammarSupport,
} from '../../core/llm/chat';
import type { LlmEngine, LoadProgress } from './engine';
import { modelFilesPrefix } from './webllm-cache';
import type { TokenCounter } from '../../core/tokens/token-counter';
import { loadBundledQwenCounter, loadModelCounter } from '../tokens/token-counters';
import { mapWebLlmError } from './webllm-errors';
import { webLlmWorker, type WebLlmWorkerClient } from './webllm-worker-client';
import { isThinkingFamily } from './model-catalogue';
import { thinkingHintFromName, type ThinkingEvidence } from '../../core/llm/thinking';

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

export class WebLlmEngine implements LlmEngine {
  readonly kind = 'webllm' as const;
  private loaded = false;

  /** The window the model loads with: the one chosen, else the record's, else web-llm's 4,096. */
  readonly contextWindow: number;
  private counter: Promise<TokenCounter | null> | null = null;
  /** Qwen3 builds think unless told not to; a custom model's name is only a hint. */
  thinking: ThinkingEvidence;
  /** Only Qwen3 takes web-llm's `enable_thinking` (it would put an empty think block before any other model's answer). */
  private readonly takesThinkingSwitch: boolean;

  constructor(
    readonly modelId: string,
    private readonly appConfig: AppConfig,
    options: { contextWindow?: number } = {},
    private readonly worker: WebLlmWorkerClient = webLlmWorker,
  ) {
    const record = appConfig.model_list.find((r) => r.model_id === modelId);
    this.contextWindow =
      options.contextWindow ?? record?.overrides?.context_window_size ?? DEFAULT_WEBLLM_WINDOW;
    this.takesThinkingSwitch = isThinkingFamily(modelId);
    this.thinking = this.takesThinkingSwitch
      ? {
          thinks: true,
          source: 'server',
          detail:
            "web-llm's record: a Qwen3 build, which thinks unless the Thinking switch is off.",
        }
      : thinkingHintFromName(modelId);
  }

  /** The request as this model takes it: the thinking switch only where it means something. */
  private forModel(request: ChatRequest): ChatRequest {
    if (request.thinking === undefined || this.takesThinkingSwitch) return request;
    const rest = { ...request };
    delete rest.thinking;
    return rest;
  }

  /** The model's own tokenizer.json from web-llm's cache, else the bundled Qwen2.5 one. */
  tokenCounter(): Promise<TokenCounter | null> {
    this.counter ??= (async () => {
      const record = this.appConfig.model_list.find((r) => r.model_id === this.modelId);
      if (!record) return loadBundledQwenCounter();
      return loadModelCounter(modelFilesPrefix(record.model)).catch(() => loadBundledQwenCounter());
    })();
    return this.counter;
  }

  async load(onProgress: (progress: LoadProgress) => void, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AppError('aborted', 'Loading was cancelled.');
    const started = performance.now();
    let abortListener: (() => void) | null = null;
    try {
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
      });
      await Promise.race([
        this.worker.call(
          'load',
          { modelId: this.modelId, appConfig: this.appConfig, contextWindow: this.contextWindow },
          (reply) => {
            if (reply.kind === 'progress')
              onProgress(progressFromReport(reply.payload, performance.now() - started));
          },
        ),
        stopped,
      ]);
      this.loaded = true;
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

  /** Stops the worker (and a download in flight with it). */
  private terminate() {
    this.worker.terminate();
    this.loaded = false;
  }

  async unload(): Promise<void> {
    if (this.loaded) await this.worker.call('unload', undefined).catch(() => {});
    this.terminate();
  }

  private ensureLoaded(signal?: AbortSignal): void {
    if (!this.loaded || !this.worker.running)
      throw new AppError(
        'model_not_loaded',
        'The on-device model is not loaded.',
        'Open the Model view and load a model.',
      );
    if (signal?.aborted) throw stoppedError();
  }

  /** web-llm compiles an EBNF grammar with XGrammar against the model's own vocabulary. */
  grammarSupport(): GrammarSupport {
    return { ok: true, via: "WebLLM's XGrammar" };
  }

  /** `n` answers in one request: web-llm draws several only without streaming. */
  async sampleChat(
    request: ChatRequest,
    n: number,
    signal?: AbortSignal,
  ): Promise<{ samples: ChatSample[]; usage: ChatUsage }> {
    this.ensureLoaded(signal);
    const onAbort = () => this.worker.notify('interrupt');
    signal?.addEventListener('abort', onAbort);
    try {
      const answers = await this.worker.call('sample', { request: this.forModel(request), n });
      // web-llm ends an interrupted generation quietly ("abort" finish reason).
      if (signal?.aborted) throw stoppedError();
      return answers;
    } catch (error) {
      if (signal?.aborted) throw stoppedError();
      throw mapWebLlmError(error);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async *streamChat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    this.ensureLoaded(signal);
    const onAbort = () => this.worker.notify('interrupt');
    signal?.addEventListener('abort', onAbort);
    // The worker's replies arrive as callbacks; hand them out one by one as they come.
    const queue: ChatEvent[] = [];
    let wake: (() => void) | null = null;
    let finished = false;
    let failure: unknown = null;
    this.worker
      .call('chat', this.forModel(request), (reply) => {
        if (reply.kind === 'chat-event') queue.push(reply.payload);
        wake?.();
      })
      .then(
        () => undefined,
        (error: unknown) => {
          failure = error;
        },
      )
      .finally(() => {
        finished = true;
        wake?.();
      });
    try {
      for (;;) {
        const event = queue.shift();
        if (event) {
          // web-llm ends an interrupted generation quietly ("abort" finish reason).
          if (event.type === 'done' && signal?.aborted) throw stoppedError();
          yield event;
          continue;
        }
        if (finished) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      if (failure) throw failure;
      if (signal?.aborted) throw stoppedError();
    } catch (error) {
      if (signal?.aborted) throw stoppedError();
      throw mapWebLlmError(error);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
