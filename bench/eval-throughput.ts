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
import { readFileSync } from 'node:fs';
import { benchmarkResponder } from '../e2e/support/mock-benchmark-model';
import { startMockOpenAiServer } from '../e2e/support/mock-openai-server';
import { findStandardSetting, parseBenchmark, runEvaluation, summarize } from '../src/core/eval';
import { DEFAULT_PIPELINE_SETTINGS } from '../src/core/pipeline/defaults';
import { openDatabaseDirectory } from '../src/services/db/database-directory';
import { OpenAiEngine } from '../src/services/llm/openai-engine';
import { SPIDER_DB_DIR, SPIDER_DEV_JSON } from '../src/test-support/shared-data';
import { startServerProcess } from './support/server-process';

const count = Number(process.argv[2] ?? 200);
const benchmark = parseBenchmark(readFileSync(SPIDER_DEV_JSON, 'utf8'), 'dev.json');
const questions = benchmark.questions.slice(0, count);
const inProcess = await startMockOpenAiServer({
  models: ['instant'],
  respond: benchmarkResponder(questions.map((q) => ({ question: q.question, query: q.goldSql }))),
});
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
      const started = performance.now();
      const results = [];
      for await (const r of runEvaluation(
        {
          benchmark,
          questions,
          settings: [setting],
          base: DEFAULT_PIPELINE_SETTINGS,
          scoring: { rule: 'spider' },
          concurrency,
        },
        { ...deps, model: engine },
      )) {
        results.push(r);
      }
      const seconds = (performance.now() - started) / 1000;
      const ex = summarize(results, setting.id).overall;
      console.log(
        `${setting.id.padEnd(4)} concurrency ${String(concurrency).padStart(2)}, ${where}: ${(results.length / seconds).toFixed(1)} questions/s (${results.length} in ${seconds.toFixed(1)} s, EX ${ex.matched}/${ex.total})`,
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
