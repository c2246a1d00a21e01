/**
 * Fitting one call into the model's window: prompt tokens + answer room (max_tokens) must not
 * exceed it. A prompt is built from named parts (the schema text, the worked examples, a
 * follow-up's earlier turns); the question, the hint and the SQL under review are fixed parts of
 * the builder and never cut. When over, the prompt shrinks in this order:
 *   0. a follow-up's earlier turns, oldest first (all of them go before the schema shrinks: the
 *      schema is what the query is written against, the earlier turns only help read the question)
 *   0a. remembered examples of this database, least similar first (issue 19: fewer examples
 *      first, then descriptions, before any of the schema)
 *   0b. table and column descriptions, those of the least related tables first
 * then in PIPELINE.md's order, least related tables first:
 *   1. sample rows, table by table (3 -> 1, or 5 -> 1 on the simplified schema)
 *   2. long values in the sample rows shortened
 *   3. the worked examples dropped
 *   4. whole tables left out, least related to the question first (relevance.ts: the tables a
 *      kept table's foreign keys point to rank right after it, so they go later)
 *   5. the last sample rows
 * Room freed by leaving tables out is then given back (examples, values, rows of the most
 * related tables first; remembered examples and descriptions before rows; earlier turns last,
 * newest first). When even the smallest prompt cannot
 * fit, nothing is sent.
 *
 * To add a part the budget may drop, do as the earlier turns do: a field in PromptParts that the
 * builders honour, a step in the ladder (`shrinkSteps`) and one in `giveBack`.
 */
import { AppError } from '../errors';
import type { ChatMessage } from '../llm/chat';
import type { SimplifiedSchema } from '../schema/types';
import type { EarlierTurn } from '../thread/earlier-turn';
import {
  createTableText,
  joinSchemaText,
  sampleLineText,
  SAMPLE_ROWS_HEADER,
  SAMPLE_TEXT_LIMIT,
  SHORT_SAMPLE_TEXT_LIMIT,
  shownTables,
  type SampleRows,
} from '../schema/schema-text';
import { notesFor } from '../knowledge/descriptions';
import type { MemoryShot, SchemaDescriptions } from '../knowledge/types';
import { describedCount } from '../schema/schema-text';
import { entryFor } from '../schema/lookup';
import type { DbSchema, TableInfo } from '../schema/types';
import { countChatTokens, type TokenCounter } from '../tokens/token-counter';
import { rankTables } from './relevance';

/** The parts of a prompt the budget decides; everything else in the builder is fixed. */
export interface PromptParts {
  schemaText: string;
  examples: boolean;
  /** The earlier turns kept (the newest ones), oldest first; empty for a first question. */
  earlier: readonly EarlierTurn[];
  /** The remembered examples kept (the most similar ones), most similar first. */
  memory: readonly MemoryShot[];
}

export type PromptBuilder = (parts: PromptParts) => ChatMessage[];

export interface SchemaSource {
  schema: DbSchema;
  samples?: SampleRows;
  /** The simplified schema; null for the full one. */
  kept: SimplifiedSchema | null;
  /** Sample rows per table before any shrinking. */
  sampleRows: number;
}

export interface FitRequest {
  build: PromptBuilder;
  /** The worked examples are wanted (few-shot prompt style). */
  examples: boolean;
  source: SchemaSource;
  question: string;
  hint: string;
  /** A follow-up's earlier turns, oldest first: dropped oldest first before the schema shrinks. */
  earlier?: readonly EarlierTurn[];
  /** Tables never left out (those the SQL under review reads). */
  pinnedTables?: readonly string[];
  /** Remembered examples ranked for this call, most similar first: dropped least similar first. */
  memory?: readonly MemoryShot[];
  /** What tables and columns mean, shown beside them: dropped least related table first. */
  descriptions?: SchemaDescriptions | null;
  counter: TokenCounter;
  window: number;
  answerTokens: number;
  /**
   * Tokens held back because the engine's own tokenizer (a server's /tokenize) counts this kind
   * of prompt longer than `counter` does; 0 when they agree or the engine cannot say.
   */
  reserve?: number;
}

/** The prompt tokens a request may spend: the window less the answer room and the reserve. */
function promptRoom(request: FitRequest): number {
  return request.window - request.answerTokens - (request.reserve ?? 0);
}

