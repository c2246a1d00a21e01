import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { DbSchema } from '../schema/types';
import type { SqlExecutor } from '../sql/result';
import {
  createScriptedModel,
  lastUserMessage,
  type ScriptStep,
} from '../../test-support/scripted-model';
import { openTestDb } from '../../test-support/open-test-db';
import {
  CHINOOK_PATH,
  spiderDatabaseIds,
  spiderDatabasePath,
  spiderQuestions,
} from '../../test-support/shared-data';
import { DEFAULT_PIPELINE_SETTINGS } from './defaults';
import type {
  PipelineEvent,
  PipelineInput,
  PipelineSettings,
  ResumePoint,
  StageId,
} from './events';
import {
  CONTINUATION_MARKER,
  FULL_SCHEMA_HEADING,
  NOISE_CORRECTION_MARKER,
  SCHEMA_LINKING_MARKER,
  SIMPLIFIED_SCHEMA_HEADING,
  TEXT_TO_SQL_MARKER,
  CORRECT_VERDICT,
} from './prompts';
import { runPipeline } from './runner';
import type { ChatRequest } from '../llm/chat';
import { retryStream } from '../llm/retry';
import { fold, freshRun } from '../history/fixtures.test-support';
import { sqlReads } from '../sql/sql-reads';

type Session = Awaited<ReturnType<typeof openTestDb>>;
let concert: Session;
let concertSchema: DbSchema;
let chinook: Session;
let chinookSchema: DbSchema;

beforeAll(async () => {
  concert = await openTestDb(spiderDatabasePath('concert_singer'));
  concertSchema = concert.readSchema();
  chinook = await openTestDb(CHINOOK_PATH);
  chinookSchema = chinook.readSchema();
});

const fence = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;
const SL = SCHEMA_LINKING_MARKER;
const PSEUDO = (r: { messages: { content: string }[] }) => {
  const text = r.messages.at(-1)?.content ?? '';
  return text.includes(TEXT_TO_SQL_MARKER) && text.includes(FULL_SCHEMA_HEADING);
};
const SQL0 = (r: { messages: { content: string }[] }) => {
  const text = r.messages.at(-1)?.content ?? '';
  return text.includes(TEXT_TO_SQL_MARKER) && text.includes(SIMPLIFIED_SCHEMA_HEADING);
};

function input(
  schema: DbSchema,
  question: string,
  settings: Partial<PipelineSettings> = {},
): PipelineInput {
  return { question, hint: '', schema, settings: { ...DEFAULT_PIPELINE_SETTINGS, ...settings } };
}

async function collect(
  gen: AsyncGenerator<PipelineEvent>,
  onEvent?: (e: PipelineEvent) => void,
): Promise<PipelineEvent[]> {
  const events: PipelineEvent[] = [];
  for await (const event of gen) {
    events.push(event);
    onEvent?.(event);
  }
  return events;
}

const of = <T extends PipelineEvent['type']>(events: PipelineEvent[], type: T, stage?: StageId) =>
  events.filter(
    (e): e is Extract<PipelineEvent, { type: T }> =>
      e.type === type && (stage === undefined || ('stage' in e && e.stage === stage)),
  );

const last = <T extends PipelineEvent['type']>(events: PipelineEvent[], type: T, stage?: StageId) =>
  of(events, type, stage).at(-1);

function done(events: PipelineEvent[]) {
  const end = events.at(-1);
  if (end?.type !== 'done')
    throw new Error(`the run did not end with done: ${JSON.stringify(end)}`);
  return end;
}

