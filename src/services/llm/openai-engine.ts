/**
 * Any OpenAI-compatible server (Ollama, vLLM, llama.cpp's llama-server, LM Studio, hosted APIs)
 * through fetch. Streams with server-sent events, or takes one JSON answer from servers that do
 * not stream. The API key only ever goes into the Authorization header, and only to the
 * endpoint's own origin (keyed-fetch.ts).
 */
import { AppError, isAbort, stoppedError } from '../../core/errors';
import type {
  ChatEvent,
  ChatMessage,
  ChatRequest,
  ChatSample,
  ChatUsage,
  FinishReason,
  GrammarSupport,
  RetryNote,
} from '../../core/llm/chat';
import type { LlmEngine, LoadProgress } from './engine';
import { overflowFromText } from '../../core/llm/context-overflow';
import type { TokenCounter } from '../../core/tokens/token-counter';
import { blockedRequestError, httpError, normalizeEndpoint } from './openai-endpoint';
import { readSseJson, SseServerError } from './sse-reader';
import { RequestDeadline, type DeadlineContext } from './request-deadline';
import { fetchWithKey } from './keyed-fetch';
import { streamSamples } from '../../core/llm/samples';
import {
  parseRetryAfter,
  retryCall,
  retryingFetch,
  retryStream,
  type RetryOptions,
} from '../../core/llm/retry';
import { hasTokenizeRoute, SERVER_TOKENIZE_LABEL, tokenizeOnServer } from './server-tokenize';
import {
  detectServer,
  getJsonObject,
  grammarFields,
  serverGrammarSupport,
  serverRoot,
  takesN,
  type DetectedServer,
  type ServerKind,
} from './server-kind';
import {
  fieldThinking,
  serverThinkingEvidence,
  thinkingFields,
  thinkingFromOllamaShow,
  thinkingFromProps,
  withSoftSwitch,
  type ThinkingParts,
} from './server-thinking';
import {
  NO_THINKING_EVIDENCE,
  SEEN_THINKING,
  type ThinkingEvidence,
} from '../../core/llm/thinking';

export interface OpenAiEngineOptions {
  /** As typed by the person; normalised to the API root. */
  endpoint: string;
  model: string;
  apiKey?: string;
  /** False for servers that cannot stream; a JSON answer to a streamed request is read too. */
  stream?: boolean;
  /** Give up when the server sends nothing for this long (it may be loading a model). */
  firstByteTimeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** The page origin, for the CORS advice; defaults to `location.origin`. */
  pageOrigin?: string | null;
  /** What the server is; 'auto' (the default) asks it on connect. */
  serverKind?: ServerKind | 'auto';
  /** The window typed in the server settings, for servers that do not say theirs. */
  contextWindow?: number | null;
  /** Where prompt tokens are counted (the bundled Qwen2.5 vocabulary in the app). */
  loadTokenCounter?: () => Promise<TokenCounter | null>;
  /**
   * How calls and probes that fail for a passing reason (429, 5xx, a cut stream) are tried
   * again; default: 5 tries (src/core/llm/retry).
   */
  retry?: RetryOptions;
}

export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 90_000;
const MODELS_TIMEOUT_MS = 15_000;
const PROPS_TIMEOUT_MS = 5_000;
/** A server whose /tokenize fails this often in a row is not asked again (each try can wait 10 s). */
const MAX_TOKENIZE_FAILURES_IN_A_ROW = 3;

