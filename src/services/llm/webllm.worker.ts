/**
 * The dedicated worker that runs web-llm, and the only module that imports it: downloading,
 * compiling and generating never block the page, and the library is fetched once. Nothing but
 * message moving lives here (the work is in webllm-handler.ts).
 */
import * as webllm from '@mlc-ai/web-llm';
import { createWebLlmHandler } from './webllm-handler';
import type { WebLlmReply, WebLlmRequest } from './webllm-protocol';

const handle = createWebLlmHandler(webllm);

self.onmessage = (event: MessageEvent<WebLlmRequest>) => {
  void handle(event.data, (reply: WebLlmReply) => self.postMessage(reply));
};
