import { beforeAll, describe, expect, it } from 'vitest';
import { createScriptedModel, lastUserMessage } from '../../test-support/scripted-model';
import { openTestDb } from '../../test-support/open-test-db';
import { spiderDatabasePath } from '../../test-support/shared-data';
import { scoreByExecution } from '../eval';
import { TEXT_TO_SQL_MARKER } from '../pipeline/prompts';
import { buildTrainingSamples } from './multitask';
import { editPair } from './review';
import {
  buildExport,
  judgeDeps,
  prepareDatabase,
  sampleContext,
  weakDeps,
  type SynthDatabase,
} from './session';
import { JUDGE_MARKER } from './prompts';
import { DEFAULT_SYNTH_SETTINGS, emptyRunState, type SynthPair, type SynthRunState } from './types';
import { resultKey } from './validate';
import { answerWithWeakModel, awaitingWeak } from './weak';
import { countRun } from './export';
import { AppError } from '../errors';

type Session = Awaited<ReturnType<typeof openTestDb>>;
let db: Session;
let database: SynthDatabase;

beforeAll(async () => {
  db = await openTestDb(spiderDatabasePath('concert_singer'));
  database = await prepareDatabase(db, db.readSchema());
});

const fence = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;

function pair(id: string, question: string, sql: string): SynthPair {
  return {
    id,
    question,
    sql,
    evidence: '',
    difficulty: 'simple',
    round: 1,
    rowCount: 1,
    resultKey: id,
    judge: { status: 'judged', match: true, reason: '' },
    weak: null,
    review: 'none',
    edited: false,
  };
}

function state(samples: number): SynthRunState {
  const run = emptyRunState('concert_singer', {
    ...DEFAULT_SYNTH_SETTINGS,
    samples,
    concurrency: 2,
  });
  run.pairs = [
    pair(
      'p1',
      'Which singers are from France?',
      "SELECT Name FROM singer WHERE Country = 'France'",
    ),
    pair('p2', 'How many stadiums are there?', 'SELECT count(*) FROM stadium'),
    pair('p3', 'What is the average singer age?', 'SELECT avg(Age) FROM singer'),
  ];
  run.pairs.push({
    ...pair('p4', 'Filtered question?', 'SELECT 1'),
    judge: { status: 'judged', match: false, reason: 'no' },
  });
  run.nextId = 5;
  return run;
}

const about = (words: string) => (request: { messages: { content: string }[] }) =>
  lastUserMessage(request as never).includes(TEXT_TO_SQL_MARKER) &&
  lastUserMessage(request as never).includes(`Question: ${words}`);

describe('answerWithWeakModel', () => {
  it('leaves answers a server error broke unscored, counts them apart, and asks again', async () => {
    const busy = new AppError('server_error', 'The server answered with an error (503).', '', '', {
      status: 503,
    });
    const refused = new AppError('unauthorized', 'The server refused the request (401).', '', '', {
      status: 401,
    });
    const flaky = createScriptedModel([
      { match: about('Which singers'), answer: '', failWith: busy, failAfterChars: 0 },
      { match: about('How many stadiums'), answer: '', failWith: refused, failAfterChars: 0 },
      { match: about('What is the average'), answer: fence('SELECT avg(Age) FROM singer') },
    ]);
    const first = await answerWithWeakModel(state(1), weakDeps(database, flaky));
    expect(first.pairs.slice(0, 3).map((p) => p.weak?.map((a) => [a.match, a.note]))).toEqual([
      [[false, 'Not scored (server error): The server answered with an error (503).']],
      [[false, 'The call failed: The server refused the request (401).']],
      [[true, null]],
    ]);
    expect(countRun(first)).toMatchObject({
      weakAnswers: 3,
      weakRight: 1,
      weakWrong: 1,
      weakUnscored: 1,
    });
    // Only the pair the server error broke is asked again.
    expect(awaitingWeak(first).map((p) => p.id)).toEqual(['p1']);
    const healthy = createScriptedModel([
      {
        match: about('Which singers'),
        answer: fence("SELECT Name FROM singer WHERE Country = 'France'"),
      },
    ]);
    const again = await answerWithWeakModel(first, weakDeps(database, healthy));
    expect(again.pairs[0]?.weak?.map((a) => a.match)).toEqual([true]);
    expect(countRun(again)).toMatchObject({ weakRight: 2, weakUnscored: 0 });
  });

  it('checks every sample by execution; DPO pairs come exactly from the answers that do not match', async () => {
    const weak = createScriptedModel([
      // France: one right (other SQL, same rows), one wrong result, one that fails.
      {
        match: about('Which singers'),
        answer: fence("SELECT Name FROM singer WHERE Country = 'France' ORDER BY Name"),
      },
      { match: about('Which singers'), answer: fence('SELECT Name FROM singer') },
      { match: about('Which singers'), answer: fence('SELECT Nam FROM singer') },
      // Stadiums: right twice (the same SQL), and once cut off by the token limit.
      {
        match: about('How many stadiums'),
        answer: fence('SELECT count(*) FROM stadium'),
        times: 2,
      },
      {
        match: about('How many stadiums'),
        answer: '```sql\nSELECT count(*) FROM stadium',
        finishReason: 'length',
      },
      // Average age: prose without SQL, then the same wrong SQL twice.
      { match: about('What is the average'), answer: 'The average is about 40.' },
      {
        match: about('What is the average'),
        answer: fence('SELECT max(Age) FROM singer'),
        times: 2,
      },
    ]);
    const answered = await answerWithWeakModel(state(3), weakDeps(database, weak));
    expect(weak.remaining()).toBe(0);
    expect(answered.pairs[3]?.weak).toBeNull();
    const table = answered.pairs.slice(0, 3).map((p) => p.weak?.map((a) => [a.match, a.note]));
    expect(table).toEqual([
      [
        [true, null],
        [false, 'Returns a different result.'],
        [false, 'SQLite error: no such column: Nam'],
      ],
      [
        [true, null],
        [true, null],
        [false, 'The answer was cut off at the token limit.'],
      ],
      [
        [false, 'The answer held no SQL.'],
        [false, 'Returns a different result.'],
        [false, 'Returns a different result.'],
      ],
    ]);
    // Each verdict is the evaluation lab's BIRD rule on the same database.
    for (const p of answered.pairs.slice(0, 3))
      for (const a of p.weak ?? [])
        if (a.sql !== null && a.note !== 'The answer was cut off at the token limit.')
          expect(a.match).toBe((await scoreByExecution(db, p.sql, a.sql, { rule: 'bird' })).match);

    const { dpo } = buildTrainingSamples(answered, sampleContext(database));
    expect(dpo.map((d) => d.rejected.content)).toEqual([
      fence('SELECT Name FROM singer'),
      fence('SELECT Nam FROM singer'),
      fence('SELECT count(*) FROM stadium'),
      'The average is about 40.',
      fence('SELECT max(Age) FROM singer'),
    ]);
    // Samples are drawn warmer than the pipeline's greedy decoding, so k answers can differ.
    expect(weak.requests[0]?.temperature).toBeGreaterThan(0.5);
  });

  it('uses the pipeline decoding for a single sample', async () => {
    const weak = createScriptedModel([{ answer: fence('SELECT 1'), times: Infinity }]);
    await answerWithWeakModel(state(1), weakDeps(database, weak));
    expect(weak.requests).toHaveLength(3);
    expect(weak.requests[0]).toMatchObject({ temperature: 0.01, topP: 0.5, maxTokens: 1024 });
  });
});

