/**
 * The tokenizer worker: reading an 11 MB vocabulary and counting a large schema take hundreds of
 * milliseconds, which here never block the page. Nothing but message moving lives here.
 */
import { createTokenizerHandler, readJsonInBrowser } from './tokenizer-handler';
import type { TokenizerRequest } from './tokenizer-protocol';

const handle = createTokenizerHandler(readJsonInBrowser);

self.onmessage = async (event: MessageEvent<TokenizerRequest>) => {
  self.postMessage(await handle(event.data));
};
