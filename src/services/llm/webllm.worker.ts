/**
 * The dedicated worker that runs web-llm: downloading, compiling and generating never block the
 * page. web-llm's own handler speaks its typed protocol with `WebWorkerMLCEngine` on the page.
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (event: MessageEvent) => handler.onmessage(event);
