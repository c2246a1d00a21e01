/**
 * The token budget over real and generated databases, with the bundled Qwen2.5 tokenizer:
 * prompt tokens per stage (mean, max) after fitting to a 4,096-token window with 1,024 tokens of
 * answer room, how often each shrink step fired, and the time to fit one call (CPU time, cold:
 * the first call of a database, with nothing counted yet; warm: later calls, whose schema pieces
 * are already counted, as in a run).
 *
 *   npx tsx bench/prompt-budget.ts [questionsPerSpiderDb=10] [window=4096]
 */
import { cpus, loadavg } from 'node:os';
import { prepareCallPrompt } from '../src/core/budget/call-prompt';
import { fitPrompt, type FitSummary } from '../src/core/budget/fit-prompt';
import {
  FULL_SCHEMA_SAMPLE_ROWS,
  SIMPLIFIED_SCHEMA_SAMPLE_ROWS,
} from '../src/core/schema/schema-text';
import { memoizedCounter, type TokenCounter } from '../src/core/tokens/token-counter';
import {
  openBudgetDatabase,
  stageCalls,
  wideBudgetDatabase,
  type BudgetDatabase,
  type StageCall,
  fewShotSettings,
} from '../src/test-support/budget-fixtures';
import { loadQwenCounter, loadRawQwenCounter } from '../src/test-support/qwen-tokenizer';
import {
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../src/test-support/shared-data';
import { cpuMs } from './support/cpu-time';

const perDb = Number(process.argv[2] ?? 10);
const WINDOW = Number(process.argv[3] ?? 4096);
const ANSWER = 1024;
const settings = fewShotSettings(ANSWER);

interface Tally {
  tokens: number[];
  fired: Record<'rows' | 'values' | 'examples' | 'tables' | 'rowsDropped' | 'fallback', number>;
  calls: number;
  failed: number;
}
const tally = (): Tally => ({
  tokens: [],
  fired: { rows: 0, values: 0, examples: 0, tables: 0, rowsDropped: 0, fallback: 0 },
  calls: 0,
  failed: 0,
});

type Group = 'spider' | 'wide';
const byStage = new Map<string, Tally>();
const key = (group: Group, label: string) => `${group}/${label}`;

function record(group: Group, call: StageCall, summary: FitSummary | null, notes: string[]) {
  let t = byStage.get(key(group, call.label));
  if (!t) byStage.set(key(group, call.label), (t = tally()));
  t.calls++;
  if (!summary) {
    t.failed++;
    return;
  }
  t.tokens.push(summary.promptTokens);
  if (summary.rowsCutTables > 0) t.fired.rows++;
  if (summary.valuesShortenedTables > 0) t.fired.values++;
  if (summary.examplesDropped) t.fired.examples++;
  if (summary.tablesLeftOut > 0) t.fired.tables++;
  if (summary.rowsDroppedTables > 0) t.fired.rowsDropped++;
  if (notes.some((n) => n.startsWith('The full schema does not fit'))) t.fired.fallback++;
}

/** Fits every stage's call for a question; the fit summary comes from fitPrompt itself. */
function fitAll(
  group: Group,
  db: BudgetDatabase,
  question: string,
  sql: string,
  counter: TokenCounter,
) {
  for (const call of stageCalls(db.schema, question, '', sql)) {
    const prepared = prepareCallPrompt(
      call.prompt,
      { schema: db.schema, samples: db.samples, question, hint: '', settings },
      { counter, window: WINDOW },
    );
    if (!prepared.ok) {
      record(group, call, null, []);
      continue;
    }
    const kept = prepared.prompt.budget?.notes.some((n) => n.startsWith('The full schema'))
      ? (call.prompt.fallback ?? null)
      : call.prompt.schema === 'full'
        ? null
        : call.prompt.schema;
    const summary = fitPrompt({
      build: call.prompt.build,
      examples: true,
      source: {
        schema: db.schema,
        samples: db.samples,
        kept,
        sampleRows: kept ? SIMPLIFIED_SCHEMA_SAMPLE_ROWS : FULL_SCHEMA_SAMPLE_ROWS,
      },
      question,
      hint: '',
      pinnedTables: call.prompt.pinnedTables,
      counter,
      window: WINDOW,
      answerTokens: ANSWER,
    });
    record(group, call, summary.ok ? summary.summary : null, prepared.prompt.budget?.notes ?? []);
  }
}

const stats = (xs: number[]) =>
  xs.length === 0
    ? { mean: 0, max: 0 }
    : { mean: Math.round(xs.reduce((a, b) => a + b, 0) / xs.length), max: Math.max(...xs) };
const pct = (n: number, of: number) => (of === 0 ? '-' : `${Math.round((100 * n) / of)}%`);

async function main() {
  const tLoad = performance.now();
  const shared = await loadQwenCounter();
  console.log(`tokenizer loaded in ${Math.round(performance.now() - tLoad)} ms (wall)`);
  console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)}`);
  console.log(`window ${WINDOW}, answer room ${ANSWER}, few-shot prompts\n`);

  const questions = spiderQuestions();
  for (const dbId of spiderDatabaseIds()) {
    const db = await openBudgetDatabase(dbId, spiderDatabasePath(dbId));
    for (const q of questions.filter((x) => x.db_id === dbId).slice(0, perDb))
      fitAll('spider', db, q.question, q.query, shared);
  }

  const wide: { db: BudgetDatabase; question: string; sql: string }[] = [];
  for (const tables of [60, 600]) {
    for (const kind of ['numeric', 'long_text'] as const) {
      wide.push({
        db: await wideBudgetDatabase({ tables, kind }),
        question: 'What is the total payment amount of each customer?',
        sql: 'SELECT c.name, sum(p.amount) FROM customer AS c JOIN payment AS p ON p.id = c.id GROUP BY c.id',
      });
    }
  }
  for (const w of wide) fitAll('wide', w.db, w.question, w.sql, shared);

  console.log('prompt tokens per stage after fitting (mean / max), and how often each step fired');
  console.log(
    'group  | stage                | calls | mean  | max   | rows 3→1 | values | examples | tables | rows→0 | simplified | not sent',
  );
  for (const [name, t] of [...byStage.entries()].sort()) {
    const [group, stage] = name.split('/');
    const s = stats(t.tokens);
    const f = t.fired;
    console.log(
      `${group?.padEnd(6)} | ${stage?.padEnd(20)} | ${String(t.calls).padStart(5)} | ${String(s.mean).padStart(5)} | ${String(s.max).padStart(5)} | ${pct(f.rows, t.calls).padStart(8)} | ${pct(f.values, t.calls).padStart(6)} | ${pct(f.examples, t.calls).padStart(8)} | ${pct(f.tables, t.calls).padStart(6)} | ${pct(f.rowsDropped, t.calls).padStart(6)} | ${pct(f.fallback, t.calls).padStart(10)} | ${t.failed}`,
    );
  }

  // Time to fit one call: the schema-linking prompt (full schema) on each wide database.
  console.log('\ntime to fit one schema-linking call (CPU ms; cold = nothing counted yet)');
  for (const w of wide) {
    const call = stageCalls(w.db.schema, w.question, '', w.sql)[0] as StageCall;
    const fit = (counter: TokenCounter) =>
      fitPrompt({
        build: call.prompt.build,
        examples: true,
        source: { schema: w.db.schema, samples: w.db.samples, kept: null, sampleRows: 3 },
        question: w.question,
        hint: '',
        counter,
        window: WINDOW,
        answerTokens: ANSWER,
      });
    // A fresh cache over the same tokenizer: the cold case as a run's first call meets it.
    const fresh = memoizedCounter(await loadRawQwenCounter());
    let t0 = cpuMs();
    fit(fresh);
    const cold = cpuMs() - t0;
    const warm: number[] = [];
    for (let i = 0; i < 10; i++) {
      t0 = cpuMs();
      fit(fresh);
      warm.push(cpuMs() - t0);
    }
    warm.sort((a, b) => a - b);
    console.log(
      `${w.db.name.padEnd(22)} ${String(w.db.schema.tables.length).padStart(4)} tables: cold ${cold.toFixed(1)} ms, warm median ${warm[5]?.toFixed(1)} ms`,
    );
  }
}

await main();
