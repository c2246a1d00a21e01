/**
 * `npm run eval`: execution accuracy of a model (any OpenAI-compatible server) or of a
 * predictions file, on a Spider- or BIRD-format benchmark. Thin: it reads flags and files and
 * prints; the pipeline, the scorer and the tables are the same core the Evaluate view uses.
 */
import {
  DEFAULT_THINKING_ALLOWANCE,
  THINKING_ALLOWANCE_RANGE,
  validThinkingAllowance,
} from '../core/llm/thinking';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { toAppError } from '../core/errors';
import {
  STANDARD_SETTINGS,
  databasesNeeded,
  findStandardSetting,
  withThinking,
  missingDatabases,
  runnableSettings,
  parseBenchmark,
  parsePredictions,
  parseResultLines,
  NOT_SCORED,
  isScored,
  latestResults,
  progressLine,
  resultToJsonLine,
  withResult,
  runEvaluation,
  summaryToMarkdown,
  summaryToText,
  toSpiderPredictions,
  type EvalSetting,
  type QuestionResult,
} from '../core/eval';
import { DEFAULT_PIPELINE_SETTINGS } from '../core/pipeline/defaults';
import { openDatabaseDirectory } from '../services/db/database-directory';
import { connectEndpoints, type Connected } from './cli-endpoints';
import { RETRIES_USAGE, RetryCounter, retryOptionsFrom } from './cli-retries';

const USAGE = `Usage: npm run eval -- --questions dev.json --db-dir databases/
  [--endpoint http://host:8000/v1 --model NAME --api-key-env VAR]
                                  (repeat --endpoint for replicas of one model: calls are
                                  spread over them, --concurrency each)
  [--stages ts|sl|sl,nc|all|all+grammar|all+vote|all+checks|all+beyond|all+memory|all+descriptions]...
                                  (repeat for an ablation; default all. all+memory: each question
                                  gets the other questions of its database with their gold SQL,
                                  minus those with its own SQL; all+descriptions: BIRD's
                                  <db_id>/database_description/*.csv under --db-dir)
  [--prompt-style few_shot|zero_shot|omnisql] [--concurrency 32] [--limit N]
  [--thinking default|on|off]...  (repeat to compare a thinking model with itself not thinking)
  [--thinking-allowance 2048]
  [--predictions predict.txt] [--out results/] [--rule spider|bird] [--keep-distinct]
  ${RETRIES_USAGE}
Exit codes: 0 every question scored; 2 bad input; 3 some questions ${NOT_SCORED}
(rerun with the same --out to score them); 130 stopped.`;