interface CompletionChunk {
  choices?: {
    delta?: { content?: string | null } & ThinkingParts;
    message?: { content?: string | null } & ThinkingParts;
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  /** llama.cpp's server reports its own speed. */
  timings?: { prompt_per_second?: number; predicted_per_second?: number };
}

function finishReasonOf(reason: string | null | undefined): FinishReason | null {
  if (reason === null || reason === undefined) return null;
  if (reason === 'stop') return 'stop';
  if (reason === 'length') return 'length';
  return 'other';
}

function perSecond(tokens: number | null, ms: number): number | null {
  if (tokens === null || tokens <= 0 || ms <= 0) return null;
  return tokens / (ms / 1000);
}

/**
 * The request body. Every sampling field the pipeline pins is sent, so a server's defaults
 * never decide. `repetition_penalty` is not an OpenAI field: vLLM reads it, llama.cpp's
 * server reads `repeat_penalty`; both go out unless the server refused them once.
 */
export function chatBody(
  request: ChatRequest,
  model: string,
  stream: boolean,
  extraSampling: boolean,
  server?: DetectedServer,
): Record<string, unknown> {
  const kind = server?.kind ?? 'other';
  const messages = withSoftSwitch(request.messages, kind, request.thinking);
  const body: Record<string, unknown> = { model, messages, stream };
  if (stream) body.stream_options = { include_usage: true };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (extraSampling && request.repetitionPenalty !== undefined) {
    body.repetition_penalty = request.repetitionPenalty;
    body.repeat_penalty = request.repetitionPenalty;
  }
  if (request.responseFormat) body.response_format = request.responseFormat;
  // The grammar goes in the field this kind of server reads (none for Ollama).
  if (request.grammar && server) Object.assign(body, grammarFields(server, request.grammar));
  Object.assign(body, thinkingFields(kind, request.thinking));
  return body;
}

/** OpenAI: "Unrecognized request argument supplied: repetition_penalty"; others name the field. */
function refusesExtraSampling(body: string): boolean {
  return /unrecognized request argument|repetition_penalty|repeat_penalty|extra (inputs|fields)/i.test(
    body,
  );
}

/**
 * llama.cpp's server says its window in `GET /props` at the server root
 * (`default_generation_settings.n_ctx`). Any other answer, or none, is simply no window.
 */
function llamaCppWindow(props: Record<string, unknown> | null): number | null {
  const settings = props?.default_generation_settings as { n_ctx?: unknown } | undefined;
  const nCtx = settings?.n_ctx ?? props?.n_ctx;
  return typeof nCtx === 'number' && nCtx > 0 ? nCtx : null;
}

export class OpenAiEngine implements LlmEngine {
  readonly kind = 'openai' as const;
  readonly baseUrl: string;
  /** Model ids from `GET /models`, or null when the server does not offer the list. */
  availableModels: string[] | null = null;
  /** The window the server reported (vLLM's max_model_len, llama.cpp's n_ctx) or was typed. */
  contextWindow: number | null = null;
  /** Where the window came from, for the engine chip's tooltip. */
  contextWindowSource: 'server' | 'settings' | null = null;
  private readonly typedWindow: number | null;
  private readonly loadCounter: (() => Promise<TokenCounter | null>) | null;
  /** vLLM lists each model's max_model_len in GET /models. */
  private readonly listedWindows = new Map<string, number>();
  private model: string;
  private readonly stream: boolean;
  private readonly firstByteTimeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly pageOrigin: string | null;
  private readonly chosenKind: ServerKind | 'auto';
  /** The server's kind as chosen or detected on connect. */
  server: DetectedServer = { kind: 'other', version: null };
  /** Whether the model thinks: from its answers, else the server's word, else its name. */
  thinking: ThinkingEvidence = NO_THINKING_EVIDENCE;
  /** False once the server refused the non-OpenAI sampling fields. */
  private sendsExtraSampling = true;
  /**
   * False once the server showed it cannot count (no /tokenize route, or an answer without a
   * count), or its /tokenize failed this many times in a row: it is not asked again.
   */
  private tokenizeAnswers = true;
  private tokenizeFailuresInARow = 0;
  private readonly retry: RetryOptions;
  /** The fetch of the probes (kind, window, /tokenize): asked again under the same policy. */
  private readonly probeFetch: typeof fetch;