/** What the budget did to one prompt, for the card. */
export interface FitSummary {
  window: number;
  answerTokens: number;
  /** The prompt's tokens as counted before sending (chat template included). */
  promptTokens: number;
  /** Whose tokenizer counted. */
  countedBy: string;
  rowsFrom: number;
  /** Tables whose sample rows were cut to one / dropped. */
  rowsCutTables: number;
  rowsDroppedTables: number;
  valuesShortenedTables: number;
  examplesDropped: boolean;
  tablesLeftOut: number;
  tablesTotal: number;
  /** A follow-up's earlier turns left out (the oldest ones), of all it had. */
  turnsLeftOut: number;
  turnsTotal: number;
  /** Remembered examples shown, and those left out (the least similar), of those ranked. */
  memoryKept: number;
  memoryLeftOut: number;
  /** Columns (and tables) whose descriptions are shown; tables whose descriptions were left out. */
  describedColumns: number;
  describedTables: number;
  descriptionTablesLeftOut: number;
}

export type FitResult =
  | { ok: true; messages: ChatMessage[]; summary: FitSummary; tablesKept: string[] }
  | { ok: false; error: AppError; smallestTokens: number };

const fmt = (n: number) => n.toLocaleString('en-US');

/** "fitted to 4,096: sample rows 3→1 on 9 tables, examples dropped, 41 of 88 tables left out ..." */
export function fitNote(summary: FitSummary): string | null {
  const done: string[] = [];
  if (summary.turnsLeftOut > 0)
    done.push(
      summary.turnsLeftOut === summary.turnsTotal
        ? `${turnsText(summary.turnsLeftOut)} left out`
        : `${fmt(summary.turnsLeftOut)} of ${turnsText(summary.turnsTotal)} left out (the oldest)`,
    );
  if (summary.memoryLeftOut > 0)
    done.push(
      `${fmt(summary.memoryLeftOut)} of ${plural(summary.memoryLeftOut + summary.memoryKept, 'remembered example')} left out (the least similar)`,
    );
  if (summary.descriptionTablesLeftOut > 0)
    done.push(
      `descriptions of ${plural(summary.descriptionTablesLeftOut, 'table')} left out (the least related)`,
    );
  if (summary.rowsCutTables > 0)
    done.push(`sample rows ${summary.rowsFrom}→1 on ${plural(summary.rowsCutTables, 'table')}`);
  if (summary.rowsDroppedTables > 0)
    done.push(`sample rows dropped on ${plural(summary.rowsDroppedTables, 'table')}`);
  if (summary.valuesShortenedTables > 0)
    done.push(`long values shortened on ${plural(summary.valuesShortenedTables, 'table')}`);
  if (summary.examplesDropped) done.push('examples dropped');
  if (summary.tablesLeftOut > 0)
    done.push(
      `${fmt(summary.tablesLeftOut)} of ${fmt(summary.tablesTotal)} tables left out as least related to the question`,
    );
  return done.length === 0 ? null : `fitted to ${fmt(summary.window)}: ${done.join(', ')}`;
}

const plural = (n: number, word: string) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
const turnsText = (n: number) => (n === 1 ? '1 earlier turn' : `${fmt(n)} earlier turns`);

interface FitState {
  keptCount: number;
  rows: Map<string, number>;
  textLimit: Map<string, number>;
  examples: boolean;
  /** How many of the newest earlier turns are kept. */
  turns: number;
  /** How many of the most similar remembered examples are kept. */
  memory: number;
  /** Tables (in relevance order) up to this index show their descriptions. */
  described: number;
}

