/** Test-only: a run as the runner reports it, for the history tests. The app never imports this. */
import type { PipelineEvent, PipelineSettings } from '../pipeline/events';
import { foldEvent } from './fold-events';
import { newRunRecord } from './run-record';
import type { RunRecord } from './run-record';

export const SETTINGS: PipelineSettings = {
  schemaLinking: true,
  noiseCorrection: true,
  continuationWriting: true,
  promptStyle: 'few_shot',
  temperature: 0.01,
  topP: 0.5,
  maxTokens: 1024,
  sqlTimeoutMs: 5000,
  constrainSql: false,
  samples: 1,
  sampleTemperature: 0.7,
  resultChecks: false,
};

export const USAGE = {
  promptTokens: 100,
  completionTokens: 20,
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: null,
};

export function freshRun(): RunRecord {
  return newRunRecord({
    id: 'r1',
    now: 1000,
    question: 'How many artists?',
    hint: '',
    model: { engine: 'openai', modelId: 'mock-model' },
    settings: SETTINGS,
    database: { name: 'chinook.sqlite', sizeBytes: 10, tableCount: 11, schemaHash: 'abcd1234' },
  });
}

export function fold(run: RunRecord, events: PipelineEvent[]): RunRecord {
  return events.reduce((acc, event, i) => foldEvent(acc, event, 2000 + i), run);
}

const failing = {
  ok: false as const,
  error: { code: 'sql_error' as const, message: 'The SQL failed.', detail: 'no such column: x' },
};
const rows = {
  ok: true as const,
  result: { columns: ['n'], rows: [[275]], elapsedMs: 1, truncated: false, changes: 0 },
};

/** A full run as the runner reports it: SQL₀ fails, the correction is adopted, CW is skipped. */
export const FULL_RUN: PipelineEvent[] = [
  { type: 'stage_started', stage: 'schema_linking', at: 1 },
  {
    type: 'prompt',
    stage: 'schema_linking',
    call: 'schema_links',
    messages: [{ role: 'user', content: 'link it' }],
  },
  { type: 'token', stage: 'schema_linking', call: 'schema_links', text: '{"Artist"' },
  { type: 'token', stage: 'schema_linking', call: 'schema_links', text: ': ["ArtistId"]}' },
  {
    type: 'call_finished',
    stage: 'schema_linking',
    call: 'schema_links',
    answer: '{"Artist": ["ArtistId"]}',
    usage: USAGE,
    elapsedMs: 500,
    finishReason: 'stop',
  },
  {
    type: 'prompt',
    stage: 'schema_linking',
    call: 'pseudo_sql',
    messages: [{ role: 'user', content: 'pseudo' }],
  },
  {
    type: 'call_finished',
    stage: 'schema_linking',
    call: 'pseudo_sql',
    answer: 'SELECT count(*) FROM Artist',
    usage: USAGE,
    elapsedMs: 500,
    finishReason: 'stop',
  },
  {
    type: 'parsed',
    stage: 'schema_linking',
    output: {
      stage: 'schema_linking',
      links: { Artist: ['ArtistId'] },
      pseudoSql: 'SELECT count(*) FROM Artist',
      simplifiedSchema: { Artist: ['ArtistId'] },
    },
  },
  { type: 'stage_finished', stage: 'schema_linking', elapsedMs: 1000 },
  { type: 'stage_started', stage: 'sql_generation', at: 2 },
  {
    type: 'prompt',
    stage: 'sql_generation',
    call: 'sql',
    messages: [{ role: 'user', content: 'gen' }],
  },
  {
    type: 'call_finished',
    stage: 'sql_generation',
    call: 'sql',
    answer: 'SELECT x FROM Artist',
    usage: USAGE,
    elapsedMs: 400,
    finishReason: 'stop',
  },
  {
    type: 'parsed',
    stage: 'sql_generation',
    output: { stage: 'sql_generation', sql: 'SELECT x FROM Artist' },
  },
  { type: 'adopted', stage: 'sql_generation', sql: 'SELECT x FROM Artist', reason: 'first SQL' },
  { type: 'stage_finished', stage: 'sql_generation', elapsedMs: 400 },
  { type: 'stage_started', stage: 'noise_correction', at: 3 },
  { type: 'executed', stage: 'noise_correction', sql: 'SELECT x FROM Artist', outcome: failing },
  {
    type: 'prompt',
    stage: 'noise_correction',
    call: 'sql',
    messages: [{ role: 'user', content: 'fix' }],
  },
  {
    type: 'call_finished',
    stage: 'noise_correction',
    call: 'sql',
    answer: 'SELECT count(*) FROM Artist',
    usage: USAGE,
    elapsedMs: 400,
    finishReason: 'stop',
  },
  {
    type: 'parsed',
    stage: 'noise_correction',
    output: { stage: 'noise_correction', verdict: 'corrected', sql: 'SELECT count(*) FROM Artist' },
  },
  {
    type: 'executed',
    stage: 'noise_correction',
    sql: 'SELECT count(*) FROM Artist',
    outcome: rows,
  },
  {
    type: 'adopted',
    stage: 'noise_correction',
    sql: 'SELECT count(*) FROM Artist',
    reason: 'correction adopted: the SQL failed with: no such column: x',
  },
  { type: 'stage_finished', stage: 'noise_correction', elapsedMs: 400 },
  {
    type: 'skipped',
    stage: 'continuation_writing',
    reason: 'the SQL runs and reads fewer than 3 tables',
  },
  { type: 'stage_started', stage: 'result', at: 4 },
  { type: 'executed', stage: 'result', sql: 'SELECT count(*) FROM Artist', outcome: rows },
  { type: 'stage_finished', stage: 'result', elapsedMs: 3 },
  { type: 'done', finalSql: 'SELECT count(*) FROM Artist', outcome: rows },
];
