/**
 * The model's SQL never writes: whatever a stage's answer says, and even on an executor whose
 * own default is to allow writes (as the SQL view's would be with "Allow writes" on), every SQL
 * of a run executes read-only, and the card's outcome says it was refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readOnlyExecutor } from '../sql/read-only';
import type { SqlExecutor } from '../sql/result';
import { createScriptedModel, lastUserMessage } from '../../test-support/scripted-model';
import { openTestDb } from '../../test-support/open-test-db';
import { CHINOOK_PATH } from '../../test-support/shared-data';
import { DEFAULT_PIPELINE_SETTINGS } from './defaults';
import type { PipelineEvent } from './events';
import {
  CONTINUATION_MARKER,
  FULL_SCHEMA_HEADING,
  NOISE_CORRECTION_MARKER,
  SCHEMA_LINKING_MARKER,
  TEXT_TO_SQL_MARKER,
} from './prompts';
import { READ_ONLY_REFUSAL } from './adoption';
import { runPipeline } from './runner';

type Session = Awaited<ReturnType<typeof openTestDb>>;
let chinook: Session;
let writesOn: SqlExecutor;

beforeAll(async () => {
  chinook = await openTestDb(CHINOOK_PATH);
  // An executor that writes unless told otherwise: the worst case for the pipeline.
  writesOn = {
    execute: (sql, options = {}) => chinook.execute(sql, { allowWrites: true, ...options }),
  };
});

const fence = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;
const count = async (sql: string) => (await chinook.execute(sql)).rows[0]?.[0];
const isSql0 = (r: { messages: { content: string }[] }) => {
  const text = lastUserMessage(r as never);
  return text.includes(TEXT_TO_SQL_MARKER) && !text.includes(FULL_SCHEMA_HEADING);
};

describe('SQL written by the model runs read-only', () => {
  it('refuses a DROP TABLE, an UPDATE and a DELETE from every stage, and the database is unchanged', async () => {
    const before = {
      artists: await count('SELECT count(*) FROM Artist'),
      tracks: await count('SELECT count(*) FROM Track'),
      named: await count("SELECT count(*) FROM Artist WHERE Name = 'x'"),
    };
    const model = createScriptedModel([
      { match: SCHEMA_LINKING_MARKER, answer: '{"Artist": ["ArtistId", "Name"]}' },
      {
        match: (r) => !isSql0(r) && lastUserMessage(r).includes(TEXT_TO_SQL_MARKER),
        answer: fence('SELECT count(*) FROM Artist'),
      },
      { match: isSql0, answer: fence('DROP TABLE Artist;\nSELECT 1') },
      { match: NOISE_CORRECTION_MARKER, answer: fence("UPDATE Artist SET Name = (SELECT 'x')") },
      {
        match: CONTINUATION_MARKER,
        answer: fence(
          'WITH gone AS (SELECT TrackId FROM Track) DELETE FROM Track WHERE TrackId IN gone',
        ),
      },
    ]);
    const events: PipelineEvent[] = [];
    for await (const event of runPipeline(
      {
        question: 'How many artists are there?',
        hint: '',
        schema: chinook.readSchema(),
        settings: DEFAULT_PIPELINE_SETTINGS,
      },
      { model, db: writesOn },
    ))
      events.push(event);

    const executed = events.filter((e) => e.type === 'executed');
    const bySql = new Map(executed.map((e) => [e.sql, e.outcome]));
    for (const sql of [
      'DROP TABLE Artist',
      "UPDATE Artist SET Name = (SELECT 'x')",
      'WITH gone AS (SELECT TrackId FROM Track) DELETE FROM Track WHERE TrackId IN gone',
    ]) {
      const outcome = bySql.get(sql);
      expect(outcome, sql).toBeDefined();
      expect(outcome?.ok, sql).toBe(false);
      if (outcome && !outcome.ok) {
        expect(outcome.error.code).toBe('read_only');
        expect(outcome.error.message).toMatch(/^Refused: this SQL would change the database/);
      }
    }
    expect(events.filter((e) => e.type === 'adopted' && e.stage !== 'sql_generation')).toEqual([]);
    // The card and the noise-correction prompt name the rule, not SQLite's "readonly database".
    const rejected = events.filter((e) => e.type === 'rejected').map((e) => e.reason);
    expect(rejected.join('\n')).toContain(READ_ONLY_REFUSAL);
    expect(
      lastUserMessage(
        model.requests.find((r) => lastUserMessage(r).includes(NOISE_CORRECTION_MARKER))!,
      ),
    ).toContain(READ_ONLY_REFUSAL);
    expect({
      artists: await count('SELECT count(*) FROM Artist'),
      tracks: await count('SELECT count(*) FROM Track'),
      named: await count("SELECT count(*) FROM Artist WHERE Name = 'x'"),
    }).toEqual(before);
    expect(before).toEqual({ artists: 275, tracks: 3503, named: 0 });
  });

  it('a statement that lifts query_only itself does not let the next one write', async () => {
    await expect(
      readOnlyExecutor(writesOn).execute('PRAGMA query_only = 0; DELETE FROM Artist'),
    ).rejects.toMatchObject({ code: 'read_only' });
    expect(await count('SELECT count(*) FROM Artist')).toBe(275);
  });
});