describe('runPipeline over concert_singer', () => {
  it('runs every stage in order with four model calls, and ends with the result', async () => {
    const model = createScriptedModel([
      { match: SL, answer: '```json\n{"singer": ["Name", "Age"]}\n```' },
      { match: PSEUDO, answer: fence('SELECT Name FROM singer WHERE Age > 40') },
      { match: SQL0, answer: `Here it is:\n${fence('SELECT Name FROM singer WHERE Age > 40;')}` },
      { match: NOISE_CORRECTION_MARKER, answer: CORRECT_VERDICT },
    ]);
    const events = await collect(
      runPipeline(input(concertSchema, 'Names of singers older than 40?'), { model, db: concert }),
    );

    expect(model.requests).toHaveLength(4);
    expect(of(events, 'stage_started').map((e) => e.stage)).toEqual([
      'schema_linking',
      'sql_generation',
      'sample_vote',
      'noise_correction',
      'result_checks',
      'continuation_writing',
      'result',
    ]);
    expect(of(events, 'stage_finished').map((e) => e.stage)).toHaveLength(7);
    expect(of(events, 'stage_failed')).toEqual([]);
    // The schema-linking call asks for JSON, the others do not.
    expect(model.requests[0]?.responseFormat).toEqual({ type: 'json_object' });
    expect(model.requests[1]?.responseFormat).toBeUndefined();
    // SQL generation sees only the simplified schema.
    const sql0Prompt = lastUserMessage(model.requests[2]!);
    expect(sql0Prompt).toContain('CREATE TABLE singer');
    expect(sql0Prompt).not.toContain('CREATE TABLE stadium');
    expect(last(events, 'parsed', 'schema_linking')?.output).toEqual({
      stage: 'schema_linking',
      links: { singer: ['Name', 'Age'] },
      pseudoSql: 'SELECT Name FROM singer WHERE Age > 40',
      simplifiedSchema: { singer: ['Name', 'Age'] },
    });
    // Tokens stream in small pieces and add up to the answer.
    const tokens = of(events, 'token', 'sql_generation').map((e) => e.text);
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.join('')).toBe(last(events, 'call_finished', 'sql_generation')?.answer);
    expect(last(events, 'adopted', 'sql_generation')?.reason).toMatch(
      /^first SQL, written on the simplified schema: it runs and returns \d+ rows?$/,
    );
    expect(last(events, 'rejected', 'noise_correction')?.reason).toBe(
      'kept the original: the model judged the SQL correct',
    );
    expect(last(events, 'skipped', 'continuation_writing')?.reason).toBe(
      'skipped: the SQL runs and reads fewer than 3 tables',
    );
    const end = done(events);
    expect(end.finalSql).toBe('SELECT Name FROM singer WHERE Age > 40');
    expect(end.outcome?.ok && end.outcome.result.rows).toEqual([
      ['Joe Sharp'],
      ['Rose White'],
      ['John Nizinik'],
    ]);
  });

  it('adopts a correction of a failing first SQL, after showing the model SQLite error', async () => {
    const model = createScriptedModel([
      { match: SL, answer: '{"singer": ["Name", "Age"]}' },
      { match: PSEUDO, answer: fence('SELECT Name FROM singer') },
      { match: SQL0, answer: fence('SELECT nam FROM singer WHERE Age > 40') },
      {
        match: NOISE_CORRECTION_MARKER,
        answer: `The column is Name.\n${fence('SELECT Name FROM singer WHERE Age > 40')}`,
      },
    ]);
    const events = await collect(
      runPipeline(input(concertSchema, 'Names of singers older than 40?'), { model, db: concert }),
    );
    const first = last(events, 'executed', 'sql_generation');
    expect(first?.outcome.ok).toBe(false);
    expect(lastUserMessage(model.requests[3]!)).toContain(
      'When it ran, SQLite reported: no such column: nam',
    );
    expect(last(events, 'adopted', 'noise_correction')).toEqual({
      type: 'adopted',
      stage: 'noise_correction',
      sql: 'SELECT Name FROM singer WHERE Age > 40',
      reason:
        'correction adopted: the SQL failed with: no such column: nam; the corrected SQL runs and returns 3 rows',
    });
    // The correction runs, so continuation writing does not.
    expect(last(events, 'skipped', 'continuation_writing')).toBeDefined();
    expect(done(events).finalSql).toBe('SELECT Name FROM singer WHERE Age > 40');
  });

  it('keeps a failing SQL the model calls correct, then lets continuation writing rescue it', async () => {
    const model = createScriptedModel([
      { match: SL, answer: '{"singer": ["Name"]}' },
      { match: PSEUDO, answer: fence('SELECT Name FROM singer') },
      { match: SQL0, answer: fence('SELECT nam FROM singer') },
      { match: NOISE_CORRECTION_MARKER, answer: CORRECT_VERDICT },
      { match: CONTINUATION_MARKER, answer: 'Name FROM singer' },
    ]);
    const events = await collect(
      runPipeline(input(concertSchema, 'Singer names'), { model, db: concert }),
    );
    expect(last(events, 'rejected', 'noise_correction')?.reason).toBe(
      'kept the original: the model judged the SQL correct',
    );
    expect(last(events, 'parsed', 'continuation_writing')?.output).toEqual({
      stage: 'continuation_writing',
      prefix: 'SELECT ',
      sql: 'SELECT Name FROM singer',
    });
    expect(last(events, 'adopted', 'continuation_writing')?.reason).toBe(
      'continuation adopted: the SQL failed with: no such column: nam; the completed SQL runs and returns 6 rows',
    );
    expect(done(events).finalSql).toBe('SELECT Name FROM singer');
  });

  it('rejects a correction that fails, keeping the original', async () => {
    const model = createScriptedModel([
      { match: SL, answer: '{"singer": ["Name"]}' },
      { match: PSEUDO, answer: fence('SELECT Name FROM singer') },
      { match: SQL0, answer: fence('SELECT Name FROM singer') },
      { match: NOISE_CORRECTION_MARKER, answer: fence('SELECT Nome FROM singer') },
    ]);
    const events = await collect(
      runPipeline(input(concertSchema, 'Singer names'), { model, db: concert }),
    );
    expect(of(events, 'executed', 'noise_correction').map((e) => e.sql)).toEqual([
      'SELECT Nome FROM singer',
    ]);
    expect(last(events, 'rejected', 'noise_correction')?.reason).toBe(
      'kept the original: the corrected SQL failed with: no such column: Nome',
    );
    expect(done(events).finalSql).toBe('SELECT Name FROM singer');
  });

  it('runs plain Text2SQL on the full schema when every switch is off', async () => {
    const model = createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: fence('SELECT count(*) FROM singer') },
    ]);
    const settings = { schemaLinking: false, noiseCorrection: false, continuationWriting: false };
    const events = await collect(
      runPipeline(input(concertSchema, 'How many singers?', settings), { model, db: concert }),
    );
    expect(model.requests).toHaveLength(1);
    expect(lastUserMessage(model.requests[0]!)).toContain(FULL_SCHEMA_HEADING);
    expect(lastUserMessage(model.requests[0]!)).toContain('CREATE TABLE stadium');
    expect(of(events, 'skipped').map((e) => [e.stage, e.reason])).toEqual([
      [
        'schema_linking',
        'skipped: schema linking is switched off, so SQL generation uses the full schema',
      ],
      ['sample_vote', 'skipped: the agreement vote is switched off'],
      ['noise_correction', 'skipped: noise correction is switched off'],
      ['result_checks', 'skipped: result checks are switched off'],
      ['continuation_writing', 'skipped: continuation writing is switched off'],
    ]);
    expect(last(events, 'adopted', 'sql_generation')?.reason).toBe(
      'first SQL, written on the full schema: it runs and returns 1 row',
    );
    expect(done(events).outcome).toMatchObject({ ok: true, result: { rows: [[6]] } });
  });

  it('falls back to the pseudo-SQL when the schema-linking JSON is unusable, and says so', async () => {
    const model = createScriptedModel([
      { match: SL, answer: 'I think the answer involves some data.' },
      { match: PSEUDO, answer: fence('SELECT Name FROM stadium WHERE Capacity > 5000') },
      { match: SQL0, answer: fence('SELECT Name FROM stadium WHERE Capacity > 5000') },
      { match: NOISE_CORRECTION_MARKER, answer: CORRECT_VERDICT },
    ]);
    const events = await collect(
      runPipeline(input(concertSchema, 'Big stadiums'), { model, db: concert }),
    );
    const parsed = last(events, 'parsed', 'schema_linking');
    expect(parsed?.output).toMatchObject({
      links: null,
      simplifiedSchema: { stadium: ['Name', 'Capacity'] },
    });
    expect(parsed?.notes).toEqual([
      'The schema-linking answer named no table of this database. It was left out of the simplified schema.',
      'The simplified schema comes from the pseudo-SQL alone.',
    ]);
    expect(of(events, 'stage_failed')).toEqual([]);
    expect(done(events).finalSql).toBe('SELECT Name FROM stadium WHERE Capacity > 5000');
  });

  it('uses the full schema when neither linking answer is usable', async () => {
    const model = createScriptedModel([
      { match: SL, answer: 'no idea' },
      { match: PSEUDO, answer: 'Sorry, I cannot help.' },
      { match: TEXT_TO_SQL_MARKER, answer: fence('SELECT count(*) FROM concert') },
      { match: NOISE_CORRECTION_MARKER, answer: CORRECT_VERDICT },
    ]);
    const events = await collect(
      runPipeline(input(concertSchema, 'How many concerts?'), { model, db: concert }),
    );
    expect(last(events, 'parsed', 'schema_linking')?.notes).toContain(
      'Nothing usable came back, so SQL generation uses the full schema.',
    );
    expect(lastUserMessage(model.requests[2]!)).toContain(FULL_SCHEMA_HEADING);
    expect(done(events).finalSql).toBe('SELECT count(*) FROM concert');
  });

  it('fails SQL generation on an answer with no SQL, says why, and still finishes the run', async () => {
    const model = createScriptedModel([
      { match: SL, answer: '{"singer": ["Name"]}' },
      { match: PSEUDO, answer: fence('SELECT Name FROM singer') },
      { match: SQL0, answer: 'Let me think about it... the singers are listed in a table.' },
      { match: CONTINUATION_MARKER, answer: fence('SELECT Name FROM singer') },
    ]);
    const events = await collect(
      runPipeline(input(concertSchema, 'Singer names'), { model, db: concert }),
    );
    expect(last(events, 'stage_failed', 'sql_generation')?.error).toMatchObject({
      code: 'unparseable_answer',
      message: 'The answer held no SQL.',
    });
    expect(last(events, 'skipped', 'noise_correction')?.reason).toBe(
      'skipped: there is no SQL to check',
    );
    expect(last(events, 'adopted', 'continuation_writing')?.reason).toMatch(
      /^continuation adopted: there is no SQL yet; /,
    );
    expect(done(events).finalSql).toBe('SELECT Name FROM singer');
  });

  it('says so when an answer rambles to the token limit', async () => {
    const model = createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: 'Well, '.repeat(50), finishReason: 'length' },
      { match: CONTINUATION_MARKER, answer: 'count(*) FROM singer' },
    ]);
    const settings = { schemaLinking: false, noiseCorrection: false, maxTokens: 64 };
    const events = await collect(
      runPipeline(input(concertSchema, 'How many singers?', settings), { model, db: concert }),
    );
    expect(last(events, 'call_finished', 'sql_generation')).toMatchObject({
      finishReason: 'length',
      notes: ['The answer was cut off: it reached the answer limit of 64 tokens.'],
      cut: 'answer_limit',
    });
    expect(last(events, 'stage_failed', 'sql_generation')?.error.message).toBe(
      'The answer reached the token limit before it gave any SQL.',
    );
    expect(done(events).finalSql).toBe('SELECT count(*) FROM singer');
  });

  it('fails a stage whose stream breaks, and goes on with what exists', async () => {
    const model = createScriptedModel([
      { match: SL, answer: '{"singer": ["Name"]}' },
      { match: PSEUDO, answer: fence('SELECT Name FROM singer') },
      { match: SQL0, answer: fence('SELECT Name FROM singer') },
      {
        match: NOISE_CORRECTION_MARKER,
        answer: 'The query is wrong because',
        failAfterChars: 8,
        failWith: new AppError('stream_dropped', 'The connection to the model broke off.'),
      },
    ]);
    const events = await collect(
      runPipeline(input(concertSchema, 'Singer names'), { model, db: concert }),
    );
    expect(last(events, 'call_finished', 'noise_correction')).toMatchObject({
      finishReason: 'error',
      answer: 'The quer',
    });
    expect(last(events, 'stage_failed', 'noise_correction')?.error.code).toBe('stream_dropped');
    expect(done(events).finalSql).toBe('SELECT Name FROM singer');
  });

  it('ends with done(null) when the model is unreachable for every call', async () => {
    const broken = new AppError('network', 'The model server did not answer.');
    const model = createScriptedModel([{ answer: 'x', failWith: broken, times: Infinity }]);
    const events = await collect(
      runPipeline(input(concertSchema, 'Singer names'), { model, db: concert }),
    );
    expect(of(events, 'stage_failed').map((e) => [e.stage, e.error.code])).toEqual([
      ['schema_linking', 'network'],
      ['sql_generation', 'network'],
      ['continuation_writing', 'network'],
      ['result', 'unparseable_answer'],
    ]);
    expect(done(events)).toEqual({ type: 'done', finalSql: null, outcome: null });
  });

  it('reports a SQL that runs too long as a timeout, and moves on', async () => {
    const slowDb: SqlExecutor = {
      execute: (sql, options) =>
        /Age > 40/.test(sql)
          ? Promise.reject(
              new AppError(
                'timeout',
                `The query ran longer than ${options?.timeoutMs} ms and was stopped.`,
              ),
            )
          : concert.execute(sql, options),
    };
    const model = createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: fence('SELECT Name FROM singer WHERE Age > 40') },
      { match: NOISE_CORRECTION_MARKER, answer: fence('SELECT Name FROM singer WHERE Age >= 41') },
    ]);
    const settings = { schemaLinking: false, continuationWriting: false, sqlTimeoutMs: 250 };
    const events = await collect(
      runPipeline(input(concertSchema, 'Singers over 40', settings), { model, db: slowDb }),
    );
    expect(last(events, 'executed', 'sql_generation')?.outcome).toEqual({
      ok: false,
      error: {
        code: 'timeout',
        message: 'The query ran longer than 250 ms and was stopped.',
        nextStep: undefined,
        detail: undefined,
      },
    });
    expect(lastUserMessage(model.requests[1]!)).toContain(
      'SQLite reported: The query ran longer than 250 ms',
    );
    expect(last(events, 'adopted', 'noise_correction')?.sql).toBe(
      'SELECT Name FROM singer WHERE Age >= 41',
    );
  });

  it('stops mid-stream when the signal fires, without a done event', async () => {
    const controller = new AbortController();
    const model = createScriptedModel([
      { match: SL, answer: '{"singer": ["Name"]}' },
      { match: PSEUDO, answer: fence('SELECT Name FROM singer'), hangAfterChars: 12 },
    ]);
    const events = await collect(
      runPipeline(
        input(concertSchema, 'Singer names'),
        { model, db: concert },
        { signal: controller.signal },
      ),
      (e) => {
        if (e.type === 'token' && e.call === 'pseudo_sql') controller.abort();
      },
    );
    expect(events.at(-1)).toEqual({ type: 'stopped', stage: 'schema_linking' });
    expect(of(events, 'done')).toEqual([]);
    expect(model.requests).toHaveLength(2);
  });
});

