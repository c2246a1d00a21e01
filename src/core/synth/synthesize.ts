/**
 * Step 1, strong synthesis, in rounds: each round asks the strong model for pairs about the
 * tables and the difficulty the kept pairs cover least, checks every pair by running it, and
 * drops failures and near-duplicates. Rounds go on until N pairs are kept, a round adds nothing
 * new, or the round limit is met; the run state says which.
 */
import { AppError, isAbort, stoppedError, toErrorPayload } from '../errors';
import type { ChatModel } from '../llm/chat';
import { completeChat } from '../llm/complete';
import { chatRequest } from '../pipeline/prompts';
import { sqlReads } from '../sql/sql-reads';
import type { DbSchema, TableInfo } from '../schema/types';
import type { SqlExecutor } from '../sql/result';
import { parseSynthesizedPairs } from './parse-pairs';
import { buildSynthesisPrompt } from './prompts';
import {
  DIFFICULTIES,
  type Difficulty,
  type RoundRecord,
  type SynthPair,
  type SynthRunState,
} from './types';
import { checkPair, DuplicateIndex } from './validate';

/** How many tables one round centres on. */
export const FOCUS_TABLES = 3;
/** Synthesis wants variety: a warmer temperature than the pipeline's near-greedy one. */
export const SYNTHESIS_TEMPERATURE = 0.8;
/** Room for a round's JSON array (about 150 tokens a pair). */
export const SYNTHESIS_MAX_TOKENS = 4096;

export interface SynthesisDeps {
  strong: ChatModel;
  db: SqlExecutor;
  schema: DbSchema;
  /** The schema text for a prompt about these tables (the full schema when it fits). */
  schemaText: (focusTables: string[]) => string;
}

export interface StepOptions {
  signal?: AbortSignal;
  /** Called with a fresh snapshot whenever something was added (save it, show it). */
  onUpdate?: (state: SynthRunState) => void;
}

export interface RoundPlan {
  focusTables: string[];
  difficulty: Difficulty;
  count: number;
}

/** Tables a question can be about: real tables that hold rows. */
export function askableTables(schema: DbSchema): TableInfo[] {
  return schema.tables.filter(
    (t) => t.kind === 'table' && !t.name.toLowerCase().startsWith('sqlite_') && t.rowCount !== 0,
  );
}

/** The next round: the least-covered tables and difficulty, turning through ties round by round. */
export function planRound(state: SynthRunState, schema: DbSchema): RoundPlan {
  const tables = askableTables(schema);
  const roundIndex = state.rounds.length;
  const tableUse = new Map(tables.map((t) => [t.name, 0]));
  const difficultyUse = new Map(DIFFICULTIES.map((d) => [d, 0]));
  for (const pair of state.pairs) {
    for (const name of sqlReads(pair.sql, schema).tables)
      if (tableUse.has(name)) tableUse.set(name, (tableUse.get(name) ?? 0) + 1);
    const difficulty = pair.difficulty ?? 'simple';
    difficultyUse.set(difficulty, (difficultyUse.get(difficulty) ?? 0) + 1);
  }
  const rotate = (index: number, length: number, by: number) =>
    (((index - by) % length) + length) % length;
  const focusTables = tables
    .map((t, i) => ({
      name: t.name,
      use: tableUse.get(t.name) ?? 0,
      turn: rotate(i, tables.length, roundIndex * FOCUS_TABLES),
    }))
    .sort((a, b) => a.use - b.use || a.turn - b.turn)
    .slice(0, FOCUS_TABLES)
    .map((t) => t.name);
  const difficulty = [...DIFFICULTIES]
    .map((d, i) => ({
      d,
      use: difficultyUse.get(d) ?? 0,
      turn: rotate(i, DIFFICULTIES.length, roundIndex),
    }))
    .sort((a, b) => a.use - b.use || a.turn - b.turn)[0]?.d as Difficulty;
  const missing = state.settings.target - state.pairs.length;
  return {
    focusTables,
    difficulty,
    count: Math.max(1, Math.min(state.settings.pairsPerRound, missing)),
  };
}

