/**
 * The mock benchmark model as a server in a process of its own, for benches that must not
 * share a process (and an event loop) with the client they measure. Prints one line of JSON,
 * `{"baseUrl": ...}`, once it listens; stops when its parent closes its standard input.
 *
 *   npx tsx bench/support/instant-server.ts [questions=200]
 */
import { startMockOpenAiServer } from '../../e2e/support/mock-openai-server';
import { spiderDevSlice } from './spider-eval';

const { respond } = spiderDevSlice(Number(process.argv[2] ?? 200));
const server = await startMockOpenAiServer({ models: ['instant'], respond });
console.log(JSON.stringify({ baseUrl: server.baseUrl }));
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
