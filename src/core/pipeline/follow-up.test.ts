/**
 * A follow-up's earlier turns reach every prompt of a run: schema linking (both calls), SQL
 * generation, the vote's samples, noise correction, the result-check correction and
 * continuation writing. A turn without SQL gives its question only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbSchema } from '../schema/types';
import {
  createScriptedModel,
  lastUserMessage,
  promptKind,
} from '../../test-support/scripted-model';
import { openTestDb } from '../../test-support/open-test-db';
import { spiderDatabasePath } from '../../test-support/shared-data';
import { DEFAULT_PIPELINE_SETTINGS } from './defaults';
import type { EarlierTurn, PipelineEvent } from './events';
import {
  CONTINUATION_MARKER,
  CORRECT_VERDICT,
  EARLIER_TURNS_HEADING,
  NOISE_CORRECTION_MARKER,
  SCHEMA_LINKING_MARKER,
  TEXT_TO_SQL_MARKER,
  earlierTurnsBlock,
} from './prompts';
import { RESULT_CHECK_MARKER } from './result-check-prompt';
import { runPipeline } from './runner';

type Session = Awaited<ReturnType<typeof openTestDb>>;
let db: Session;
let schema: DbSchema;
beforeAll(async () => {
  db = await openTestDb(spiderDatabasePath('concert_singer'));
  schema = db.readSchema();
});

const fence = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;

const EARLIER: EarlierTurn[] = [
  { question: 'Which singers sang in a concert?', sql: 'SELECT DISTINCT s.Name FROM singer AS s' },
  { question: 'Which of them are from the moon?', sql: null },
];

// Three tables (so continuation writing runs) and 'USA', a value no row holds (so the result
// checks ask for a correction).
const JOINED = (country: string) =>
  `SELECT s.Name FROM singer AS s JOIN singer_in_concert AS sc ON sc.Singer_ID = s.Singer_ID JOIN concert AS c ON c.concert_ID = sc.concert_ID WHERE s.Country = '${country}'`;

describe('follow-up questions', () => {
  it('show the earlier questions and their final SQL in every prompt of every stage', async () => {
    const always = { times: Infinity } as const;
    const model = createScriptedModel([
      { ...always, match: SCHEMA_LINKING_MARKER, answer: '{"singer": ["Name", "Country"]}' },
      { ...always, match: NOISE_CORRECTION_MARKER, answer: CORRECT_VERDICT },
      {
        ...always,
        match: RESULT_CHECK_MARKER,
        answer: `The data spells it out.\n${fence(JOINED('United States'))}`,
      },
      { ...always, match: CONTINUATION_MARKER, answer: fence(JOINED('United States')) },
      { ...always, match: TEXT_TO_SQL_MARKER, answer: fence(JOINED('USA')) },
    ]);
    const input = {
      question: 'And only those from the USA?',
      hint: '',
      schema,
      earlier: EARLIER,
      settings: { ...DEFAULT_PIPELINE_SETTINGS, samples: 3, resultChecks: true },
    };
    const events: PipelineEvent[] = [];
    for await (const e of runPipeline(input, { model, db })) events.push(e);

    const kinds = new Set<string>();
    for (const request of model.requests) {
      const text = lastUserMessage(request);
      kinds.add(
        promptKind(request.messages) ??
          (text.includes(RESULT_CHECK_MARKER) ? 'result_check' : 'other'),
      );
      expect(text).toContain(EARLIER_TURNS_HEADING);
      expect(text).toContain(`Earlier question 1: ${EARLIER[0]!.question}`);
      expect(text).toContain(fence(EARLIER[0]!.sql!));
      expect(text).toContain(
        `Earlier question 2: ${EARLIER[1]!.question}\n(No SQL was adopted for it.)`,
      );
      // The earlier turns come before the question, which stays the last one asked.
      expect(text.indexOf('Earlier question 2')).toBeLessThan(
        text.indexOf('Question: And only those from the USA?'),
      );
    }
    expect([...kinds].sort()).toEqual([
      'continuation_writing',
      'noise_correction',
      'pseudo_sql',
      'result_check',
      'schema_links',
      'sql_generation',
    ]);
    // SQL generation once and the vote's two extra samples.
    expect(model.requests.filter((r) => promptKind(r.messages) === 'sql_generation')).toHaveLength(
      3,
    );
    const end = events.at(-1);
    expect(end?.type === 'done' && end.finalSql).toBe(JOINED('United States'));
  });

  it('leave a first question as it was', async () => {
    const model = createScriptedModel([{ answer: fence('SELECT count(*) FROM singer') }]);
    const input = {
      question: 'How many singers are there?',
      hint: '',
      schema,
      settings: { ...DEFAULT_PIPELINE_SETTINGS, schemaLinking: false, noiseCorrection: false },
    };
    for await (const e of runPipeline(input, { model, db })) void e;
    expect(lastUserMessage(model.requests[0]!)).not.toContain(EARLIER_TURNS_HEADING);
    expect(earlierTurnsBlock([])).toBeNull();
  });
});