describe('editPair', () => {
  const models = () => ({
    judge: createScriptedModel([
      { match: JUDGE_MARKER, answer: '{"match": true, "reason": "ok"}' },
    ]),
    weak: createScriptedModel([
      { match: TEXT_TO_SQL_MARKER, answer: fence('SELECT count(*) FROM concert') },
    ]),
  });

  it('refuses a SQL that fails, returns nothing or repeats another pair, and changes nothing', async () => {
    const run = state(1);
    // Keys as synthesis records them, so the near-duplicate rule can compare results.
    for (const p of run.pairs) p.resultKey = resultKey(await db.execute(p.sql));
    const { judge, weak } = models();
    const deps = { judge: judgeDeps(database, judge), weak: weakDeps(database, weak) };
    const edit = (sql: string, question = 'New question?') =>
      editPair(run, 'p1', { question, sql, evidence: '', difficulty: 'simple' }, deps);
    await expect(edit('SELECT Nam FROM singer')).rejects.toMatchObject({ code: 'sql_error' });
    await expect(edit("SELECT Name FROM singer WHERE Country = 'Mars'")).rejects.toThrow(/no rows/);
    await expect(edit('SELECT count(*) FROM stadium')).rejects.toThrow(/repeats p2/);
    await expect(edit('SELECT Name FROM singer', 'how many stadiums are there')).rejects.toThrow(
      /repeats p2/,
    );
    expect(judge.requests).toHaveLength(0);
  });

  it('runs an edited pair again through the judge and the weak model', async () => {
    const { judge, weak } = models();
    const run = state(1);
    const next = await editPair(
      run,
      'p2',
      {
        question: 'How many concerts were there?',
        sql: 'SELECT count(*) FROM concert;',
        evidence: ' ',
        difficulty: 'moderate',
      },
      { judge: judgeDeps(database, judge), weak: weakDeps(database, weak) },
    );
    expect(next.pairs[1]).toMatchObject({
      question: 'How many concerts were there?',
      sql: 'SELECT count(*) FROM concert',
      evidence: '',
      difficulty: 'moderate',
      edited: true,
      judge: { status: 'judged', match: true },
      weak: [{ match: true }],
    });
    expect(lastUserMessage(judge.requests[0] as never)).toContain('How many concerts were there?');
    expect(run.pairs[1]?.question).toBe('How many stadiums are there?');
  });
});

describe('the exported pairs in the evaluation lab', () => {
  it('is a BIRD-format benchmark whose gold SQL scores 100% against itself', async () => {
    const { files } = await buildExport(state(1), database);
    const questions = JSON.parse(files['pairs.json']) as Record<string, unknown>[];
    expect(questions).toHaveLength(3);
    for (const q of questions) {
      expect(Object.keys(q).sort()).toEqual([
        'SQL',
        'db_id',
        'difficulty',
        'evidence',
        'question',
        'question_id',
      ]);
      const score = await scoreByExecution(db, q.SQL as string, q.SQL as string, { rule: 'bird' });
      expect(score.match).toBe(true);
    }
  });
});
