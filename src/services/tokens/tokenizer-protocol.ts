/**
 * The typed messages between the page and the tokenizer worker: `{kind, id, payload}` requests,
 * replies matched by id, failures as ErrorPayload. The worker holds one tokenizer: `load` reads
 * its files, `count` counts many texts in one message (the budget's fitting asks for the pieces
 * it has not counted yet, all at once).
 */
import type { ErrorPayload } from '../../core/errors';

/** A JSON file the worker reads: from the network, or from a Cache Storage cache (web-llm's). */
export interface FileRef {
  url: string;
  /** The cache to read it from instead of the network (web-llm keeps model files there). */
  cache?: string;
}

export interface TokenizerFiles {
  /** Says on the card whose tokenizer counted, e.g. "the model's tokenizer". */
  label: string;
  tokenizer: FileRef;
  config: FileRef;
  /** Read when `config` is missing (a model cached without its tokenizer_config.json). */
  fallbackConfig?: FileRef;
}

export type TokenizerRequest =
  | { kind: 'load'; id: number; payload: TokenizerFiles }
  | { kind: 'count'; id: number; payload: { texts: string[] } };

export interface TokenizerReplyPayloads {
  load: null;
  count: number[];
}

export type TokenizerReply =
  | { kind: 'ok'; id: number; payload: TokenizerReplyPayloads[TokenizerRequest['kind']] }
  | { kind: 'error'; id: number; payload: ErrorPayload };
