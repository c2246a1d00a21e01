/**
 * A stand-in for web-llm, for the worker handler's tests: the same entry points
 * (`CreateMLCEngine`, the cache helpers, `chat.completions.create`), checked the way web-llm
 * checks a request (no `n` > 1 while streaming, a grammar only with `type: "grammar"`), and
 * answering as web-llm does: one choice per `n`, `usage.extra.grammar_init_s` only when a grammar
 * was compiled. Every request is kept, so a test sees exactly what reached "web-llm".
 * Test-only: the app never imports this folder.
 */
import type {
  AppConfig,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  InitProgressReport,
  MLCEngineInterface,
} from '@mlc-ai/web-llm';
import { vi } from 'vitest';
import type { WebLlmLibrary } from '../services/llm/webllm-handler';

export const FAKE_RECORD = {
  model: 'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  model_id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  model_lib: 'https://example.org/lib.wasm',
};
export const FAKE_APP_CONFIG = { model_list: [FAKE_RECORD] } as AppConfig;

/** Seconds the fake "spends" compiling a grammar, reported as web-llm does. */
export const FAKE_GRAMMAR_INIT_S = 0.25;

export function fakeChunk(
  text: string | null,
  finish: string | null = null,
  usage = false,
): ChatCompletionChunk {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 0,
    model: FAKE_RECORD.model_id,
    choices:
      text === null && !finish
        ? []
        : [{ index: 0, delta: { content: text ?? '' }, finish_reason: finish, logprobs: null }],
    ...(usage && {
      usage: {
        prompt_tokens: 12,
        completion_tokens: 3,
        total_tokens: 15,
        extra: { prefill_tokens_per_s: 100, decode_tokens_per_s: 20 },
      },
    }),
  } as unknown as ChatCompletionChunk;
}

export interface FakeWebLlmOptions {
  /** What a streamed chat yields (its usage chunk gains grammar_init_s under a grammar). */
  chunks?: ChatCompletionChunk[];
  /** The answer of the i-th choice of a non-streamed request. */
  answerOf?: (index: number, request: ChatCompletionRequest) => string;
  failLoad?: string;
  /** Every chat request fails with this text (web-llm's error string). */
  failChat?: string;
}

function usesGrammar(request: ChatCompletionRequest): boolean {
  return request.response_format?.type === 'grammar';
}

/** web-llm's own request checks (engine.ts postInitAndCheckFields), as its error strings. */
function check(request: ChatCompletionRequest): void {
  if (request.stream && request.n && request.n > 1)
    throw new Error('StreamingCountError: When streaming, `n` cannot be > 1.');
  const format = request.response_format;
  if (format && (format.type === 'grammar') !== (typeof format.grammar === 'string'))
    throw new Error(
      'InvalidResponseFormatGrammarError: When ResponseFormat.type is `grammar`, ResponseFormat.grammar needs to be specified.',
    );
}

/** A fake web-llm: loads report progress, chats stream the given chunks until interrupted. */
export function fakeWebLlm(options: FakeWebLlmOptions = {}) {
  const created: unknown[][] = [];
  const completions: ChatCompletionRequest[] = [];
  let interrupted = false;
  const answerOf = options.answerOf ?? ((i: number) => `SELECT ${i + 1};`);

  function streamed(request: ChatCompletionRequest) {
    const grammarInit = usesGrammar(request) ? { grammar_init_s: FAKE_GRAMMAR_INIT_S } : {};
    return (async function* () {
      for (const c of options.chunks ?? []) {
        if (interrupted) return;
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield c.usage
          ? { ...c, usage: { ...c.usage, extra: { ...c.usage.extra, ...grammarInit } } }
          : c;
      }
    })();
  }

  function whole(request: ChatCompletionRequest): ChatCompletion {
    const n = request.n ?? 1;
    return {
      id: 'c',
      object: 'chat.completion',
      created: 0,
      model: FAKE_RECORD.model_id,
      choices: Array.from({ length: n }, (_, index) => ({
        index,
        message: { role: 'assistant', content: answerOf(index, request) },
        finish_reason: interrupted ? 'abort' : 'stop',
        logprobs: null,
      })),
      usage: {
        prompt_tokens: 12,
        completion_tokens: 4 * n,
        total_tokens: 12 + 4 * n,
        extra: {
          prefill_tokens_per_s: 100,
          decode_tokens_per_s: 20,
          // web-llm sums the grammar's init time over the choices.
          ...(usesGrammar(request) && { grammar_init_s: FAKE_GRAMMAR_INIT_S * n }),
        },
      },
    } as unknown as ChatCompletion;
  }

  const engine = {
    unload: vi.fn(async () => undefined),
    interruptGenerate: vi.fn(() => {
      interrupted = true;
    }),
    chat: {
      completions: {
        create: async (request: ChatCompletionRequest) => {
          completions.push(request);
          check(request);
          if (options.failChat) throw new Error(options.failChat);
          interrupted = false;
          return request.stream ? streamed(request) : whole(request);
        },
      },
    },
  } as unknown as MLCEngineInterface;

  const lib: WebLlmLibrary = {
    prebuiltAppConfig: FAKE_APP_CONFIG as WebLlmLibrary['prebuiltAppConfig'],
    CreateMLCEngine: (async (...args: unknown[]) => {
      created.push(args);
      const config = args[1] as { initProgressCallback(r: InitProgressReport): void };
      config.initProgressCallback({
        progress: 0.5,
        timeElapsed: 1,
        text: 'Fetching param cache[1/2]: 10MB fetched. 50% completed',
      });
      if (options.failLoad) throw new Error(options.failLoad);
      return engine;
    }) as WebLlmLibrary['CreateMLCEngine'],
    hasModelInCache: (async (id: string) =>
      id === FAKE_RECORD.model_id) as WebLlmLibrary['hasModelInCache'],
    deleteModelAllInfoInCache: vi.fn(
      async () => undefined,
    ) as unknown as WebLlmLibrary['deleteModelAllInfoInCache'],
  };
  return { lib, engine, created, completions };
}
