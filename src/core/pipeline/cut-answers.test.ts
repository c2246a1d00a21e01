/**
 * Cut answers (finish reason `length`) are marked with the limit that cut them and never
 * adopted; an overflowing call stops the run's later calls; candidate SQL reads a capped number
 * of rows while the final result is read whole.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { contextOverflowError } from '../llm/context-overflow';
import type { DbSchema } from '../schema/types';
import { createScriptedModel, lastUserMessage } from '../../test-support/scripted-model';
import { openTestDb } from '../../test-support/open-test-db';
import { CHINOOK_PATH } from '../../test-support/shared-data';
import { runToEnd } from '../../test-support/pipeline-run';
import { cutBy } from './cut-answers';
import { DEFAULT_PIPELINE_SETTINGS } from './defaults';
import type { PipelineSettings } from './events';
import {
  CONTINUATION_MARKER,
  NOISE_CORRECTION_MARKER,
  SCHEMA_LINKING_MARKER,
  TEXT_TO_SQL_MARKER,
} from './prompts';
import { CANDIDATE_ROW_LIMIT } from './run-context';

let chinook: Awaited<ReturnType<typeof openTestDb>>;
let schema: DbSchema;
beforeAll(async () => {
  chinook = await openTestDb(CHINOOK_PATH);
  schema = chinook.readSchema();
});

const fence = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;
const threeTables =
  "SELECT t.Name FROM Track AS t JOIN Album AS al ON t.AlbumId = al.AlbumId JOIN Artist AS ar ON al.ArtistId = ar.ArtistId WHERE ar.Name = 'AC/DC'";

async function run(
  script: Parameters<typeof createScriptedModel>[0],
  settings: Partial<PipelineSettings> = {},
) {
  const model = createScriptedModel(script);
  const input = {
    question: 'Tracks by AC/DC',
    hint: '',
    schema,
    settings: { ...DEFAULT_PIPELINE_SETTINGS, ...settings },
  };
  return { model, ...(await runToEnd(input, { model, db: chinook })) };
}

describe('cutBy', () => {
  const usage = (prompt: number | null, completion: number | null) => ({
    promptTokens: prompt,
    completionTokens: completion,
    prefillTokensPerSecond: null,
    decodeTokensPerSecond: null,
  });
  it.each([
    ['a whole answer', 'stop', usage(100, 1024), 4096, null],
    ['the answer limit reached', 'length', usage(100, 1024), 4096, 'answer_limit'],
    ['the window filled before the limit', 'length', usage(3800, 296), 4096, 'window'],
    ['no counts reported', 'length', usage(null, null), null, 'answer_limit'],
  ] as const)('%s', (_name, finish, figures, window, expected) => {
    expect(cutBy(finish, figures, 1024, window)).toBe(expected);
  });
});

describe('cut answers in the pipeline', () => {
  it('hands a cut SQL₀ to noise correction as cut, without running it', async () => {
    const cutSql = 'SELECT t.Name FROM Track AS t JOIN Album AS al ON t.AlbumId = al.AlbumId JOIN';
    const { of, model, final } = await run(
      [
        { match: TEXT_TO_SQL_MARKER, answer: `\`\`\`sql\n${cutSql}`, finishReason: 'length' },
        {
          match: NOISE_CORRECTION_MARKER,
          answer: `The join is unfinished.\n${fence(threeTables)}`,
        },
        { match: CONTINUATION_MARKER, answer: fence(threeTables) },
      ],
      { schemaLinking: false, maxTokens: 20 },
    );
    const parsed = of('parsed', 'sql_generation')[0];
    expect(parsed?.output).toEqual({ stage: 'sql_generation', sql: cutSql, cut: 'answer_limit' });
    expect(of('executed', 'sql_generation')).toHaveLength(0);
    expect(of('adopted', 'sql_generation')[0]?.reason).toMatch(
      /cut off by the answer limit, so it was not run/,
    );
    const ncPrompt = lastUserMessage(model.requests[1]!);
    expect(ncPrompt).toContain('This query is incomplete');
    expect(of('executed', 'noise_correction').map((e) => e.sql)).toEqual([threeTables]);
    expect(of('adopted', 'noise_correction')).toHaveLength(1);
    expect(final?.finalSql).toBe(threeTables);
  });

  it('never adopts a cut noise correction', async () => {
    const { of, final } = await run(
      [
        { match: TEXT_TO_SQL_MARKER, answer: fence('SELECT Name FROM Track') },
        {
          match: NOISE_CORRECTION_MARKER,
          answer: 'Wrong.\n```sql\nSELECT Name FROM Track WHERE',
          finishReason: 'length',
        },
      ],
      { schemaLinking: false, continuationWriting: false, maxTokens: 10 },
    );
    expect(of('rejected', 'noise_correction')[0]?.reason).toBe(
      'kept the original: the answer was cut off by the answer limit, so its corrected SQL may be incomplete and was not run',
    );
    // The reviewed SQL ran in SQL generation; the cut correction never runs.
    expect(of('executed', 'noise_correction')).toHaveLength(0);
    expect(final?.finalSql).toBe('SELECT Name FROM Track');
  });

  it('never adopts a cut continuation, even one that runs and returns rows', async () => {
    // The bug the issue reports: a continuation cut after "FROM Customer AS c" ran and replaced a join.
    const { of, final, events } = await run(
      [
        { match: TEXT_TO_SQL_MARKER, answer: fence(threeTables) },
        { match: NOISE_CORRECTION_MARKER, answer: 'The query is correct.' },
        {
          match: CONTINUATION_MARKER,
          answer: '```sql\nSELECT c.FirstName FROM Customer AS c',
          finishReason: 'length',
          usage: { promptTokens: 4000, completionTokens: 96 },
        },
      ],
      { schemaLinking: false },
    );
    const finished = of('call_finished', 'continuation_writing')[0];
    expect(finished?.cut).toBe('window');
    expect(of('rejected', 'continuation_writing')[0]?.reason).toMatch(
      /cut off by the context window, so its completed SQL may be incomplete/,
    );
    expect(of('executed', 'continuation_writing').map((e) => e.sql)).not.toContain(
      'SELECT c.FirstName FROM Customer AS c',
    );
    expect(final?.finalSql).toBe(threeTables);
    expect(events.some((e) => e.type === 'adopted' && e.stage === 'continuation_writing')).toBe(
      false,
    );
  });
});

describe('a context overflow', () => {
  it('fails the call with its numbers and sends no later call', async () => {
    const overflow = contextOverflowError(
      { promptTokens: 4310, window: 4096, answerTokens: 1024 },
      "This model's maximum context length is 4096 tokens.",
    );
    const { of, model } = await run([
      { match: SCHEMA_LINKING_MARKER, answer: '', failWith: overflow },
      { answer: 'never asked', times: Infinity },
    ]);
    expect(model.requests).toHaveLength(1);
    const failures = of('stage_failed')
      .filter((e) => e.stage !== 'result')
      .map((e) => e.error);
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatchObject({ code: 'context_overflow' });
    expect(failures[0]?.message).toContain('4,310');
    expect(failures.slice(1).every((e) => e.code === 'context_overflow')).toBe(true);
    expect(failures[1]?.message).toMatch(/^Not sent: an earlier call/);
  });

  it('is not confused with another broken call', async () => {
    const { model } = await run([
      {
        match: SCHEMA_LINKING_MARKER,
        answer: '',
        failWith: new AppError('stream_dropped', 'The connection dropped.'),
      },
      { answer: fence('SELECT Name FROM Track'), times: Infinity },
    ]);
    expect(model.requests.length).toBeGreaterThan(2);
  });
});

describe('reading candidate SQL', () => {
  it('reads candidates up to the row cap and the final result whole', async () => {
    const { of, final } = await run(
      [{ match: TEXT_TO_SQL_MARKER, answer: fence('SELECT TrackId FROM Track') }],
      { schemaLinking: false, noiseCorrection: false, continuationWriting: false },
    );
    const candidate = of('executed', 'sql_generation')[0]?.outcome;
    expect(candidate?.ok && candidate.result.rows.length).toBe(CANDIDATE_ROW_LIMIT);
    expect(candidate?.ok && candidate.result.truncated).toBe(true);
    const whole = final?.outcome;
    expect(whole?.ok && whole.result.rows.length).toBe(3503);
    expect(whole?.ok && whole.result.truncated).toBe(false);
  });
});
