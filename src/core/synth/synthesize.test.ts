import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createScriptedModel, lastUserMessage } from '../../test-support/scripted-model';
import { openTestDb } from '../../test-support/open-test-db';
import { CHINOOK_PATH } from '../../test-support/shared-data';
import { fetchSampleRows } from '../pipeline/sample-rows';
import type { DbSchema } from '../schema/types';
import { judgePairs } from './judge';
import { JUDGE_MARKER, SYNTHESIS_MARKER } from './prompts';
import { schemaTexts, type SchemaTexts } from './schema-texts';
import { planRound, synthesize } from './synthesize';
import {
  DEFAULT_SYNTH_SETTINGS,
  emptyRunState,
  filterReason,
  isKept,
  type SynthRunState,
} from './types';

type Session = Awaited<ReturnType<typeof openTestDb>>;
let db: Session;
let schema: DbSchema;
let texts: SchemaTexts;

beforeAll(async () => {
  db = await openTestDb(CHINOOK_PATH);
  schema = db.readSchema();
  texts = schemaTexts(schema, await fetchSampleRows(db, schema));
});

const pairsJson = (pairs: { question: string; sql: string; difficulty?: string }[]) =>
  `Here you go:\n\`\`\`json\n${JSON.stringify(pairs, null, 2)}\n\`\`\``;

const GOOD = [
  { question: 'How many artists are there?', sql: 'SELECT count(*) FROM Artist' },
  {
    question: 'List the titles of the albums by AC/DC.',
    sql: "SELECT T1.Title FROM Album AS T1 JOIN Artist AS T2 ON T1.ArtistId = T2.ArtistId WHERE T2.Name = 'AC/DC'",
  },
  { question: 'Which genres are there?', sql: 'SELECT Name FROM Genre' },
  {
    question: 'How many tracks does each media type have?',
    sql: 'SELECT T2.Name, count(*) FROM Track AS T1 JOIN MediaType AS T2 ON T1.MediaTypeId = T2.MediaTypeId GROUP BY T2.MediaTypeId',
  },
];
const BAD = [
  { question: 'What are the artist names?', sql: 'SELECT Nme FROM Artist' },
  {
    question: 'Which artist is called Nobody?',
    sql: "SELECT Name FROM Artist WHERE Name = 'Nobody at all'",
  },
  { question: 'how many artists are there', sql: 'SELECT count(ArtistId) FROM Artist' },
  { question: 'Count the artists.', sql: 'select COUNT(*)  from artist' },
  { question: 'Remove every artist.', sql: 'DELETE FROM Artist' },
];

const settings = (target: number) => ({
  ...DEFAULT_SYNTH_SETTINGS,
  target,
  pairsPerRound: 6,
  concurrency: 2,
});
const deps = (strong: ReturnType<typeof createScriptedModel>) => ({
  strong,
  db,
  schema,
  schemaText: texts.around,
});

