/**
 * The evaluation harness's own speed, so that it is never what holds a GPU server back:
 * questions per second of `npm run eval`'s path (runEvaluation over Node worker-thread
 * databases and the OpenAI-compatible engine) against a local server that answers at once,
 * at concurrency 1, 8 and 32; and the time to score the 972 Spider dev gold SQL as predictions.
 * The server runs twice: in this process (it then shares the event loop and the CPU with the
 * client, as a small local server would) and in a process of its own (as a real server does);
 * each line says which.
 *
 *   npx tsx bench/eval-throughput.ts [questions=200]
 */
import { startMockOpenAiServer } from '../e2e/support/mock-openai-server';
import { findStandardSetting, runEvaluation } from '../src/core/eval';
import { DEFAULT_PIPELINE_SETTINGS } from '../src/core/pipeline/defaults';
import { openDatabaseDirectory } from '../src/services/db/database-directory';
import { OpenAiEngine } from '../src/services/llm/openai-engine';
import { SPIDER_DB_DIR } from '../src/test-support/shared-data';
import { startServerProcess } from './support/server-process';
import { spiderDevSlice, timeEvaluation } from './support/spider-eval';

const count = Number(process.argv[2] ?? 200);
const slice = spiderDevSlice(count);
const { benchmark, questions } = slice;
const inProcess = await startMockOpenAiServer({ models: ['instant'], respond: slice.respond });
const ownProcess = await startServerProcess(count);
const servers = [
  { where: 'server in this process', baseUrl: inProcess.baseUrl },
  { where: 'server in its own process', baseUrl: ownProcess.baseUrl },
];
const databases = openDatabaseDirectory(SPIDER_DB_DIR);
const deps = { database: (id: string) => databases.open(id) };

// Open every database first: thread start-up is paid once per run, not per question.
for (const id of new Set(questions.map((q) => q.dbId))) await databases.open(id);

for (const { where, baseUrl } of servers)
  for (const setting of ['ts', 'all'].map((id) => findStandardSetting(id))) {
    if (!setting) continue;
    for (const concurrency of [1, 8, 32]) {
      const engine = new OpenAiEngine({
        endpoint: baseUrl,
        model: 'instant',
        pageOrigin: null,
      });
      const t = await timeEvaluation(slice, setting, concurrency, { ...deps, model: engine });
      console.log(
        `${setting.id.padEnd(4)} concurrency ${String(concurrency).padStart(2)}, ${where}: ${t.perSecond.toFixed(1)} questions/s (${t.count} in ${t.seconds.toFixed(1)} s, ${t.ex})`,
      );
    }
  }

const started = performance.now();
let matched = 0;
for await (const r of runEvaluation(
  {
    benchmark,
    questions: benchmark.questions,
    settings: [{ id: 'gold', label: 'gold', overrides: {} }],
    base: DEFAULT_PIPELINE_SETTINGS,
    scoring: { rule: 'spider' },
    concurrency: 8,
    predictions: benchmark.questions.map((q) => q.goldSql),
  },
  deps,
)) {
  if (r.match) matched++;
}
console.log(
  `scoring ${benchmark.questions.length} predictions in Node (gold and prediction run, difficulty, compare): ${((performance.now() - started) / 1000).toFixed(1)} s, ${matched} matched`,
);
await databases.close();
await inProcess.close();
await ownProcess.close();