describe('a call tried again', () => {
  it('drops the text of a cut try: the card shows the retry and only the whole answer is parsed', async () => {
    const scripted = createScriptedModel([
      { match: SL, answer: '```json\n{"singer": ["Name", "Age"]}\n```' },
      { match: PSEUDO, answer: fence('SELECT Name FROM singer') },
      { match: SQL0, answer: fence('SELECT Name FROM singer WHERE Age > 40') },
      { match: NOISE_CORRECTION_MARKER, answer: CORRECT_VERDICT },
    ]);
    // SQL generation's first try streams a wrong SQL, then the stream is cut: it is tried again.
    let cut = false;
    const model = {
      ...scripted,
      streamChat: (request: ChatRequest, signal?: AbortSignal) =>
        retryStream(
          async function* () {
            if (!cut && SQL0(request)) {
              cut = true;
              yield { type: 'token', text: fence('SELECT * FROM stadium') } as const;
              throw new AppError('stream_dropped', 'The connection dropped after 30 characters.');
            }
            yield* scripted.streamChat(request, signal);
          },
          { sleep: async () => {}, random: () => 0 },
          signal,
        ),
    };
    const events = await collect(
      runPipeline(input(concertSchema, 'Names of singers older than 40?'), { model, db: concert }),
    );
    expect(of(events, 'call_retry', 'sql_generation').map((e) => e.retry)).toEqual([
      { attempt: 1, reason: 'stream cut', waitMs: 500 },
    ]);
    expect(last(events, 'call_finished', 'sql_generation')?.answer).toBe(
      fence('SELECT Name FROM singer WHERE Age > 40'),
    );
    expect(done(events).finalSql).toBe('SELECT Name FROM singer WHERE Age > 40');
    const run = fold(freshRun(), events);
    expect(run.stages.sql_generation.calls[0]?.retries).toEqual([
      { attempt: 1, reason: 'stream cut', waitMs: 500 },
    ]);
    expect(run.stages.sql_generation.calls[0]?.answer).not.toContain('stadium');
  });
});

