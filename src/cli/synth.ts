/**
 * `npm run synth`: training data from a SQLite file, with the same core as the Data view.
 * Flags in, steps run (synthesis, judge, weak answers), files out; the run state is saved in
 * --out after every round and every pair, so running the same command again resumes.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, isAbort, toAppError } from '../core/errors';
import { countRun, databaseId } from '../core/synth/export';
import { awaitingJudge, judgePairs } from '../core/synth/judge';
import {
  parseRunState,
  resumeWith,
  RUN_STATE_FILE,
  serializeRunState,
} from '../core/synth/run-state';
import { buildExport, prepareDatabase, stepDeps } from '../core/synth/session';
import { synthesize } from '../core/synth/synthesize';
import {
  DEFAULT_SYNTH_SETTINGS,
  emptyRunState,
  type SynthRunState,
  type SynthSettings,
} from '../core/synth/types';
import { answerWithWeakModel, awaitingWeak } from '../core/synth/weak';
import { openDatabaseFile } from '../services/db/node-db-worker';
import { OpenAiEngine } from '../services/llm/openai-engine';
import type { ChatModel } from '../core/llm/chat';
import { EndpointPool } from '../core/llm/endpoint-pool';
import { policyWithRetries } from '../core/llm/retry';
import { RETRIES_USAGE, RetryCounter, retryOptionsFrom } from './cli-retries';

const USAGE = `Usage: npm run synth -- --db file.sqlite --strong-endpoint URL --strong-model M
  [--strong-api-key-env VAR] [--judge-endpoint URL --judge-model M --judge-api-key-env VAR]
  [--weak-endpoint URL --weak-model M --weak-api-key-env VAR]
  [--n 200] [--k 1] [--out dir] [--concurrency 4] [--pairs-per-round 10] [--max-rounds 30]
  [--timeout-ms 5000] [--no-evidence] ${RETRIES_USAGE}
Repeat an --*-endpoint for replicas of one model: calls are spread over them, --concurrency each.
Keys are read from the named environment variables, never from the command line.
Exit code 3: some weak answers were not scored (a server error outlasted the retries); run again.`;

const { values: flags } = parseArgs({
  options: {
    db: { type: 'string' },
    'strong-endpoint': { type: 'string', multiple: true },
    'strong-model': { type: 'string' },
    'strong-api-key-env': { type: 'string' },
    'judge-endpoint': { type: 'string', multiple: true },
    'judge-model': { type: 'string' },
    'judge-api-key-env': { type: 'string' },
    'weak-endpoint': { type: 'string', multiple: true },
    'weak-model': { type: 'string' },
    'weak-api-key-env': { type: 'string' },
    n: { type: 'string' },
    k: { type: 'string' },
    out: { type: 'string', default: 'synth-out' },
    concurrency: { type: 'string' },
    'pairs-per-round': { type: 'string' },
    'max-rounds': { type: 'string' },
    'timeout-ms': { type: 'string' },
    'no-evidence': { type: 'boolean', default: false },
    retries: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function count(name: string, fallback: number): number {
  const raw = flags[name as keyof typeof flags];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    fail(`--${name} must be a whole number of at least 1.`);
  return value;
}

const retried = new RetryCounter();
const concurrencyEach = count('concurrency', DEFAULT_SYNTH_SETTINGS.concurrency);

/** Pools made for replicas, for the progress lines. */
const pools: { role: string; pool: EndpointPool }[] = [];

function engine(prefix: 'strong' | 'judge' | 'weak'): ChatModel | null {
  const endpoints = flags[`${prefix}-endpoint`];
  const model = flags[`${prefix}-model`];
  if (endpoints === undefined && model === undefined) return null;
  if (!endpoints?.length || !model) fail(`--${prefix}-endpoint and --${prefix}-model go together.`);
  const keyVar = flags[`${prefix}-api-key-env`];
  if (keyVar && process.env[keyVar] === undefined)
    fail(`--${prefix}-api-key-env names ${keyVar}, which is not set.`);
  const retry = retryOptions();
  const server = (endpoint: string, oneTry: boolean) =>
    new OpenAiEngine({
      endpoint,
      model,
      apiKey: keyVar ? process.env[keyVar] : undefined,
      pageOrigin: null,
      // Replicas make one try each: the pool holds the retry policy and moves a failed call on.
      retry: oneTry ? { ...retry, policy: policyWithRetries(0) } : retry,
    });
  if (endpoints.length === 1) return server(endpoints[0] as string, false);
  const pool = new EndpointPool(
    endpoints.map((endpoint) => {
      const member = server(endpoint, true);
      return { label: new URL(member.baseUrl).host, model: member, concurrency: concurrencyEach };
    }),
    retry,
  );
  pools.push({ role: prefix, pool });
  return pool;
}