  constructor(options: OpenAiEngineOptions) {
    this.baseUrl = normalizeEndpoint(options.endpoint);
    this.model = options.model.trim();
    this.stream = options.stream ?? true;
    this.firstByteTimeoutMs = options.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS;
    // Every request of this engine goes through here, so the key can reach only its server.
    this.fetchImpl = fetchWithKey(
      options.fetch ?? ((...args) => fetch(...args)),
      (options.apiKey ?? '').trim(),
      new URL(this.baseUrl).origin,
    );
    this.retry = options.retry ?? {};
    this.probeFetch = retryingFetch(this.fetchImpl, this.retry);
    this.typedWindow = options.contextWindow ?? null;
    this.loadCounter = options.loadTokenCounter ?? null;
    this.now = options.now ?? (() => performance.now());
    this.chosenKind = options.serverKind ?? 'auto';
    if (this.chosenKind !== 'auto') this.server = { kind: this.chosenKind, version: null };
    this.pageOrigin =
      options.pageOrigin !== undefined
        ? options.pageOrigin
        : typeof location === 'undefined'
          ? null
          : location.origin;
  }

  get modelId(): string {
    return this.model;
  }

  private headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = {};
    if (json) headers['Content-Type'] = 'application/json';
    return headers;
  }

  /** Lists the server's models; null when it has no such route (still a usable server). */
  async listModels(signal?: AbortSignal): Promise<string[] | null> {
    return (await retryCall(() => this.listModelsOnce(signal), this.retry, signal)).value;
  }

  private async listModelsOnce(signal?: AbortSignal): Promise<string[] | null> {
    const deadline = new RequestDeadline(signal, MODELS_TIMEOUT_MS);
    try {
      const response = await this.fetchImpl(`${this.baseUrl}/models`, {
        headers: this.headers(false),
        signal: deadline.signal,
      });
      if ([404, 405, 501].includes(response.status)) return null;
      if (!response.ok) {
        throw httpError(
          response.status,
          await response.text(),
          { model: this.model, endpoint: this.baseUrl, path: '/models' },
          parseRetryAfter(response.headers, Date.now()),
        );
      }
      const json = (await response.json()) as {
        data?: { id?: unknown; max_model_len?: unknown }[];
      };
      if (!Array.isArray(json.data)) return null;
      for (const entry of json.data) {
        if (typeof entry.id === 'string' && typeof entry.max_model_len === 'number')
          this.listedWindows.set(entry.id, entry.max_model_len);
      }
      return json.data
        .map((entry) => entry.id)
        .filter((id): id is string => typeof id === 'string');
    } catch (error) {
      throw this.failure(error, deadline.context());
    } finally {
      deadline.dispose();
    }
  }

  async load(onProgress: (progress: LoadProgress) => void, signal?: AbortSignal): Promise<void> {
    const started = this.now();
    onProgress({
      fraction: null,
      loadedBytes: null,
      totalBytes: null,
      text: `Checking ${this.baseUrl}`,
      elapsedMs: 0,
    });
    this.availableModels = await this.listModels(signal);
    // One GET /props, read when first needed, serves both the kind and llama.cpp's window.
    let props: Promise<Record<string, unknown> | null> | null = null;
    const readProps = () => (props ??= this.readProps(signal));
    if (this.chosenKind === 'auto')
      this.server = await detectServer(this.probeFetch, this.baseUrl, signal, readProps);
    if (!this.model && this.availableModels && this.availableModels.length > 0) {
      this.model = this.availableModels[0] as string;
    }
    if (!this.model) {
      throw new AppError(
        'model_not_found',
        'The server does not list its models, so the playground cannot pick one.',
        'Type the model name in the Model field (as the server knows it), then Connect again.',
      );
    }
    const reported = this.listedWindows.get(this.model) ?? llamaCppWindow(await readProps());
    this.thinking = serverThinkingEvidence(
      this.model,
      this.server.kind === 'llama.cpp'
        ? thinkingFromProps(await readProps())
        : this.server.kind === 'ollama'
          ? thinkingFromOllamaShow(await this.readOllamaShow(signal))
          : NO_THINKING_EVIDENCE,
    );
    this.contextWindow = reported ?? this.typedWindow;
    this.contextWindowSource =
      reported !== null ? 'server' : this.typedWindow !== null ? 'settings' : null;
    onProgress({
      fraction: 1,
      loadedBytes: null,
      totalBytes: null,
      text: 'Connected',
      elapsedMs: this.now() - started,
    });
  }

  grammarSupport(): GrammarSupport {
    return serverGrammarSupport(this.server.kind);
  }