describe('stopping between model calls', () => {
  it('stops at the next stage when the signal fires while a SQL runs', async () => {
    const controller = new AbortController();
    const model = createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: fence('SELECT Name FROM singer') },
    ]);
    const db: SqlExecutor = {
      execute: async (sql, options) => {
        if (sql === 'SELECT Name FROM singer') controller.abort();
        return concert.execute(sql, options);
      },
    };
    const settings = { schemaLinking: false };
    const events = await collect(
      runPipeline(
        input(concertSchema, 'Singer names', settings),
        { model, db },
        { signal: controller.signal },
      ),
    );
    expect(last(events, 'executed', 'sql_generation')?.outcome.ok).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'stopped', stage: 'sample_vote' });
    expect(model.requests).toHaveLength(1);
  });

  it('stops before any stage when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const model = createScriptedModel([]);
    const events = await collect(
      runPipeline(input(concertSchema, 'x'), { model, db: concert }, { signal: controller.signal }),
    );
    expect(events).toEqual([{ type: 'stopped', stage: null }]);
  });
});

describe('runPipeline over Chinook', () => {
  const threeTables =
    "SELECT t.Name FROM Track AS t JOIN Album AS al ON t.AlbumId = al.AlbumId JOIN Artist AS ar ON al.ArtistId = ar.ArtistId WHERE ar.Name = 'AC/DC'";

  it('triggers continuation writing for a SQL reading three tables, and adopts a completion with rows', async () => {
    const completed =
      "SELECT t.Name FROM Artist AS ar JOIN Album AS al ON ar.ArtistId = al.ArtistId JOIN Track AS t ON t.AlbumId = al.AlbumId WHERE ar.Name = 'AC/DC'";
    const model = createScriptedModel([
      {
        match: SL,
        answer:
          '{"Track": ["Name", "AlbumId"], "Album": ["AlbumId", "ArtistId"], "Artist": ["ArtistId", "Name"]}',
      },
      { match: PSEUDO, answer: fence(threeTables) },
      { match: SQL0, answer: fence(threeTables) },
      { match: NOISE_CORRECTION_MARKER, answer: CORRECT_VERDICT },
      { match: CONTINUATION_MARKER, answer: fence(completed) },
    ]);
    const events = await collect(
      runPipeline(input(chinookSchema, 'Tracks by AC/DC'), { model, db: chinook }),
    );
    expect(model.requests).toHaveLength(5);
    expect(lastUserMessage(model.requests[2]!)).not.toContain('CREATE TABLE Invoice');
    expect(last(events, 'adopted', 'continuation_writing')?.reason).toBe(
      'continuation adopted: the SQL reads 3 tables; the completed SQL runs and returns 18 rows',
    );
    expect(done(events).finalSql).toBe(completed);
  });

  it('keeps the original when the completion returns no rows', async () => {
    const model = createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: fence(threeTables) },
      {
        match: CONTINUATION_MARKER,
        answer:
          "t.Name FROM Track AS t JOIN Album AS al ON t.AlbumId = al.AlbumId JOIN Artist AS ar ON al.ArtistId = ar.ArtistId WHERE ar.Name = 'Nobody'",
      },
    ]);
    const settings = { schemaLinking: false, noiseCorrection: false };
    const events = await collect(
      runPipeline(input(chinookSchema, 'Tracks by AC/DC', settings), { model, db: chinook }),
    );
    expect(last(events, 'rejected', 'continuation_writing')?.reason).toBe(
      'kept the original: the completed SQL returned no rows',
    );
    expect(done(events).finalSql).toBe(threeTables);
  });
});

