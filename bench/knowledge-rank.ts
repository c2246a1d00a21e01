/**
 * Remembered examples (issue 19): time to rank the examples for one question with 10, 1,000
 * and 10,000 examples (aim: under 20 ms at 10,000), index build apart; and the prompt tokens
 * memory adds per call on Spider dev (k = 3, each question's memory = the other questions of
 * its database, leave-out rule applied), counted with the real Qwen2.5 tokenizer.
 *
 *   npx tsx bench/knowledge-rank.ts [questionsPerDb]
 */
import { performance } from 'node:perf_hooks';
import { prepareCallPrompt } from '../src/core/budget/call-prompt';
import { benchmarkMemory, leaveOut } from '../src/core/knowledge/leave-out';
import { exampleIndex, rankExamples } from '../src/core/knowledge/rank-examples';
import type { KnowledgeExample } from '../src/core/knowledge/types';
import {
  fewShotSettings,
  openBudgetDatabase,
  stageCalls,
} from '../src/test-support/budget-fixtures';
import { loadQwenCounter } from '../src/test-support/qwen-tokenizer';
import { spiderDatabasePath, spiderQuestions } from '../src/test-support/shared-data';

const perDb = Number(process.argv[2] ?? 5);
const questions = spiderQuestions();

function examplesOf(n: number): KnowledgeExample[] {
  // Spider's questions, repeated with a counter word, stand in for a person's many questions.
  return Array.from({ length: n }, (_, i) => {
    const q = questions[i % questions.length]!;
    return {
      id: String(i),
      question: i < questions.length ? q.question : `${q.question} (variant ${i})`,
      sql: q.query,
      hint: '',
      source: 'run' as const,
      addedAt: i,
    };
  });
}

console.log('Ranking examples for one question (MiniSearch BM25, k = 3):');
for (const n of [10, 1_000, 10_000]) {
  const examples = examplesOf(n);
  let started = performance.now();
  exampleIndex(examples);
  const build = performance.now() - started;
  const asked = questions.slice(0, 200).map((q) => q.question);
  started = performance.now();
  for (const q of asked) rankExamples(examples, q, { k: 3 });
  const per = (performance.now() - started) / asked.length;
  console.log(
    `  ${n.toLocaleString('en-US').padStart(6)} examples: index built once in ${build.toFixed(1)} ms, rank ${per.toFixed(2)} ms per question (mean of ${asked.length})`,
  );
}

const counter = await loadQwenCounter();
const gold = questions.map((q, i) => ({
  key: String(i),
  dbId: q.db_id,
  question: q.question,
  hint: '',
  sql: q.query,
}));
const memory = benchmarkMemory(gold);
const added: Record<string, number[]> = { schema_links: [], pseudo_sql: [], sql_generation: [] };
let withNone = 0;
const byDb = new Map<string, typeof gold>();
for (const q of gold) byDb.set(q.dbId, [...(byDb.get(q.dbId) ?? []), q]);
for (const [dbId, list] of byDb) {
  const db = await openBudgetDatabase(dbId, spiderDatabasePath(dbId));
  for (const q of list.slice(0, perDb)) {
    const knowledge = {
      examples: memory.get(dbId) ?? [],
      k: 3,
      descriptions: {},
      leaveOut: leaveOut(q),
    };
    for (const call of stageCalls(db.schema, q.question, '', q.sql)) {
      if (!(call.label in added)) continue;
      const inputs = {
        schema: db.schema,
        samples: db.samples,
        question: q.question,
        hint: '',
        settings: fewShotSettings(1024),
      };
      const budget = { counter, window: 32_768 };
      const without = prepareCallPrompt(call.prompt, inputs, budget);
      const withMemory = prepareCallPrompt(call.prompt, { ...inputs, knowledge }, budget);
      if (!without.ok || !withMemory.ok) continue;
      if ((withMemory.prompt.knowledge?.examples.length ?? 0) === 0) withNone++;
      added[call.label]!.push(
        (withMemory.prompt.budget?.promptTokens ?? 0) - (without.prompt.budget?.promptTokens ?? 0),
      );
    }
  }
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `mean ${mean.toFixed(0)}, median ${s[Math.floor(s.length / 2)]}, max ${s.at(-1)} tokens`;
};
console.log(
  `\nPrompt tokens memory adds (Spider dev, ${perDb} questions per database, k = 3, window 32,768):`,
);
for (const [label, xs] of Object.entries(added))
  console.log(`  ${label.padEnd(15)} ${stats(xs)} (${xs.length} calls)`);
console.log(`  calls with no similar example: ${withNone}`);