  /**
   * `n` answers: one non-streamed request with `n` where the server takes it (vLLM), else n
   * requests in a row (llama.cpp's chat route and Ollama answer once per request).
   */
  async sampleChat(
    request: ChatRequest,
    n: number,
    signal?: AbortSignal,
  ): Promise<{ samples: ChatSample[]; usage: ChatUsage; retries?: RetryNote[] }> {
    if (takesN(this.server.kind) && n > 1) {
      const { value, retries } = await retryCall(
        () => this.requestMany(request, n, signal),
        this.retry,
        signal,
      );
      return { ...value, retries };
    }
    const { answers, usage, retries } = await streamSamples(this, request, n, signal);
    return { samples: answers, usage, retries };
  }

  private async requestMany(
    request: ChatRequest,
    n: number,
    signal?: AbortSignal,
  ): Promise<{ samples: ChatSample[]; usage: ChatUsage }> {
    const deadline = new RequestDeadline(signal, this.firstByteTimeoutMs);
    try {
      const response = await this.fetchImpl(`${this.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: this.headers(true),
        body: JSON.stringify({
          ...chatBody(request, this.model, false, this.sendsExtraSampling, this.server),
          n,
        }),
        signal: deadline.signal,
      }).catch((error: unknown) => {
        throw this.failure(error, deadline.context());
      });
      if (!response.ok) throw await this.chatHttpError(response);
      const json = (await response.json().catch(() => null)) as CompletionChunk | null;
      if (!json?.choices?.length) {
        throw new AppError(
          'server_error',
          'The server answered a request for several samples with no choices.',
          'Switch the vote off, or use a server that takes n (vLLM).',
        );
      }
      return {
        samples: json.choices.map((choice) => {
          const thinking = fieldThinking(choice.message);
          this.sawThinking(thinking);
          return {
            answer: choice.message?.content ?? '',
            finishReason: finishReasonOf(choice.finish_reason) ?? 'stop',
            ...(thinking ? { thinking } : {}),
          };
        }),
        usage: {
          promptTokens: json.usage?.prompt_tokens ?? null,
          completionTokens: json.usage?.completion_tokens ?? null,
          prefillTokensPerSecond: null,
          decodeTokensPerSecond: null,
        },
      };
    } catch (error) {
      throw this.failure(error, deadline.context());
    } finally {
      deadline.dispose();
    }
  }

  /** Ollama's `POST /api/show` for the model (its capabilities), or null. */
  private readOllamaShow(signal?: AbortSignal): Promise<Record<string, unknown> | null> {
    return getJsonObject(this.fetchImpl, `${serverRoot(this.baseUrl)}/api/show`, {
      signal,
      headers: this.headers(true),
      timeoutMs: PROPS_TIMEOUT_MS,
      body: { model: this.model },
    });
  }

  /** An answer came with thinking: the model thinks, whatever its name or server said. */
  private sawThinking(text: string): void {
    if (text) this.thinking = SEEN_THINKING;
  }

  /** The server's `GET /props` (llama.cpp's), or null for any other answer or none. */
  private readProps(signal?: AbortSignal): Promise<Record<string, unknown> | null> {
    return getJsonObject(this.probeFetch, `${serverRoot(this.baseUrl)}/props`, {
      signal,
      headers: this.headers(false),
      timeoutMs: PROPS_TIMEOUT_MS,
    });
  }

  /**
   * The server's own count of a prompt (vLLM's and llama.cpp's /tokenize), so a model whose
   * tokenizer is not Qwen's still gets prompts that fit; null for servers without the route.
   */
  async countPromptTokens(
    messages: ChatMessage[],
    signal?: AbortSignal,
  ): Promise<{ tokens: number; by: string } | null> {
    if (!this.tokenizeAnswers || !hasTokenizeRoute(this.server.kind)) return null;
    const answer = await tokenizeOnServer(
      {
        fetch: this.probeFetch,
        apiRoot: this.baseUrl,
        kind: this.server.kind,
        model: this.model,
        headers: this.headers(false),
      },
      messages,
      signal,
    ).then(
      (count) => ({ count }),
      () => null,
    );
    if (signal?.aborted) return null;
    if (answer === null) {
      // One request that failed (a busy page can let its deadline pass before the answer is
      // read) says nothing of the next prompt: that one is counted again, unless they all fail.
      this.tokenizeFailuresInARow++;
      if (this.tokenizeFailuresInARow >= MAX_TOKENIZE_FAILURES_IN_A_ROW)
        this.tokenizeAnswers = false;
      return null;
    }
    this.tokenizeFailuresInARow = 0;
    if (answer.count === null) {
      this.tokenizeAnswers = false;
      return null;
    }
    return { tokens: answer.count, by: SERVER_TOKENIZE_LABEL };
  }

  tokenCounter(): Promise<TokenCounter | null> {
    return this.loadCounter ? this.loadCounter() : Promise.resolve(null);
  }

  async unload(): Promise<void> {
    // Nothing is held between requests.
  }

  /** Maps whatever fetch or the reader threw to an AppError. */
  private failure(error: unknown, context: DeadlineContext & { received?: number }): AppError {
    if (error instanceof AppError) return error;
    if (context.userAborted) return stoppedError();
    if (context.timedOut) {
      return new AppError(
        'timeout',
        `The server sent nothing for ${Math.round(context.seconds)} s.`,
        'Check that the server is running and the model is loaded there, then try again.',
      );
    }
    if (error instanceof SseServerError) {
      const overflow = overflowFromText(`${error.message}\n${error.body}`);
      if (overflow) return overflow;
      return new AppError(
        'server_error',
        `The server stopped with an error: ${error.message}`,
        'Check the server log; try again or pick another model.',
        error.body,
      );
    }
    if (context.received !== undefined) {
      return new AppError(
        'stream_dropped',
        `The connection to the server dropped after ${context.received} characters.`,
        'The partial answer is kept. Check the server (it may have crashed or restarted) and try again.',
        error instanceof Error ? error.message : String(error),
      );
    }
    if (isAbort(error)) return stoppedError();
    if (error instanceof TypeError) return blockedRequestError(this.baseUrl, this.pageOrigin);
    return new AppError(
      'network',
      `The request failed: ${error instanceof Error ? error.message : String(error)}`,
      'Try again.',
    );
  }

  /** A chat route's refusal, with the status and `Retry-After` the retry policy reads. */
  private async chatHttpError(response: Response, text?: string): Promise<AppError> {
    return httpError(
      response.status,
      text ?? (await response.text().catch(() => '')),
      { model: this.model, endpoint: this.baseUrl, path: '/chat/completions' },
      parseRetryAfter(response.headers, Date.now()),
    );
  }

  private async postChat(
    request: ChatRequest,
    deadline: RequestDeadline,
    extraSampling: boolean,
  ): Promise<Response> {
    try {
      return await this.fetchImpl(`${this.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: this.headers(true),
        body: JSON.stringify(
          chatBody(request, this.model, this.stream, extraSampling, this.server),
        ),
        signal: deadline.signal,
      });
    } catch (error) {
      throw this.failure(error, deadline.context());
    }
  }

