/**
 * `npm run grammar -- --db file.sqlite [--tables a,b] [--frame sql|fenced|verdict]` prints the
 * grammar a constrained SQL answer is decoded with (the same builder the pipeline uses), and its
 * size on stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { grammarSchemaOf } from '../core/grammar/grammar-schema';
import { buildSqlGrammar, type AnswerFrame } from '../core/grammar/sql-grammar';
import { CORRECT_VERDICT } from '../core/pipeline/prompts';
import { loadSqlJs } from '../services/db/load-sql-js';
import { SqliteSession } from '../services/db/sqlite-session';

const USAGE =
  'Usage: npm run grammar -- --db file.sqlite [--tables a,b] [--frame sql|fenced|verdict]';

function frameOf(name: string): AnswerFrame {
  if (name === 'sql' || name === 'fenced') return { kind: name };
  if (name === 'verdict') return { kind: 'verdict', correctText: CORRECT_VERDICT };
  throw new Error(`Unknown frame "${name}": use sql, fenced or verdict.`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      tables: { type: 'string' },
      frame: { type: 'string', default: 'sql' },
    },
  });
  if (!values.db) throw new Error(USAGE);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(values.db));
  } catch {
    throw new Error(`Cannot read ${values.db}: check the path.`);
  }
  const session = await SqliteSession.open(await loadSqlJs(), bytes);
  const schema = grammarSchemaOf(session.readSchema(), values.tables?.split(','));
  if (Object.keys(schema).length === 0) throw new Error(`${values.db} has no tables.`);
  const grammar = buildSqlGrammar(schema, frameOf(values.frame ?? 'sql'));
  process.stdout.write(grammar.text);
  process.stderr.write(
    `${grammar.rules} rules, ${grammar.bytes.toLocaleString('en')} bytes, ${Object.keys(schema).length} tables\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