const PREDICTIONS_SETTING: EvalSetting = {
  id: 'predictions',
  label: 'Imported predictions',
  overrides: {},
};

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} needs a whole number above 0, not "${value}".`);
  return n;
}

function readText(path: string, what: string): string {
  if (!existsSync(path)) fail(`The ${what} file ${path} does not exist.`);
  return readFileSync(path, 'utf8');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string' },
      'db-dir': { type: 'string' },
      endpoint: { type: 'string', multiple: true },
      model: { type: 'string' },
      'api-key-env': { type: 'string' },
      stages: { type: 'string', multiple: true },
      'prompt-style': { type: 'string' },
      thinking: { type: 'string', multiple: true },
      'thinking-allowance': { type: 'string' },
      concurrency: { type: 'string' },
      limit: { type: 'string' },
      predictions: { type: 'string' },
      out: { type: 'string' },
      rule: { type: 'string' },
      'keep-distinct': { type: 'boolean' },
      retries: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.questions || !values['db-dir']) fail(USAGE);
  if (!values.predictions && !values.endpoint)
    fail(`Give --endpoint (a model server) or --predictions (a file to score).\n${USAGE}`);

  const benchmark = (() => {
    try {
      return parseBenchmark(readText(values.questions, 'questions'), values.questions);
    } catch (error) {
      const e = toAppError(error);
      return fail(`${e.message}\n${e.nextStep ?? ''}`);
    }
  })();
  const limit = positiveInt(values.limit, '--limit');
  const questions = benchmark.questions.slice(0, limit ?? benchmark.questions.length);
  const rule = values.rule ?? benchmark.format;
  if (rule !== 'spider' && rule !== 'bird') fail(`--rule is spider or bird, not "${rule}".`);
  const promptStyle = values['prompt-style'] ?? 'few_shot';
  if (promptStyle !== 'few_shot' && promptStyle !== 'zero_shot' && promptStyle !== 'omnisql')
    fail(`--prompt-style is few_shot, zero_shot or omnisql.`);
  const concurrency = positiveInt(values.concurrency, '--concurrency') ?? 1;
  const retried = new RetryCounter();
  const retry = retryOptionsFrom(values.retries, retried);
  if (typeof retry === 'string') fail(retry);

  const thinkingModes = (values.thinking ?? ['default']).map((mode) =>
    mode === 'default'
      ? ('server_default' as const)
      : mode === 'on' || mode === 'off'
        ? mode
        : fail(`--thinking is default, on or off, not "${mode}".`),
  );
  const thinkingAllowance =
    values['thinking-allowance'] === undefined
      ? DEFAULT_THINKING_ALLOWANCE
      : (validThinkingAllowance(Number(values['thinking-allowance'])) ??
        fail(
          `--thinking-allowance is a number of tokens from ${THINKING_ALLOWANCE_RANGE.min} to ${THINKING_ALLOWANCE_RANGE.max}.`,
        ));

  const chosen: EvalSetting[] = values.predictions
    ? [PREDICTIONS_SETTING]
    : (values.stages ?? ['all'])
        .map(
          (id) =>
            findStandardSetting(id) ??
            fail(`--stages ${id} is not one of ${STANDARD_SETTINGS.map((s) => s.id).join(', ')}.`),
        )
        .flatMap((setting) => thinkingModes.map((mode) => withThinking(setting, mode)));

  const databases = openDatabaseDirectory(values['db-dir']);
  const needed = databasesNeeded({ ...benchmark, questions });
  const missing = missingDatabases(needed, databases.files);
  if (missing.length > 0) {
    const lost = missing.reduce((n, m) => n + m.questions, 0);
    process.stderr.write(
      `Missing databases under ${values['db-dir']}: ${missing.map((m) => `${m.dbId} (${m.questions} questions)`).join(', ')}. ` +
        `Those ${lost} questions are left out of EX.\n`,
    );
  }

  let predictions: (string | null)[] | undefined;
  if (values.predictions) {
    try {
      const imported = parsePredictions(
        readText(values.predictions, 'predictions'),
        values.predictions,
        benchmark,
      );
      imported.warnings.forEach((w) => process.stderr.write(`${w}\n`));
      predictions = imported.sql;
    } catch (error) {
      const e = toAppError(error);
      fail(`${e.message}\n${e.nextStep ?? ''}`);
    }
  }

  let engine: Connected | undefined;
  if (!predictions) {
    const keyVar = values['api-key-env'];
    const apiKey = keyVar ? process.env[keyVar] : undefined;
    if (keyVar && !apiKey)
      fail(`The environment variable ${keyVar} (from --api-key-env) is not set.`);
    try {
      engine = await connectEndpoints({
        endpoints: values.endpoint ?? [],
        model: values.model ?? '',
        apiKey,
        retry,
        concurrency,
      });
    } catch (error) {
      const e = toAppError(error);
      fail(`${e.message}\n${e.nextStep ?? ''}`);
    }
  }

  // A constrained row on a server that takes no grammar, or a descriptions row on a benchmark
  // without descriptions, would measure nothing: say so, leave it out.
  const { runnable: settings, leftOut } = runnableSettings(
    chosen,
    engine?.model.grammarSupport?.(),
    { descriptions: databases.descriptionPaths.size > 0 },
  );
  const notes = leftOut.map((l) => `Left out ${l.setting.id}: ${l.reason}`);
  notes.forEach((note) => process.stderr.write(`${note}\n`));
  if (settings.length === 0)
    fail(
      'No chosen setting can run here (the reasons are above); choose other --stages, a server that takes a grammar (llama.cpp, vLLM) for the constrained rows, or a --db-dir with BIRD descriptions for all+descriptions.',
    );

  const out = values.out;
  const resultsFile = out ? join(out, 'results.jsonl') : null;
  if (out) mkdirSync(out, { recursive: true });
  // A question re-run after a server error comes later in the file: the latest result counts.
  const done: QuestionResult[] =
    resultsFile && existsSync(resultsFile)
      ? latestResults(parseResultLines(readFileSync(resultsFile, 'utf8')))
      : [];
  const wanted = new Set(settings.map((s) => s.id));
  const inScope = new Set(questions.map((q) => q.index));
  const kept = done.filter((r) => wanted.has(r.settingId) && inScope.has(r.index));
  const again = kept.filter((r) => r.unscored !== undefined).length;
  if (kept.length > 0)
    process.stderr.write(
      `Resuming: ${kept.length} results already in ${resultsFile}` +
        (again > 0 ? ` (${again} ${NOT_SCORED}: they run again).\n` : '.\n'),
    );

  let all = [...kept];
  const available = questions.filter((q) => databases.files.has(q.dbId));
  const total = available.length * settings.length;
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write(
      '\nStopping: the questions in flight are dropped; rerun with the same --out to resume.\n',
    );
    controller.abort();
  });
  const started = performance.now();
  let session = 0;
  let lastPrint = 0;
  const tty = process.stderr.isTTY;
  const report = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastPrint < (tty ? 200 : 5000)) return;
    lastPrint = now;
    const scored = all.filter(isScored);
    const unscored = all.filter((r) => r.unscored !== undefined).length;
    const line = progressLine({
      done: all.length - unscored,
      total,
      matched: scored.filter((r) => r.match).length,
      scored: scored.length,
      elapsedMs: now - started,
      doneThisSession: session,
      retries: retried.total,
      unscored,
      endpoints: engine?.pool?.statusLine(),
    });
    // On a terminal the line is rewritten in place (\x1b[K clears what a longer line left).
    process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };

  try {
    for await (const result of runEvaluation(
      {
        benchmark,
        questions: available,
        settings,
        base: { ...DEFAULT_PIPELINE_SETTINGS, promptStyle, thinkingAllowance },
        scoring: { rule, keepDistinct: values['keep-distinct'] ?? false },
        concurrency: engine?.concurrency ?? concurrency,
        signal: controller.signal,
        done: kept,
        predictions,
      },
      {
        database: (dbId) => databases.open(dbId),
        descriptionFiles: (dbId) => databases.descriptionFiles(dbId),
        model: engine?.model,
        modelInfo: engine ? { engine: 'openai', modelId: engine.modelId } : undefined,
        ...(engine ? { thinking: { evidence: engine.thinking } } : {}),
      },
    )) {
      all = withResult(all, result);
      session++;
      if (resultsFile) appendFileSync(resultsFile, `${resultToJsonLine(result)}\n`);
      report(false);
    }
  } finally {
    await databases.close();
  }
  report(true);
  process.stderr.write('\n');

  const byIndex = (settingId: string) => {
    const sql = new Map(
      all.filter((r) => r.settingId === settingId).map((r) => [r.index, r.predSql]),
    );
    return questions.map((q) => sql.get(q.index) ?? null);
  };
  if (out) {
    for (const setting of settings) {
      const name =
        settings.length === 1
          ? 'predict.txt'
          : `predict-${setting.id.replace(/[^a-z0-9]+/gi, '-')}.txt`;
      writeFileSync(join(out, name), toSpiderPredictions(byIndex(setting.id)));
    }
    const model = engine ? engine.where : `predictions from ${values.predictions}`;
    writeFileSync(
      join(out, 'summary.md'),
      summaryToMarkdown(all, settings, { benchmark, model, rule, notes }),
    );
  }
  process.stdout.write(summaryToText(all, settings));
  notes.forEach((note) => process.stdout.write(`${note}\n`));
  if (engine) process.stdout.write(`${retried.line()}\n`);
  const unscored = all.filter((r) => r.unscored !== undefined);
  if (unscored.length > 0) reportUnscored(unscored, out);
  if (controller.signal.aborted) process.exitCode = 130;
}

/** How many questions, with their errors (the first few), and how to score them. */
function reportUnscored(unscored: readonly QuestionResult[], out: string | undefined): void {
  const shown = 10;
  const lines = [
    `${unscored.length} questions ${NOT_SCORED}: a call kept failing after its retries.`,
    ...unscored.slice(0, shown).map((r) => `  #${r.index} ${r.questionId}: ${r.unscored}`),
    ...(unscored.length > shown ? [`  ... and ${unscored.length - shown} more`] : []),
    out
      ? `To score them, run the same command again: it keeps the scored results in ${out} and re-runs only these.`
      : 'To score them, run again with --out DIR: it keeps the scored results there and a rerun re-runs only the unscored ones.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = 3;
}

main().catch((error: unknown) => {
  const e = toAppError(error);
  process.stderr.write(`${e.message}${e.detail ? `\n${e.detail}` : ''}\n`);
  process.exit(1);
});
