import { beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test-support/open-test-db';
import { createScriptedModel } from '../../test-support/scripted-model';
import { DEFAULT_PIPELINE_SETTINGS } from '../pipeline/defaults';
import { runPipeline } from '../pipeline/runner';
import { CHINOOK_PATH } from '../../test-support/shared-data';
import { completeContinuation } from '../pipeline/parse-sql';
import { parseNoiseCorrection } from '../pipeline/parse-verdict';
import { parseSchemaLinks } from '../pipeline/parse-links';
import {
  CONTINUATION_MARKER,
  NOISE_CORRECTION_MARKER,
  SCHEMA_LINKING_MARKER,
  SIMPLIFIED_SCHEMA_HEADING,
  TEXT_TO_SQL_MARKER,
} from '../pipeline/prompts';
import { loadSqlParser, sqlReads } from '../sql/sql-reads';
import type { DbSchema } from '../schema/types';
import { clauseBoundaries } from './clause-cut';
import { birdPairs, countRun, exportFiles } from './export';
import { buildTrainingSamples, type SampleContext } from './multitask';
import { prepareDatabase, sampleContext } from './session';
import { DEFAULT_SYNTH_SETTINGS, emptyRunState, type SynthPair, type WeakAnswer } from './types';

let schema: DbSchema;
let context: SampleContext;

beforeAll(async () => {
  await loadSqlParser();
  const db = await openTestDb(CHINOOK_PATH);
  schema = db.readSchema();
  context = sampleContext(await prepareDatabase(db, schema));
});

const weak = (sql: string | null, match: boolean, extra: Partial<WeakAnswer> = {}): WeakAnswer => ({
  sample: 0,
  answer: sql === null ? 'I do not know.' : `\`\`\`sql\n${sql}\n\`\`\``,
  sql,
  match,
  note: null,
  sqlError: null,
  ...extra,
});

function pair(id: string, partial: Partial<SynthPair>): SynthPair {
  return {
    id,
    question: `Question ${id}?`,
    sql: 'SELECT count(*) FROM Artist',
    evidence: '',
    difficulty: 'simple',
    round: 1,
    rowCount: 1,
    resultKey: id,
    judge: { status: 'judged', match: true, reason: 'ok' },
    weak: [],
    review: 'none',
    edited: false,
    ...partial,
  };
}

const ALBUMS_BY =
  "SELECT T1.Title FROM Album AS T1 JOIN Artist AS T2 ON T1.ArtistId = T2.ArtistId WHERE T2.Name = 'AC/DC' ORDER BY T1.Title";

function runState() {
  const state = emptyRunState('chinook', DEFAULT_SYNTH_SETTINGS);
  state.end = 'reached_target';
  state.pairs = [
    pair('p1', {
      question: 'List the albums by AC/DC in title order.',
      evidence: 'AC/DC is the artist name',
      difficulty: 'moderate',
      sql: ALBUMS_BY,
      weak: [
        weak('SELECT Title FROM Album WHERE ArtistId = 1 ORDER BY Title', true, { sample: 0 }),
        weak('SELECT Title FROM Album', false, { sample: 1 }),
        weak('SELECT Title FROM Album', false, { sample: 2 }),
        weak('SELECT Titel FROM Album', false, { sample: 3, sqlError: 'no such column: Titel' }),
        weak(null, false, { sample: 4 }),
      ],
    }),
    pair('p2', {
      sql: 'SELECT Name FROM Genre WHERE GenreId < 5',
      weak: [weak('SELECT Name FROM Genre WHERE GenreId < 5', true)],
    }),
    pair('p3', { judge: { status: 'judged', match: false, reason: 'Counts albums instead.' } }),
    pair('p4', { review: 'rejected' }),
    pair('p5', {
      judge: { status: 'judged', match: false, reason: 'Too strict.' },
      review: 'accepted',
      sql: 'SELECT Name FROM MediaType',
      weak: null,
    }),
  ];
  return state;
}

describe('training samples', () => {
  it('makes DPO pairs exactly for the distinct weak answers that do not match', () => {
    const { dpo } = buildTrainingSamples(runState(), context);
    expect(dpo.map((d) => d.rejected.content)).toEqual([
      '```sql\nSELECT Title FROM Album\n```',
      '```sql\nSELECT Titel FROM Album\n```',
      'I do not know.',
    ]);
    for (const d of dpo) {
      expect(d.chosen).toEqual({ role: 'assistant', content: `\`\`\`sql\n${ALBUMS_BY}\n\`\`\`` });
      expect(d.messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(d.messages[1]?.content).toContain(TEXT_TO_SQL_MARKER);
      expect(d.messages[1]?.content).toContain('Hint: AC/DC is the artist name');
    }
  });

  it('uses only the pairs in training (judged right or accepted, never rejected)', () => {
    const state = runState();
    const texts = buildTrainingSamples(state, context).sft.map((s) => s.messages[1]?.content ?? '');
    for (const id of ['p3', 'p4'])
      expect(texts.some((t) => t.includes(`Question ${id}?`))).toBe(false);
    for (const id of ['p2', 'p5'])
      expect(texts.some((t) => t.includes(`Question ${id}?`))).toBe(true);
    expect(birdPairs(state).map((q) => q.question)).toEqual([
      'List the albums by AC/DC in title order.',
      'Question p2?',
      'Question p5?',
    ]);
  });

  it('targets schema linking with exactly what the SQL reads, in the shape the SL parser reads back', () => {
    const { sft } = buildTrainingSamples(runState(), context);
    const linking = sft.filter((s) => s.task === 'schema_linking');
    expect(linking).toHaveLength(3);
    const sqls = [
      ALBUMS_BY,
      'SELECT Name FROM Genre WHERE GenreId < 5',
      'SELECT Name FROM MediaType',
    ];
    linking.forEach((sample, i) => {
      const target = sample.messages.at(-1)?.content ?? '';
      const reads = sqlReads(sqls[i] as string, schema).columns;
      expect(JSON.parse(target)).toEqual(reads);
      expect(parseSchemaLinks(target, schema).links).toEqual(reads);
      expect(sample.messages[1]?.content).toContain(SCHEMA_LINKING_MARKER);
      // Zero-shot: no worked examples.
      expect(sample.messages[1]?.content).not.toContain('Worked examples');
    });
    expect(JSON.parse(linking[0]?.messages.at(-1)?.content ?? '')).toEqual({
      Album: ['Title', 'ArtistId'],
      Artist: ['ArtistId', 'Name'],
    });
  });

  it('writes noise-correction targets the pipeline parser reads back', () => {
    const { sft } = buildTrainingSamples(runState(), context);
    const nc = sft.filter((s) => s.task === 'noise_correction');
    const reviewed = nc.map(
      (s) => /```sql\n([\s\S]*?)\n```/.exec(s.messages[1]?.content ?? '')?.[1],
    );
    expect(reviewed).toEqual([
      ALBUMS_BY,
      'SELECT Title FROM Album',
      'SELECT Titel FROM Album',
      'SELECT Title FROM Album WHERE ArtistId = 1 ORDER BY Title',
      'SELECT Name FROM Genre WHERE GenreId < 5',
      'SELECT Name FROM MediaType',
    ]);
    for (const sample of nc) {
      const prompt = sample.messages[1]?.content ?? '';
      expect(prompt).toContain(NOISE_CORRECTION_MARKER);
      const sql = reviewed[nc.indexOf(sample)] as string;
      const verdict = parseNoiseCorrection(sample.messages.at(-1)?.content ?? '', sql);
      const wrong = sql.startsWith('SELECT Titel') || sql === 'SELECT Title FROM Album';
      expect(verdict).toEqual(
        wrong ? { verdict: 'corrected', sql: ALBUMS_BY } : { verdict: 'correct', sql: null },
      );
    }
    // The SQLite error the weak SQL met is part of its prompt, as in the pipeline.
    expect(nc[2]?.messages[1]?.content).toContain(
      'When it ran, SQLite reported: no such column: Titel',
    );
  });

  it('cuts continuation samples at clause boundaries; the halves join back to the SQL', () => {
    const { sft } = buildTrainingSamples(runState(), context);
    const cw = sft.filter((s) => s.task === 'continuation_writing');
    expect(cw).toHaveLength(3);
    const sqls = [
      ALBUMS_BY,
      'SELECT Name FROM Genre WHERE GenreId < 5',
      'SELECT Name FROM MediaType',
    ];
    cw.forEach((sample, i) => {
      const sql = sqls[i] as string;
      const prompt = sample.messages[1]?.content ?? '';
      expect(prompt).toContain(CONTINUATION_MARKER);
      const prefix = /Incomplete query:\n```sql\n([\s\S]*?)\n```/.exec(prompt)?.[1] as string;
      expect(sql.startsWith(prefix)).toBe(true);
      expect(clauseBoundaries(sql)).toContain(prefix.length);
      expect(prefix + sql.slice(prefix.length)).toBe(sql);
      expect(completeContinuation(sample.messages.at(-1)?.content ?? '', prefix)).toBe(sql);
    });
  });

  it('trains Text2SQL on the full and on the simplified schema', () => {
    const { sft } = buildTrainingSamples(runState(), context);
    const t2s = sft.filter((s) => s.task === 'text2sql');
    expect(t2s).toHaveLength(6);
    expect(
      t2s.filter((s) => s.messages[1]?.content.includes(SIMPLIFIED_SCHEMA_HEADING)),
    ).toHaveLength(3);
    const simplified = t2s[1]?.messages[1]?.content ?? '';
    expect(simplified).toContain('CREATE TABLE Album');
    expect(simplified).not.toContain('CREATE TABLE Track');
  });
});

describe('the prompts a fine-tuned model meets', () => {
  it('are exactly what the pipeline sends in the zero-shot style', async () => {
    const db = await openTestDb(CHINOOK_PATH);
    const sql = 'SELECT count(*) FROM Genre';
    const model = createScriptedModel([
      { match: SCHEMA_LINKING_MARKER, answer: '{"Genre": ["GenreId"]}' },
      { match: TEXT_TO_SQL_MARKER, answer: `\`\`\`sql\n${sql}\n\`\`\``, times: 2 },
      { match: NOISE_CORRECTION_MARKER, answer: 'The query is correct.' },
    ]);
    const settings = { ...DEFAULT_PIPELINE_SETTINGS, promptStyle: 'zero_shot' as const };
    const question = 'How many genres are there?';
    for await (const event of runPipeline(
      { question, hint: 'genres are rows of Genre', schema, settings },
      { model, db },
    ))
      void event;
    const sent = model.requests.map((r) => r.messages);
    const state = runState();
    state.pairs = [
      {
        ...(state.pairs[1] as SynthPair),
        question,
        evidence: 'genres are rows of Genre',
        sql,
        weak: [],
      },
    ];
    const prompts = buildTrainingSamples(state, context).sft.map((s) => s.messages.slice(0, -1));
    // Schema linking, the pseudo-SQL (Text2SQL on the full schema), and noise correction of the same SQL.
    expect(prompts).toContainEqual(sent[0]);
    expect(prompts).toContainEqual(sent[1]);
    expect(prompts).toContainEqual(sent[3]);
  });
});

describe('exportFiles', () => {
  it('writes the five files with the counts of every step', () => {
    const state = runState();
    const samples = buildTrainingSamples(state, context);
    const files = exportFiles(state, samples);
    const pairs = JSON.parse(files['pairs.json']) as Record<string, unknown>[];
    expect(pairs[0]).toEqual({
      question_id: 0,
      db_id: 'chinook',
      question: 'List the albums by AC/DC in title order.',
      evidence: 'AC/DC is the artist name',
      SQL: ALBUMS_BY,
      difficulty: 'moderate',
    });
    const filtered = files['filtered.jsonl']
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; reason: string });
    expect(filtered.map((f) => [f.id, f.reason])).toEqual([
      ['p3', 'Counts albums instead.'],
      ['p4', 'Rejected in review.'],
    ]);
    const sftLines = files['sft.jsonl']
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { task: string });
    expect(sftLines).toHaveLength(samples.sft.length);
    expect(Object.keys(sftLines[0] as object).sort()).toEqual(['messages', 'task']);
    expect(files['dpo.jsonl'].trim().split('\n')).toHaveLength(3);
    const counts = countRun(state, samples);
    expect(counts).toMatchObject({
      training: 3,
      filtered: 2,
      weakAnswers: 6,
      weakRight: 2,
      weakWrong: 4,
      dpo: 3,
    });
    expect(counts.sft).toEqual({
      text2sql: 6,
      schema_linking: 3,
      noise_correction: 6,
      continuation_writing: 3,
    });
    expect(files['summary.md']).toContain('| dpo.jsonl: preference pairs | 3 |');
    expect(files['summary.md']).toContain('target number of pairs was kept');
  });
});