function indexOf(state: SynthRunState): DuplicateIndex {
  const index = new DuplicateIndex();
  for (const pair of state.pairs) index.add(pair.id, pair);
  return index;
}

/** Whether synthesis has more to do (a resumed run, or a higher target than before). */
export function synthesisPending(state: SynthRunState): boolean {
  if (state.pairs.length >= state.settings.target) return false;
  return state.end === null || state.end === 'reached_target';
}

export async function synthesize(
  initial: SynthRunState,
  deps: SynthesisDeps,
  options: StepOptions = {},
): Promise<SynthRunState> {
  let state = structuredClone(initial);
  if (askableTables(deps.schema).length === 0) {
    throw new AppError(
      'unknown',
      'The database has no table with rows to ask about.',
      'Open a database whose tables hold data.',
    );
  }
  if (!synthesisPending(state)) {
    if (state.pairs.length >= state.settings.target) state.end = 'reached_target';
    return state;
  }
  state.end = null;
  const duplicates = indexOf(state);
  while (state.pairs.length < state.settings.target) {
    if (state.rounds.length >= state.settings.maxRounds) {
      state.end = 'round_limit';
      break;
    }
    if (options.signal?.aborted) throw stoppedError();
    const plan = planRound(state, deps.schema);
    const round: RoundRecord = {
      index: state.rounds.length + 1,
      focusTables: plan.focusTables,
      difficulty: plan.difficulty,
      asked: plan.count,
      written: 0,
      kept: 0,
      error: null,
    };
    const messages = buildSynthesisPrompt({
      schemaText: deps.schemaText(plan.focusTables),
      count: plan.count,
      focusTables: plan.focusTables,
      difficulty: plan.difficulty,
      withEvidence: state.settings.withEvidence,
      avoid: state.pairs.map((p) => p.question),
    });
    let answer: string;
    try {
      const request = chatRequest(messages, {
        temperature: SYNTHESIS_TEMPERATURE,
        topP: 0.95,
        maxTokens: SYNTHESIS_MAX_TOKENS,
      });
      answer = (await completeChat(deps.strong, request, options.signal)).text;
    } catch (error) {
      // A failed call is not "nothing new": the run stops here and can be resumed.
      if (isAbort(error)) throw stoppedError();
      throw error;
    }
    let written: ReturnType<typeof parseSynthesizedPairs>['pairs'] = [];
    try {
      written = parseSynthesizedPairs(answer).pairs;
    } catch (error) {
      round.error = toErrorPayload(error);
    }
    round.written = written.length;
    for (const raw of written) {
      if (state.pairs.length >= state.settings.target) break;
      const pair = { ...raw, difficulty: raw.difficulty ?? plan.difficulty };
      const check = await checkPair(deps.db, pair, state.settings.sqlTimeoutMs);
      if (!check.ok) {
        state.dropped.push({
          ...pair,
          round: round.index,
          reason: check.reason,
          detail: check.detail,
        });
        continue;
      }
      const candidate = { question: pair.question, sql: pair.sql, resultKey: check.resultKey };
      const repeated = duplicates.repeats(candidate);
      if (repeated !== null) {
        state.dropped.push({
          ...pair,
          round: round.index,
          reason: 'duplicate',
          detail: `Repeats ${repeated}.`,
        });
        continue;
      }
      const kept: SynthPair = {
        ...pair,
        id: `p${state.nextId++}`,
        round: round.index,
        rowCount: check.result.rows.length,
        resultKey: check.resultKey,
        judge: null,
        weak: null,
        review: 'none',
        edited: false,
      };
      duplicates.add(kept.id, kept);
      state.pairs.push(kept);
      round.kept++;
    }
    state.rounds.push(round);
    if (round.kept === 0 && state.pairs.length < state.settings.target) state.end = 'no_new_pairs';
    options.onUpdate?.(structuredClone(state));
    if (state.end !== null) break;
  }
  if (state.pairs.length >= state.settings.target) state.end = 'reached_target';
  state = structuredClone(state);
  options.onUpdate?.(state);
  return state;
}