describe('resuming a run', () => {
  const resume = (
    point: ResumePoint,
    script: ScriptStep[],
    settings: Partial<PipelineSettings> = {},
  ) => {
    const model = createScriptedModel(script);
    return {
      model,
      run: collect(
        runPipeline(
          input(concertSchema, 'Singer names', settings),
          { model, db: concert },
          { resume: point },
        ),
      ),
    };
  };

  it('at SQL generation, with an edited simplified schema', async () => {
    const { model, run } = resume(
      { stage: 'sql_generation', simplifiedSchema: { stadium: ['Name'] } },
      [
        { match: SQL0, answer: fence('SELECT Name FROM stadium') },
        { match: NOISE_CORRECTION_MARKER, answer: CORRECT_VERDICT },
      ],
    );
    const events = await run;
    expect(of(events, 'stage_started').map((e) => e.stage)).toEqual([
      'sql_generation',
      'sample_vote',
      'noise_correction',
      'result_checks',
      'continuation_writing',
      'result',
    ]);
    const prompt = lastUserMessage(model.requests[0]!);
    expect(prompt).toContain('CREATE TABLE stadium (\n  Name TEXT\n);');
    expect(prompt).not.toContain('CREATE TABLE singer');
    expect(done(events).finalSql).toBe('SELECT Name FROM stadium');
  });

  it('at SQL generation with every table unticked, on the full schema', async () => {
    const { model, run } = resume({ stage: 'sql_generation', simplifiedSchema: {} }, [
      { match: TEXT_TO_SQL_MARKER, answer: fence('SELECT count(*) FROM stadium') },
      { match: NOISE_CORRECTION_MARKER, answer: CORRECT_VERDICT },
    ]);
    const events = await run;
    expect(lastUserMessage(model.requests[0]!)).toContain(FULL_SCHEMA_HEADING);
    expect(lastUserMessage(model.requests[0]!)).toContain('CREATE TABLE stadium');
    expect(done(events).finalSql).toBe('SELECT count(*) FROM stadium');
  });

  it('at noise correction, with an edited first SQL that it runs first', async () => {
    const { model, run } = resume({ stage: 'noise_correction', sql: 'SELECT Nam FROM singer' }, [
      { match: NOISE_CORRECTION_MARKER, answer: fence('SELECT Name FROM singer') },
    ]);
    const events = await run;
    expect(of(events, 'stage_started').map((e) => e.stage)).toEqual([
      'noise_correction',
      'result_checks',
      'continuation_writing',
      'result',
    ]);
    expect(of(events, 'executed', 'noise_correction').map((e) => [e.sql, e.outcome.ok])).toEqual([
      ['SELECT Nam FROM singer', false],
      ['SELECT Name FROM singer', true],
    ]);
    expect(lastUserMessage(model.requests[0]!)).toContain('no such column: Nam');
    expect(done(events).finalSql).toBe('SELECT Name FROM singer');
  });

  it('at continuation writing, with a custom prefix that makes it run', async () => {
    const { model, run } = resume(
      {
        stage: 'continuation_writing',
        sql: 'SELECT Name FROM singer',
        prefix: 'SELECT Name FROM singer WHERE',
      },
      [{ match: CONTINUATION_MARKER, answer: 'Age > 40' }],
    );
    const events = await run;
    expect(lastUserMessage(model.requests[0]!)).toContain(
      '```sql\nSELECT Name FROM singer WHERE\n```',
    );
    expect(last(events, 'adopted', 'continuation_writing')).toMatchObject({
      sql: 'SELECT Name FROM singer WHERE Age > 40',
      reason:
        'continuation adopted: you edited the prefix; the completed SQL runs and returns 3 rows',
    });
    expect(done(events).finalSql).toBe('SELECT Name FROM singer WHERE Age > 40');
  });

  it('at continuation writing without a prefix, applying the usual trigger', async () => {
    const { model, run } = resume(
      { stage: 'continuation_writing', sql: 'SELECT Name FROM singer' },
      [],
    );
    const events = await run;
    expect(model.requests).toHaveLength(0);
    expect(last(events, 'skipped', 'continuation_writing')?.reason).toBe(
      'skipped: the SQL runs and reads fewer than 3 tables',
    );
    expect(done(events).finalSql).toBe('SELECT Name FROM singer');
  });

  it('at the result, with a final SQL and no model call', async () => {
    const { model, run } = resume({ stage: 'result', sql: 'SELECT count(*) FROM stadium' }, []);
    const events = await run;
    expect(model.requests).toHaveLength(0);
    expect(
      events
        .filter((e) => e.type !== 'stage_started' && e.type !== 'stage_finished')
        .map((e) => e.type),
    ).toEqual(['parsed', 'executed', 'done']);
    expect(done(events).outcome).toMatchObject({ ok: true, result: { rows: [[9]] } });
  });

  it('at the result, reporting a final SQL that fails', async () => {
    const { run } = resume({ stage: 'result', sql: 'SELECT * FROM nowhere' }, []);
    const events = await run;
    expect(last(events, 'stage_failed', 'result')?.error).toMatchObject({
      code: 'sql_error',
      detail: 'no such table: nowhere',
    });
    expect(done(events)).toMatchObject({
      finalSql: 'SELECT * FROM nowhere',
      outcome: { ok: false },
    });
  });
});

describe('with a model that always answers the gold SQL', () => {
  it('hands the gold SQL and its rows through unchanged on every Spider dev database', async () => {
    const questions = spiderQuestions();
    for (const dbId of spiderDatabaseIds()) {
      const db = await openTestDb(spiderDatabasePath(dbId));
      const schema = db.readSchema();
      for (const q of questions.filter((x) => x.db_id === dbId).slice(0, 3)) {
        const gold = q.query.trim().replace(/;$/, '').trim();
        const model = createScriptedModel([
          { match: SL, answer: JSON.stringify(sqlReads(gold, schema).columns) },
          { match: NOISE_CORRECTION_MARKER, answer: CORRECT_VERDICT },
          { answer: fence(gold), times: Infinity },
        ]);
        const events = await collect(runPipeline(input(schema, q.question), { model, db }));
        const end = done(events);
        expect(end.finalSql, q.query).toBe(gold);
        expect(end.outcome?.ok ? end.outcome.result.rows : null).toEqual(
          (await db.execute(gold)).rows,
        );
        expect(of(events, 'stage_failed'), q.query).toEqual([]);
      }
    }
  });
});
