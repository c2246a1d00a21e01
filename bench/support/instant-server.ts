/**
 * The mock benchmark model as a server in a process of its own, for benches that must not
 * share a process (and an event loop) with the client they measure. Prints one line of JSON,
 * `{"baseUrl": ...}`, once it listens; stops when its parent closes its standard input.
 *
 *   npx tsx bench/support/instant-server.ts [questions=200]
 */
import { readFileSync } from 'node:fs';
import { benchmarkResponder } from '../../e2e/support/mock-benchmark-model';
import { startMockOpenAiServer } from '../../e2e/support/mock-openai-server';
import { parseBenchmark } from '../../src/core/eval';
import { SPIDER_DEV_JSON } from '../../src/test-support/shared-data';

const count = Number(process.argv[2] ?? 200);
const benchmark = parseBenchmark(readFileSync(SPIDER_DEV_JSON, 'utf8'), 'dev.json');
const questions = benchmark.questions.slice(0, count);
const server = await startMockOpenAiServer({
  models: ['instant'],
  respond: benchmarkResponder(questions.map((q) => ({ question: q.question, query: q.goldSql }))),
});
console.log(JSON.stringify({ baseUrl: server.baseUrl }));
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
