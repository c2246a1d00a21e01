/**
 * The schema grammar per database: its size, the time to build it, the time XGrammar (the
 * engine WebLLM compiles it with) takes to parse it, and the time to check all of the
 * database's Spider dev gold SQL against it, one call per query and in one batch.
 *
 *   npx tsx bench/grammar.ts [--one-by-one]
 */
import { openTestDb } from '../src/test-support/open-test-db';
import {
  CHINOOK_PATH,
  NORTHWIND_PATH,
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../src/test-support/shared-data';
import { grammarAccepts, grammarAcceptsAll, xgrammar } from '../src/test-support/xgrammar';
import { buildSqlGrammar } from '../src/core/grammar/sql-grammar';
import { wholeSchema } from '../src/core/pipeline/simplify';

const oneByOne = process.argv.includes('--one-by-one');
const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();
const questions = spiderQuestions();

const rows: string[][] = [];
let totalBatch = 0;
let totalSingle = 0;
let totalChecked = 0;
const databases: [string, string][] = [
  ...spiderDatabaseIds().map((id): [string, string] => [id, spiderDatabasePath(id)]),
  ['chinook', CHINOOK_PATH],
  ['northwind', NORTHWIND_PATH],
];
for (const [name, path] of databases) {
  const schema = wholeSchema((await openTestDb(path)).readSchema());
  let t = performance.now();
  const grammar = buildSqlGrammar(schema, { kind: 'fenced' });
  const buildMs = performance.now() - t;
  t = performance.now();
  await xgrammar().Grammar.fromEBNF(grammar.text);
  const parseMs = performance.now() - t;
  const gold = questions.filter((q) => q.db_id === name).map((q) => oneLine(q.query));
  let batchMs = NaN;
  let singleMs = NaN;
  if (gold.length > 0) {
    const sqlGrammar = buildSqlGrammar(schema).text;
    t = performance.now();
    const ok = await grammarAcceptsAll(sqlGrammar, gold);
    batchMs = performance.now() - t;
    if (!ok) throw new Error(`${name}: the grammar refuses gold SQL`);
    totalBatch += batchMs;
    totalChecked += gold.length;
    if (oneByOne) {
      t = performance.now();
      for (const sql of gold) await grammarAccepts(sqlGrammar, sql);
      singleMs = performance.now() - t;
      totalSingle += singleMs;
    }
  }
  rows.push([
    name,
    String(Object.keys(schema).length),
    String(grammar.rules),
    (grammar.bytes / 1024).toFixed(1),
    buildMs.toFixed(1),
    parseMs.toFixed(0),
    String(gold.length),
    Number.isNaN(batchMs) ? '-' : batchMs.toFixed(0),
    Number.isNaN(singleMs) ? '-' : singleMs.toFixed(0),
  ]);
}
const header = [
  'database',
  'tables',
  'rules',
  'KiB',
  'build ms',
  'XGrammar parse ms',
  'gold',
  'batch check ms',
  'one-by-one ms',
];
console.log(header.join(' | '));
for (const row of rows) console.log(row.join(' | '));
console.log(
  `\n${totalChecked} gold queries accepted; batch check ${(totalBatch / 1000).toFixed(1)} s` +
    (oneByOne
      ? `, one by one ${(totalSingle / 1000).toFixed(1)} s`
      : ' (--one-by-one to time single calls)'),
);