function retryOptions() {
  const options = retryOptionsFrom(flags.retries, retried);
  return typeof options === 'string' ? fail(options) : options;
}

/** "  strong: a:8000 2/4 · b:8000 4/4" per pool, for the progress lines. */
function endpointsLine(): string {
  return pools.map(({ role, pool }) => `\n  ${role}: ${pool.statusLine()}`).join('');
}

function saveState(out: string, state: SynthRunState): void {
  // Written aside, then renamed: a run stopped mid-write never leaves half a state file.
  const path = join(out, RUN_STATE_FILE);
  writeFileSync(`${path}.tmp`, serializeRunState(state));
  renameSync(`${path}.tmp`, path);
}

async function main(): Promise<number> {
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  if (!flags.db) fail('--db is required.');
  const strong = engine('strong') ?? fail('--strong-endpoint and --strong-model are required.');
  const judge = engine('judge') ?? undefined;
  const weak = engine('weak');
  const settings: SynthSettings = {
    ...DEFAULT_SYNTH_SETTINGS,
    target: count('n', 200),
    samples: count('k', DEFAULT_SYNTH_SETTINGS.samples),
    // Each replica takes --concurrency calls at once.
    concurrency: Math.max(concurrencyEach, ...pools.map((p) => p.pool.concurrency)),
    pairsPerRound: count('pairs-per-round', DEFAULT_SYNTH_SETTINGS.pairsPerRound),
    maxRounds: count('max-rounds', DEFAULT_SYNTH_SETTINGS.maxRounds),
    sqlTimeoutMs: count('timeout-ms', DEFAULT_SYNTH_SETTINGS.sqlTimeoutMs),
    withEvidence: !flags['no-evidence'],
  };
  const out = flags.out as string;
  mkdirSync(out, { recursive: true });

  const opened = await openDatabaseFile(flags.db);
  const statePath = join(out, RUN_STATE_FILE);
  const dbId = databaseId(opened.name);
  let state = emptyRunState(dbId, settings);
  if (existsSync(statePath)) {
    const saved = parseRunState(readFileSync(statePath, 'utf8'));
    if (saved.dbId !== dbId) {
      throw new AppError(
        'unknown',
        `${statePath} belongs to the database "${saved.dbId}", not "${dbId}".`,
        'Pick another --out folder for this database.',
      );
    }
    state = resumeWith(saved, settings);
    console.log(`Resuming from ${statePath}: ${state.pairs.length} pairs so far.`);
  }

  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const database = await prepareDatabase(opened.client, opened.schema);
  const deps = stepDeps(database, { strong, judge, weak });
  const progress = (next: SynthRunState) => {
    state = next;
    saveState(out, state);
  };
  const options = { signal: controller.signal, onUpdate: progress };

  try {
    let lastRound = state.rounds.length;
    state = await synthesize(state, deps.synthesis, {
      ...options,
      onUpdate: (next) => {
        progress(next);
        for (const round of next.rounds.slice(lastRound)) {
          console.log(
            `Round ${round.index} (${round.difficulty}; ${round.focusTables.join(', ')}): asked ${round.asked}, written ${round.written}, kept ${round.kept}; ${next.pairs.length}/${next.settings.target} pairs; retries ${retried.total}.${endpointsLine()}`,
          );
        }
        lastRound = next.rounds.length;
      },
    });
    saveState(out, state);
    console.log(`Judging ${awaitingJudge(state).length} pairs...`);
    state = await judgePairs(state, deps.judge, options);
    saveState(out, state);
    if (deps.weak) {
      console.log(
        `Weak answers for ${awaitingWeak(state).length} questions (${settings.samples} each)...`,
      );
      state = await answerWithWeakModel(state, deps.weak, options);
      saveState(out, state);
    } else {
      console.log('No weak model (--weak-endpoint, --weak-model): no preference pairs.');
    }
  } catch (error) {
    if (isAbort(error) || controller.signal.aborted) {
      console.error(`Stopped. Run the same command again to resume from ${out}.`);
      return 130;
    }
    throw error;
  }

  const { files } = await buildExport(state, database);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  console.log(`\n${files['summary.md']}`);
  console.log(`Files written to ${out}: ${Object.keys(files).join(', ')}.`);
  console.log(retried.line());
  const unscored = countRun(state).weakUnscored;
  if (unscored > 0) {
    console.log(
      `${unscored} weak answers not scored (server error): run the same command again to ask for them again.`,
    );
    return 3;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const failure = toAppError(error);
    console.error(`Error: ${failure.message}${failure.nextStep ? `\n${failure.nextStep}` : ''}`);
    if (failure.detail) console.error(failure.detail);
    process.exit(1);
  },
);