describe('synthesize', () => {
  it('drops pairs that fail, return no rows, repeat or write, and asks again until N are kept', async () => {
    const strong = createScriptedModel([
      { match: SYNTHESIS_MARKER, answer: pairsJson([GOOD[0], ...BAD, GOOD[1]] as never) },
      { match: SYNTHESIS_MARKER, answer: pairsJson([GOOD[0], GOOD[2], GOOD[3]] as never) },
    ]);
    const updates: SynthRunState[] = [];
    const state = await synthesize(emptyRunState('chinook', settings(4)), deps(strong), {
      onUpdate: (s) => updates.push(s),
    });
    expect(state.end).toBe('reached_target');
    expect(state.pairs.map((p) => p.question)).toEqual(GOOD.map((p) => p.question));
    expect(state.pairs.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(state.dropped.map((d) => [d.question, d.reason])).toEqual([
      [BAD[0]?.question, 'sql_error'],
      [BAD[1]?.question, 'no_rows'],
      [BAD[2]?.question, 'duplicate'],
      [BAD[3]?.question, 'duplicate'],
      [BAD[4]?.question, 'not_a_query'],
      [GOOD[0]?.question, 'duplicate'],
    ]);
    expect(state.dropped[0]?.detail).toMatch(/no such column: Nme/);
    expect(state.rounds.map((r) => [r.asked, r.written, r.kept])).toEqual([
      [4, 7, 2],
      [2, 3, 2],
    ]);
    // The second round asks for what is missing, about tables the first did not cover.
    const second = lastUserMessage(strong.requests[1] as never);
    expect(second).toContain('Write 2 of them');
    expect(second).toContain('- How many artists are there?');
    expect(state.rounds[1]?.focusTables).not.toContain('Artist');
    expect(updates.length).toBeGreaterThanOrEqual(2);
  });

  it('stops when a round adds nothing new, and says so', async () => {
    const strong = createScriptedModel([
      { match: SYNTHESIS_MARKER, answer: pairsJson([GOOD[0]] as never) },
      { match: SYNTHESIS_MARKER, answer: pairsJson([GOOD[0], BAD[0]] as never) },
    ]);
    const state = await synthesize(emptyRunState('chinook', settings(5)), deps(strong));
    expect(state.end).toBe('no_new_pairs');
    expect(state.pairs).toHaveLength(1);
    expect(strong.requests).toHaveLength(2);
  });

  it('counts an unreadable answer as a round with nothing new', async () => {
    const strong = createScriptedModel([
      { match: SYNTHESIS_MARKER, answer: 'I would rather not.' },
    ]);
    const state = await synthesize(emptyRunState('chinook', settings(3)), deps(strong));
    expect(state.end).toBe('no_new_pairs');
    expect(state.rounds[0]?.error?.code).toBe('unparseable_answer');
  });

  it('resumes where a saved state stopped, and a higher target asks for more', async () => {
    const first = createScriptedModel([
      { match: SYNTHESIS_MARKER, answer: pairsJson(GOOD.slice(0, 2)) },
    ]);
    const saved = await synthesize(emptyRunState('chinook', settings(2)), deps(first));
    expect(saved.end).toBe('reached_target');
    const again = createScriptedModel([]);
    expect((await synthesize(saved, deps(again))).pairs).toHaveLength(2);
    expect(again.requests).toHaveLength(0);
    const more = createScriptedModel([
      { match: SYNTHESIS_MARKER, answer: pairsJson(GOOD.slice(2)) },
    ]);
    const grown = await synthesize({ ...saved, settings: settings(4) }, deps(more));
    expect(grown.pairs.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(grown.rounds).toHaveLength(2);
  });

  it('stops on a failed call with its error, keeping the rounds before it for a resume', async () => {
    const strong = createScriptedModel([
      { match: SYNTHESIS_MARKER, answer: pairsJson(GOOD.slice(0, 1)) },
      {
        match: SYNTHESIS_MARKER,
        answer: '[{"question"',
        failAfterChars: 3,
        failWith: new AppError('stream_dropped', 'The connection dropped.'),
      },
    ]);
    let saved: SynthRunState | null = null;
    await expect(
      synthesize(emptyRunState('chinook', settings(3)), deps(strong), {
        onUpdate: (s) => (saved = s),
      }),
    ).rejects.toMatchObject({ code: 'stream_dropped' });
    expect((saved as SynthRunState | null)?.pairs.map((p) => p.question)).toEqual([
      GOOD[0]?.question,
    ]);
    expect((saved as SynthRunState | null)?.end).toBeNull();
  });

  it('turns through tables and difficulties', () => {
    const start = emptyRunState('chinook', settings(10));
    const first = planRound(start, schema);
    const second = planRound({ ...start, rounds: [{} as never] }, schema);
    expect(first.focusTables).toHaveLength(3);
    expect(second.focusTables).not.toEqual(first.focusTables);
    expect(second.difficulty).not.toBe(first.difficulty);
  });
});

describe('judgePairs', () => {
  it('sends pairs judged false to the filtered list with the reason', async () => {
    const strong = createScriptedModel([
      { match: SYNTHESIS_MARKER, answer: pairsJson(GOOD.slice(0, 3)) },
    ]);
    const synthesized = await synthesize(emptyRunState('chinook', settings(3)), deps(strong));
    const judge = createScriptedModel([
      {
        match: 'Question: List the titles',
        answer: '{"match": false, "reason": "It lists tracks, not albums."}',
      },
      { match: 'Question: Which genres', answer: 'Sorry, no idea.' },
      { match: JUDGE_MARKER, answer: '```json\n{"match": true, "reason": "Counts artists."}\n```' },
    ]);
    const judged = await judgePairs(synthesized, { judge, db, schema, schemaText: texts.around });
    expect(judged.pairs.map((p) => p.judge?.status)).toEqual(['judged', 'judged', 'failed']);
    expect(judged.pairs.map(isKept)).toEqual([true, false, false]);
    expect(filterReason(judged.pairs[1] as never)).toBe('It lists tracks, not albums.');
    expect(filterReason(judged.pairs[2] as never)).toMatch(/no verdict/);
    // The judge sees the first rows the SQL returns.
    expect(lastUserMessage(judge.requests[0] as never)).toMatch(
      /First rows it returns:\ncount\(\*\)\n275/,
    );
  });
});