export function fitPrompt(request: FitRequest): FitResult {
  const { source, counter, build } = request;
  const room = promptRoom(request);
  const tables = shownTables(source.schema, source.kept);
  const tableByName = new Map(tables.map((t) => [t.name, t]));
  const order = rankTables(tables, {
    question: request.question,
    hint: request.hint,
    samples: source.samples,
    pinned: request.pinnedTables,
  });
  const pinnedCount = (request.pinnedTables ?? []).filter((name) =>
    tables.some((t) => t.name.toLowerCase() === name.toLowerCase()),
  ).length;
  const minKept = Math.min(order.length, Math.max(1, pinnedCount));

  const earlier = request.earlier ?? [];
  const keptTurns = (count: number) => earlier.slice(earlier.length - count);
  const memory = request.memory ?? [];
  const none = { schemaText: '', examples: false, earlier: [], memory: [] };
  const fixed = countChatTokens(counter, build(none));
  const examplesCost = request.examples
    ? countChatTokens(counter, build({ ...none, examples: true })) - fixed
    : 0;
  const notesOf = (table: TableInfo) => notesFor(request.descriptions, table.name);
  // What keeping the `count` most similar examples costs, counted once per count.
  const memoryCost = new Map<number, number>([[0, 0]]);
  const memoryTokens = (count: number) => {
    let n = memoryCost.get(count);
    if (n === undefined) {
      n = countChatTokens(counter, build({ ...none, memory: memory.slice(0, count) })) - fixed;
      memoryCost.set(count, n);
    }
    return n;
  };
  // What keeping the newest `count` earlier turns costs, counted once per count.
  const turnsCost = new Map<number, number>([[0, 0]]);
  const earlierTokens = (count: number) => {
    let n = turnsCost.get(count);
    if (n === undefined) {
      const messages = build({ ...none, earlier: keptTurns(count) });
      n = countChatTokens(counter, messages) - fixed;
      turnsCost.set(count, n);
    }
    return n;
  };

  // Piece counts, each text counted once per fit (and the counter may remember across fits).
  const pieceCache = new Map<string, number>();
  const createTokens = (table: TableInfo, described = false) => {
    const notes = described ? notesOf(table) : undefined;
    const key = `c|${notes ? 'd' : ''}|${table.name}`;
    let n = pieceCache.get(key);
    if (n === undefined) {
      n = counter.count(createTableText(source.schema, table, source.kept, notes)) + 1;
      pieceCache.set(key, n);
    }
    return n;
  };
  const sampleTokens = (table: TableInfo, rows: number, limit: number) => {
    if (rows <= 0) return 0;
    const key = `s|${table.name}|${rows}|${limit}`;
    let n = pieceCache.get(key);
    if (n === undefined) {
      const line = sampleLineText(table, source.samples, source.kept, rows, limit);
      n = line === null ? 0 : counter.count(line) + 1;
      pieceCache.set(key, n);
    }
    return n;
  };
  const headerTokens = counter.count(SAMPLE_ROWS_HEADER) + 2;

  // Tables past the point where their CREATE statements alone overflow can never be kept.
  let keptCount = order.length;
  let running = fixed;
  for (let i = 0; i < order.length; i++) {
    running += createTokens(tableByName.get(order[i] as string) as TableInfo);
    if (running > room && i >= minKept) {
      keptCount = i;
      break;
    }
  }

  const state: FitState = {
    keptCount,
    rows: new Map(order.map((name) => [name, source.sampleRows])),
    textLimit: new Map(order.map((name) => [name, SAMPLE_TEXT_LIMIT])),
    examples: request.examples,
    turns: earlier.length,
    memory: memory.length,
    described: order.length,
  };

  // The kept tables' tokens, kept up to date move by move (a move changes one table, or the
  // count of kept tables), so that an estimate costs the same on 6 tables as on 600.
  const indexOf = new Map(order.map((name, i) => [name, i]));
  const tableCost: number[] = [];
  const tableSampled: boolean[] = [];
  let keptTablesTokens = 0;
  let keptTablesSampled = 0;
  const recost = (i: number) => {
    const name = order[i] as string;
    const table = tableByName.get(name) as TableInfo;
    const sample = sampleTokens(
      table,
      state.rows.get(name) ?? 0,
      state.textLimit.get(name) ?? SAMPLE_TEXT_LIMIT,
    );
    const cost = createTokens(table, i < state.described) + sample;
    if (i < state.keptCount) {
      keptTablesTokens += cost - (tableCost[i] ?? 0);
      keptTablesSampled += (sample > 0 ? 1 : 0) - (tableSampled[i] ? 1 : 0);
    }
    tableCost[i] = cost;
    tableSampled[i] = sample > 0;
  };
  for (let i = 0; i < state.keptCount; i++) recost(i);

  const setRows = (name: string, rows: number) => {
    state.rows.set(name, rows);
    const i = indexOf.get(name) as number;
    if (i < state.keptCount) recost(i);
  };
  const setTextLimit = (name: string, limit: number) => {
    state.textLimit.set(name, limit);
    const i = indexOf.get(name) as number;
    if (i < state.keptCount) recost(i);
  };
  /** The first `count` tables in relevance order show their descriptions. */
  const setDescribed = (count: number) => {
    const [from, to] = [Math.min(count, state.described), Math.max(count, state.described)];
    state.described = count;
    for (let i = from; i < Math.min(to, state.keptCount); i++) recost(i);
  };
  /** Leaves out the least related kept table (the ladder only ever takes tables away). */
  const dropLastTable = () => {
    state.keptCount--;
    keptTablesTokens -= tableCost[state.keptCount] ?? 0;
    if (tableSampled[state.keptCount]) keptTablesSampled--;
  };

  const estimate = (): number =>
    fixed +
    (state.examples ? examplesCost : 0) +
    earlierTokens(state.turns) +
    memoryTokens(state.memory) +
    keptTablesTokens +
    (keptTablesSampled > 0 ? headerTokens : 0);

  const keptNames = () => order.slice(0, state.keptCount);
  const render = (): ChatMessage[] => {
    const kept = new Set(keptNames());
    const keptSchema: SimplifiedSchema = {};
    for (const table of tables) {
      if (!kept.has(table.name)) continue;
      keptSchema[table.name] = source.kept ? (entryFor(source.kept, table.name) ?? []) : [];
    }
    const shown = shownTables(source.schema, keptSchema);
    const described = new Set(order.slice(0, state.described));
    const creates = shown.map((t) =>
      createTableText(source.schema, t, keptSchema, described.has(t.name) ? notesOf(t) : undefined),
    );
    const lines = shown
      .map((t) =>
        sampleLineText(
          t,
          source.samples,
          keptSchema,
          state.rows.get(t.name) ?? 0,
          state.textLimit.get(t.name) ?? SAMPLE_TEXT_LIMIT,
        ),
      )
      .filter((line): line is string => line !== null);
    return build({
      schemaText: joinSchemaText(creates, lines),
      examples: state.examples,
      earlier: keptTurns(state.turns),
      memory: memory.slice(0, state.memory),
    });
  };

  // The ladder, one small move at a time, least related tables first.
  function* shrinkSteps(): Generator<void> {
    while (state.turns > 0) {
      state.turns--;
      yield;
    }
    while (state.memory > 0) {
      state.memory--;
      yield;
    }
    while (state.described > 0) {
      setDescribed(state.described - 1);
      const table = tableByName.get(order[state.described] as string) as TableInfo;
      // A table with nothing said about it frees nothing: pass over it in the same move.
      if (!notesOf(table)) continue;
      yield;
    }
    const keptDesc = () => keptNames().slice().reverse();
    for (const name of keptDesc()) {
      const before = state.rows.get(name) ?? 0;
      if (before <= 1) continue;
      setRows(name, 1);
      yield;
    }
    for (const name of keptDesc()) {
      if ((state.rows.get(name) ?? 0) === 0) continue;
      const table = tableByName.get(name) as TableInfo;
      const before = state.textLimit.get(name) ?? SAMPLE_TEXT_LIMIT;
      if (before <= SHORT_SAMPLE_TEXT_LIMIT) continue;
      const long = sampleTokens(table, state.rows.get(name) ?? 0, before);
      const short = sampleTokens(table, state.rows.get(name) ?? 0, SHORT_SAMPLE_TEXT_LIMIT);
      if (short >= long) continue;
      setTextLimit(name, SHORT_SAMPLE_TEXT_LIMIT);
      yield;
    }
    if (state.examples) {
      state.examples = false;
      yield;
    }
    while (state.keptCount > minKept) {
      dropLastTable();
      yield;
    }
    for (const name of keptDesc()) {
      if ((state.rows.get(name) ?? 0) === 0) continue;
      setRows(name, 0);
      yield;
    }
  }

  const ladder = shrinkSteps();
  const shrinkTo = (limit: number): boolean => {
    let current = estimate();
    while (current > limit) {
      if (ladder.next().done) return false;
      current = estimate();
    }
    return true;
  };

  // Give back what leaving tables out made room for: examples, then values and rows of the
  // most related tables.
  const giveBack = (limit: number) => {
    const tryChange = (apply: () => void, undo: () => void) => {
      apply();
      if (estimate() > limit) undo();
    };
    if (request.examples && !state.examples)
      tryChange(
        () => (state.examples = true),
        () => (state.examples = false),
      );
    // The most similar examples, then the descriptions of the most related tables.
    while (state.memory < memory.length) {
      state.memory++;
      if (estimate() <= limit) continue;
      state.memory--;
      break;
    }
    while (state.described < order.length) {
      setDescribed(state.described + 1);
      if (estimate() <= limit) continue;
      setDescribed(state.described - 1);
      break;
    }
    for (const name of keptNames()) {
      const rows = state.rows.get(name) ?? 0;
      if (rows === 0)
        tryChange(
          () => setRows(name, 1),
          () => setRows(name, 0),
        );
    }
    for (const name of keptNames()) {
      const limitBefore = state.textLimit.get(name) ?? SAMPLE_TEXT_LIMIT;
      if (limitBefore < SAMPLE_TEXT_LIMIT && (state.rows.get(name) ?? 0) > 0)
        tryChange(
          () => setTextLimit(name, SAMPLE_TEXT_LIMIT),
          () => setTextLimit(name, limitBefore),
        );
    }
    for (const name of keptNames()) {
      const rows = state.rows.get(name) ?? 0;
      if (rows > 0 && rows < source.sampleRows)
        tryChange(
          () => setRows(name, source.sampleRows),
          () => setRows(name, rows),
        );
    }
    // Earlier turns last, the newest first (the kept ones are always the newest).
    while (state.turns < earlier.length) {
      state.turns++;
      if (estimate() <= limit) continue;
      state.turns--;
      break;
    }
  };

  let fits = shrinkTo(room);
  if (fits && state.keptCount < order.length) giveBack(room);
  // The estimate adds pieces counted apart; check the prompt as the model will see it.
  let messages = render();
  let exact = countChatTokens(counter, messages);
  for (let attempt = 0; fits && exact > room && attempt < 50; attempt++) {
    fits = shrinkTo(estimate() - 1);
    messages = render();
    exact = countChatTokens(counter, messages);
  }
  if (exact > room) {
    return { ok: false, error: unfittableError(exact, request), smallestTokens: exact };
  }

  const kept = keptNames();
  const summary: FitSummary = {
    window: request.window,
    answerTokens: request.answerTokens,
    promptTokens: exact,
    countedBy: counter.source,
    rowsFrom: source.sampleRows,
    rowsCutTables: kept.filter((n) => {
      const rows = state.rows.get(n) ?? 0;
      return rows > 0 && rows < source.sampleRows && hasSamples(n);
    }).length,
    rowsDroppedTables: kept.filter((n) => (state.rows.get(n) ?? 0) === 0 && hasSamples(n)).length,
    valuesShortenedTables: kept.filter(
      (n) =>
        (state.textLimit.get(n) ?? SAMPLE_TEXT_LIMIT) < SAMPLE_TEXT_LIMIT &&
        (state.rows.get(n) ?? 0) > 0,
    ).length,
    examplesDropped: request.examples && !state.examples,
    tablesLeftOut: order.length - kept.length,
    tablesTotal: order.length,
    turnsLeftOut: earlier.length - state.turns,
    turnsTotal: earlier.length,
    memoryKept: state.memory,
    memoryLeftOut: memory.length - state.memory,
    ...describedSummary(kept),
  };
  return { ok: true, messages, summary, tablesKept: kept };

  function describedSummary(kept: string[]) {
    let describedColumns = 0;
    let describedTables = 0;
    let descriptionTablesLeftOut = 0;
    kept.forEach((name, i) => {
      const table = tableByName.get(name) as TableInfo;
      const count = describedCount(table, source.kept, notesOf(table));
      if (count === 0) return;
      if (i < state.described) {
        describedColumns += count;
        describedTables++;
      } else descriptionTablesLeftOut++;
    });
    return { describedColumns, describedTables, descriptionTablesLeftOut };
  }

  function hasSamples(name: string): boolean {
    return (source.samples?.get(name)?.length ?? 0) > 0;
  }
}

function unfittableError(smallest: number, request: FitRequest): AppError {
  const room = promptRoom(request);
  const reserve = request.reserve
    ? ` and ${fmt(request.reserve)} held back because the engine's tokenizer counts longer`
    : '';
  return new AppError(
    'context_overflow',
    `Not sent: even the smallest prompt for this call takes ${fmt(smallest)} tokens, and the model's window of ${fmt(request.window)} tokens leaves ${fmt(Math.max(0, room))} after ${fmt(request.answerTokens)} tokens of answer room${reserve}.`,
    'Give the model a larger window (load it with 8k or 16k, or start the server with a larger context), untick tables the question does not need, or lower the answer limit.',
  );
}
