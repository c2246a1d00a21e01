/**
 * Many endpoints and the retry layer:
 * - questions/s of `npm run eval`'s path (runEvaluation, Text2SQL only and all stages) with one
 *   and with four endpoints, each a local server that answers in `serviceMs` but only `slots`
 *   requests at a time (as a GPU server with a batch limit), spread by the EndpointPool;
 * - the retry layer's own cost on a healthy server: a streamed answer read through
 *   `retryStream` against the same answer read directly, per call and per token.
 *
 *   npx tsx bench/eval-endpoints.ts [questions=100] [serviceMs=20] [slots=4]
 */
import {
  startMockOpenAiServer,
  type ChatCompletionBody,
  type MockOpenAiServer,
  type MockReply,
} from '../e2e/support/mock-openai-server';
import { findStandardSetting } from '../src/core/eval';
import type { ChatEvent, ChatModel } from '../src/core/llm/chat';
import { EndpointPool } from '../src/core/llm/endpoint-pool';
import { policyWithRetries, retryStream } from '../src/core/llm/retry';
import { openDatabaseDirectory } from '../src/services/db/database-directory';
import { OpenAiEngine } from '../src/services/llm/openai-engine';
import { SPIDER_DB_DIR } from '../src/test-support/shared-data';
import { spiderDevSlice, timeEvaluation } from './support/spider-eval';

const count = Number(process.argv[2] ?? 100);
const serviceMs = Number(process.argv[3] ?? 20);
const slots = Number(process.argv[4] ?? 4);
const slice = spiderDevSlice(count);
const { questions, respond: answer } = slice;

/** A server that takes `slots` requests at once, each for `serviceMs`; the rest queue. */
function limitedResponder(): (body: ChatCompletionBody) => Promise<MockReply> {
  let busy = 0;
  const queue: (() => void)[] = [];
  return async (body) => {
    if (busy >= slots) await new Promise<void>((resolve) => queue.push(resolve));
    busy++;
    try {
      await new Promise((resolve) => setTimeout(resolve, serviceMs));
      return answer(body);
    } finally {
      busy--;
      queue.shift()?.();
    }
  };
}

const servers: MockOpenAiServer[] = [];
for (let i = 0; i < 4; i++)
  servers.push(await startMockOpenAiServer({ models: ['m'], respond: limitedResponder() }));
const databases = openDatabaseDirectory(SPIDER_DB_DIR);
for (const id of new Set(questions.map((q) => q.dbId))) await databases.open(id);

console.log(
  `${questions.length} Spider dev questions; each server answers in ${serviceMs} ms, ${slots} at a time`,
);
for (const setting of ['ts', 'all'].map((id) => findStandardSetting(id))) {
  if (!setting) continue;
  for (const endpoints of [1, 4]) {
    const pool = new EndpointPool(
      servers.slice(0, endpoints).map((server, i) => ({
        label: `server ${i + 1}`,
        model: new OpenAiEngine({
          endpoint: server.baseUrl,
          model: 'm',
          pageOrigin: null,
          retry: { policy: policyWithRetries(0) },
        }),
        concurrency: slots,
      })),
    );
    const t = await timeEvaluation(slice, setting, pool.concurrency, {
      database: (id: string) => databases.open(id),
      model: pool,
    });
    console.log(
      `${setting.id.padEnd(4)} ${endpoints} endpoint${endpoints > 1 ? 's' : ' '} (${pool.concurrency} in flight): ${t.perSecond.toFixed(1)} questions/s (${t.ex})`,
    );
  }
}
await databases.close();
await Promise.all(servers.map((s) => s.close()));

// The retry layer on a healthy server: the same 200-token answer, read directly and through it.
const tokens = 200;
const model: ChatModel = {
  async *streamChat() {
    for (let i = 0; i < tokens; i++) yield { type: 'token', text: 'x' } as ChatEvent;
    yield {
      type: 'done',
      finishReason: 'stop',
      usage: {
        promptTokens: 1,
        completionTokens: tokens,
        prefillTokensPerSecond: null,
        decodeTokensPerSecond: null,
      },
    };
  },
};
const request = { messages: [] };
async function read(stream: AsyncIterable<ChatEvent>): Promise<number> {
  let n = 0;
  for await (const event of stream) if (event.type === 'token') n++;
  return n;
}
const calls = 20_000;
const time = async (label: string, call: () => AsyncIterable<ChatEvent>) => {
  for (let i = 0; i < 500; i++) await read(call()); // warm-up
  const started = performance.now();
  for (let i = 0; i < calls; i++) await read(call());
  const us = ((performance.now() - started) * 1000) / calls;
  console.log(`${label}: ${us.toFixed(1)} µs a call (${tokens} tokens)`);
  return us;
};
const direct = await time('direct', () => model.streamChat(request));
const wrapped = await time('retry layer', () => retryStream(() => model.streamChat(request)));
console.log(
  `retry layer: +${(wrapped - direct).toFixed(1)} µs a call, +${(((wrapped - direct) * 1000) / tokens).toFixed(0)} ns a token on a healthy server`,
);
