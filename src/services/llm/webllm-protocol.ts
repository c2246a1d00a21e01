/**
 * The typed messages between the page and the web-llm worker: `{kind, id, payload}` requests,
 * replies matched by id. Only the worker loads web-llm (about 6 MB); the page reaches the model
 * list, the model cache and generation through these messages, so the library is fetched once.
 * Errors cross as web-llm's own strings (mapped on the page by webllm-errors.ts).
 */
import type { AppConfig, InitProgressReport, ModelRecord } from '@mlc-ai/web-llm';
import type { ChatEvent, ChatRequest } from '../../core/llm/chat';

export interface ModelRef {
  modelId: string;
  appConfig: AppConfig;
}

export type WebLlmRequest =
  /** web-llm's prebuilt model records (the catalogue is built from them on the page). */
  | { kind: 'model-list'; id: number; payload?: undefined }
  | { kind: 'has-model'; id: number; payload: ModelRef }
  | { kind: 'delete-model'; id: number; payload: ModelRef }
  /** Downloads (or reads from web-llm's cache) and loads a model; progress replies until done. */
  | { kind: 'load'; id: number; payload: ModelRef & { contextWindow: number } }
  /** Streams `chat-event` replies, then `ok`. */
  | { kind: 'chat'; id: number; payload: ChatRequest }
  | { kind: 'interrupt'; id: number; payload?: undefined }
  | { kind: 'unload'; id: number; payload?: undefined };

export type WebLlmRequestKind = WebLlmRequest['kind'];

export interface WebLlmReplyPayloads {
  'model-list': ModelRecord[];
  'has-model': boolean;
  'delete-model': null;
  load: null;
  chat: null;
  interrupt: null;
  unload: null;
}

export type WebLlmReply =
  | { kind: 'ok'; id: number; payload: WebLlmReplyPayloads[WebLlmRequestKind] }
  | { kind: 'progress'; id: number; payload: InitProgressReport }
  | { kind: 'chat-event'; id: number; payload: ChatEvent }
  | { kind: 'error'; id: number; payload: string };
