/**
 * Follow-up questions in the token budget, with the bundled Qwen2.5 tokenizer: on each Spider
 * dev database, threads made of consecutive dev questions (their gold SQL as the earlier turns'
 * final SQL) are fitted to the window for every stage's call. Prints the tokens one earlier
 * turn costs, how many of T earlier turns each stage keeps, how often the schema had to shrink
 * too, and the extra time fitting the turns takes.
 *
 *   npx tsx bench/thread-budget.ts [window=4096] [threadsPerDb=3]
 */
import { cpus, loadavg } from 'node:os';
import { prepareCallPrompt } from '../src/core/budget/call-prompt';
import type { EarlierTurn } from '../src/core/pipeline/events';
import {
  openBudgetDatabase,
  stageCalls,
  type BudgetDatabase,
  fewShotSettings,
} from '../src/test-support/budget-fixtures';
import { loadQwenCounter } from '../src/test-support/qwen-tokenizer';
import {
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../src/test-support/shared-data';
import { cpuMs } from './support/cpu-time';

const WINDOW = Number(process.argv[2] ?? 4096);
const THREADS_PER_DB = Number(process.argv[3] ?? 3);
const ANSWER = 1024;
const TURN_COUNTS = [1, 3, 6] as const;
const settings = fewShotSettings(ANSWER);

interface Tally {
  calls: number;
  kept: number;
  allKept: number;
  schemaShrunk: number;
  notSent: number;
  ms: number;
}
const tallies = new Map<string, Tally>();
const turnCosts: number[] = [];
let baselineMs = 0;
let baselineCalls = 0;

function fit(db: BudgetDatabase, question: string, sql: string, earlier: EarlierTurn[]) {
  const results = [];
  for (const call of stageCalls(db.schema, question, '', sql)) {
    const t0 = cpuMs();
    const prepared = prepareCallPrompt(
      call.prompt,
      { schema: db.schema, samples: db.samples, question, hint: '', settings, earlier },
      { counter: shared, window: WINDOW },
    );
    results.push({ label: call.label, prepared, ms: cpuMs() - t0 });
  }
  return results;
}

let shared: Awaited<ReturnType<typeof loadQwenCounter>>;

async function main() {
  shared = await loadQwenCounter();
  console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)}`);
  console.log(`window ${WINDOW}, answer room ${ANSWER}, few-shot prompts\n`);
  const questions = spiderQuestions();
  const maxTurns = Math.max(...TURN_COUNTS);
  for (const dbId of spiderDatabaseIds()) {
    const db = await openBudgetDatabase(dbId, spiderDatabasePath(dbId));
    const own = questions.filter((q) => q.db_id === dbId);
    for (let t = 0; t < THREADS_PER_DB; t++) {
      const slice = own.slice(t * (maxTurns + 1), (t + 1) * (maxTurns + 1));
      if (slice.length < maxTurns + 1) break;
      const followUp = slice[maxTurns]!;
      const turns: EarlierTurn[] = slice
        .slice(0, maxTurns)
        .map((q) => ({ question: q.question, sql: q.query }));
      // The same call with no earlier turns: the baseline cost and time.
      const bare = fit(db, followUp.question, followUp.query, []);
      for (const r of bare) {
        baselineMs += r.ms;
        baselineCalls++;
      }
      for (const count of TURN_COUNTS) {
        const earlier = turns.slice(maxTurns - count);
        const results = fit(db, followUp.question, followUp.query, earlier);
        results.forEach((r, i) => {
          const key = `${count}/${r.label}`;
          let tally = tallies.get(key);
          if (!tally)
            tallies.set(
              key,
              (tally = { calls: 0, kept: 0, allKept: 0, schemaShrunk: 0, notSent: 0, ms: 0 }),
            );
          tally.calls++;
          tally.ms += r.ms;
          if (!r.prepared.ok) {
            tally.notSent++;
            return;
          }
          const budget = r.prepared.prompt.budget;
          const left = budget?.turnsLeftOut ?? 0;
          tally.kept += count - left;
          if (left === 0) tally.allKept++;
          const notes = (budget?.notes ?? []).join(' ');
          if (/sample rows|long values|examples dropped|tables left out|full schema/.test(notes))
            tally.schemaShrunk++;
          const base = bare[i]?.prepared;
          if (count === 1 && left === 0 && base?.ok && base.prompt.budget && budget)
            turnCosts.push(budget.promptTokens - base.prompt.budget.promptTokens);
        });
      }
    }
  }

  turnCosts.sort((a, b) => a - b);
  const median = turnCosts[Math.floor(turnCosts.length / 2)] ?? 0;
  console.log(
    `one earlier turn (question + final SQL) costs ${median} tokens (median; ${turnCosts[0]}-${turnCosts.at(-1)}, ${turnCosts.length} calls)`,
  );
  console.log(
    `fitting a call with no earlier turns: ${(baselineMs / Math.max(1, baselineCalls)).toFixed(2)} CPU ms on average\n`,
  );
  console.log(
    'turns | stage                | calls | mean kept | all kept | schema shrunk too | not sent | CPU ms/call',
  );
  for (const [key, t] of [...tallies.entries()].sort(
    (a, b) => Number(a[0].split('/')[0]) - Number(b[0].split('/')[0]) || a[0].localeCompare(b[0]),
  )) {
    const [count, stage] = key.split('/');
    const pct = (n: number) => `${Math.round((100 * n) / t.calls)}%`;
    console.log(
      `${count?.padStart(5)} | ${stage?.padEnd(20)} | ${String(t.calls).padStart(5)} | ${(t.kept / Math.max(1, t.calls - t.notSent)).toFixed(2).padStart(9)} | ${pct(t.allKept).padStart(8)} | ${pct(t.schemaShrunk).padStart(17)} | ${String(t.notSent).padStart(8)} | ${(t.ms / t.calls).toFixed(2).padStart(11)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
