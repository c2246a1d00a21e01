/**
 * The typed messages between the page and the web-llm worker: `{v, kind, id, payload}` requests,
 * replies matched by id. Only the worker loads web-llm (about 6 MB); the page reaches the model
 * list, the model cache and generation through these messages, so the library is fetched once.
 * Errors cross as web-llm's own strings (mapped on the page by webllm-errors.ts).
 *
 * `v` is the protocol's version: a page and a worker script from different builds (an old worker
 * still cached by the service worker) refuse each other's messages with a clear error instead of
 * misreading them. Raise it whenever a request or reply changes shape.
 */
import type { AppConfig, InitProgressReport, ModelRecord } from '@mlc-ai/web-llm';
import type { ChatEvent, ChatRequest, ChatSample, ChatUsage } from '../../core/llm/chat';

/**
 * 2: chat requests carry a grammar, `sample` draws n answers, usage carries grammar_init_s.
 * 3: chat and sample requests carry Qwen3's thinking switch.
 */
export const WEBLLM_PROTOCOL_VERSION = 3;

export interface ModelRef {
  modelId: string;
  appConfig: AppConfig;
}

type Requests =
  /** web-llm's prebuilt model records (the catalogue is built from them on the page). */
  | { kind: 'model-list'; id: number; payload?: undefined }
  | { kind: 'has-model'; id: number; payload: ModelRef }
  | { kind: 'delete-model'; id: number; payload: ModelRef }
  /** Downloads (or reads from web-llm's cache) and loads a model; progress replies until done. */
  | { kind: 'load'; id: number; payload: ModelRef & { contextWindow: number } }
  /** Streams `chat-event` replies, then `ok`. A `grammar` constrains the answer (XGrammar). */
  | { kind: 'chat'; id: number; payload: ChatRequest }
  /** `n` answers in one non-streamed request (web-llm draws several only without streaming). */
  | { kind: 'sample'; id: number; payload: { request: ChatRequest; n: number } }
  | { kind: 'interrupt'; id: number; payload?: undefined }
  | { kind: 'unload'; id: number; payload?: undefined };

export type WebLlmRequest = Requests & { v: number };

export type WebLlmRequestKind = WebLlmRequest['kind'];

export interface SampledAnswers {
  samples: ChatSample[];
  usage: ChatUsage;
}

export interface WebLlmReplyPayloads {
  'model-list': ModelRecord[];
  'has-model': boolean;
  'delete-model': null;
  load: null;
  chat: null;
  sample: SampledAnswers;
  interrupt: null;
  unload: null;
}

export type WebLlmReply =
  | { kind: 'ok'; id: number; payload: WebLlmReplyPayloads[WebLlmRequestKind] }
  | { kind: 'progress'; id: number; payload: InitProgressReport }
  | { kind: 'chat-event'; id: number; payload: ChatEvent }
  | { kind: 'error'; id: number; payload: string };