  /** One chat, tried again whole (a `retry` event between tries) when it fails for a passing reason. */
  streamChat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    return retryStream(() => this.streamOnce(request, signal), this.retry, signal);
  }

  private async *streamOnce(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    if (!this.model)
      throw new AppError(
        'model_not_loaded',
        'No server model is chosen.',
        'Open the Model view and connect to a server.',
      );
    if (signal?.aborted) throw stoppedError();
    const deadline = new RequestDeadline(signal, this.firstByteTimeoutMs);
    const context = () => deadline.context();

    const started = this.now();
    try {
      let response = await this.postChat(request, deadline, this.sendsExtraSampling);
      if (response.status === 400 && this.sendsExtraSampling) {
        const text = await response.text().catch(() => '');
        if (!refusesExtraSampling(text)) throw await this.chatHttpError(response, text);
        // A strict server (OpenAI's own API) refuses fields it does not know: send the
        // standard ones only, from now on.
        this.sendsExtraSampling = false;
        response = await this.postChat(request, deadline, false);
      }
      if (!response.ok) throw await this.chatHttpError(response);
      const contentType = response.headers.get('content-type') ?? '';
      if (!this.stream || contentType.includes('application/json') || !response.body) {
        yield* this.readWholeAnswer(response, started, context);
        return;
      }
      yield* this.readStream(response.body, started, deadline);
    } finally {
      // Leaving early (Stop, a consumer that breaks) must also stop the download.
      deadline.dispose();
    }
  }

  private async *readWholeAnswer(
    response: Response,
    started: number,
    context: () => DeadlineContext,
  ): AsyncGenerator<ChatEvent> {
    let json: CompletionChunk;
    try {
      json = (await response.json()) as CompletionChunk;
    } catch (error) {
      if (error instanceof SyntaxError) {
        throw new AppError(
          'server_error',
          'The server answered with something that is not JSON.',
          'Check that the endpoint URL points at an OpenAI-compatible API.',
        );
      }
      throw this.failure(error, context());
    }
    const ended = this.now();
    const choice = json.choices?.[0];
    const text = choice?.message?.content ?? choice?.delta?.content ?? '';
    const thinking = fieldThinking(choice?.message ?? choice?.delta);
    this.sawThinking(thinking);
    if (thinking) yield { type: 'thinking', text: thinking };
    if (text) yield { type: 'token', text };
    const promptTokens = json.usage?.prompt_tokens ?? null;
    const completionTokens = json.usage?.completion_tokens ?? null;
    yield {
      type: 'done',
      finishReason: finishReasonOf(choice?.finish_reason) ?? 'stop',
      usage: {
        promptTokens,
        completionTokens,
        // One answer gives no first-token time: only the overall rate is known.
        prefillTokensPerSecond: json.timings?.prompt_per_second ?? null,
        decodeTokensPerSecond:
          json.timings?.predicted_per_second ?? perSecond(completionTokens, ended - started),
      },
    };
  }

  private async *readStream(
    body: ReadableStream<Uint8Array>,
    started: number,
    deadline: RequestDeadline,
  ): AsyncGenerator<ChatEvent> {
    let received = 0;
    let firstTokenAt: number | null = null;
    let finishReason: FinishReason | null = null;
    let usage: CompletionChunk['usage'] = null;
    let timings: CompletionChunk['timings'];
    const events = readSseJson(body);
    let end: 'done' | 'eof';
    for (;;) {
      let next: IteratorResult<unknown, 'done' | 'eof'>;
      try {
        next = await events.next();
      } catch (error) {
        throw this.failure(error, { ...deadline.context(), received });
      }
      if (next.done) {
        end = next.value;
        break;
      }
      deadline.disarm();
      const chunk = next.value as CompletionChunk;
      if (chunk.usage) usage = chunk.usage;
      if (chunk.timings) timings = chunk.timings;
      const choice = chunk.choices?.[0];
      const thinking = fieldThinking(choice?.delta);
      if (thinking) {
        firstTokenAt ??= this.now();
        received += thinking.length;
        this.sawThinking(thinking);
        yield { type: 'thinking', text: thinking };
      }
      const text = choice?.delta?.content ?? '';
      if (text) {
        firstTokenAt ??= this.now();
        received += text.length;
        yield { type: 'token', text };
      }
      finishReason = finishReasonOf(choice?.finish_reason) ?? finishReason;
    }
    if (end === 'eof' && finishReason === null) {
      throw this.failure(new Error('The stream ended without [DONE] or a finish reason.'), {
        ...deadline.context(),
        received,
      });
    }
    const ended = this.now();
    const promptTokens = usage?.prompt_tokens ?? null;
    const completionTokens = usage?.completion_tokens ?? null;
    const usageOut: ChatUsage = {
      promptTokens,
      completionTokens,
      prefillTokensPerSecond:
        timings?.prompt_per_second ??
        (firstTokenAt === null ? null : perSecond(promptTokens, firstTokenAt - started)),
      decodeTokensPerSecond:
        timings?.predicted_per_second ??
        (firstTokenAt === null ? null : perSecond(completionTokens, ended - firstTokenAt)),
    };
    yield { type: 'done', finishReason: finishReason ?? 'stop', usage: usageOut };
  }
}
