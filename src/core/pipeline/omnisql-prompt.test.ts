/** The OmniSQL prompt style: the SQL calls get the template the SQL specialists were trained on. */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOmniSqlPrompt, OMNISQL_MARKER } from './omnisql-prompt';
import { createScriptedModel } from '../../test-support/scripted-model';
import { openTestDb } from '../../test-support/open-test-db';
import { CHINOOK_PATH } from '../../test-support/shared-data';
import { DEFAULT_PIPELINE_SETTINGS } from './defaults';
import { runPipeline } from './runner';
import { NOISE_CORRECTION_MARKER, SCHEMA_LINKING_MARKER } from './prompts';

describe('buildOmniSqlPrompt', () => {
  it('fills OmniSQL’s template: the schema as DDL, the hint on the line before the question', () => {
    const [message, ...rest] = buildOmniSqlPrompt({
      schemaText: 'CREATE TABLE t (a NUMBER);',
      question: 'How many rows?',
      hint: 'rows refers to t',
    });
    expect(rest).toEqual([]);
    expect(message?.role).toBe('user');
    const text = message?.content ?? '';
    expect(text.startsWith('Task Overview:\nYou are a data science expert.')).toBe(true);
    expect(text).toContain(
      "Database Engine:\nSQLite\n\nDatabase Schema:\nCREATE TABLE t (a NUMBER);\nThis schema describes the database's structure",
    );
    expect(text).toContain('Question:\nrows refers to t\nHow many rows?\n\nInstructions:');
    expect(
      text.endsWith('Take a deep breath and think step by step to find the correct SQL query.'),
    ).toBe(true);
  });
});

describe('the omnisql prompt style in a run', () => {
  let chinook: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    chinook = await openTestDb(CHINOOK_PATH);
  });

  it('sends OmniSQL’s prompt for the SQL calls and zero-shot prompts for the others', async () => {
    const model = createScriptedModel([
      { match: SCHEMA_LINKING_MARKER, answer: '{"Album": ["Title"]}' },
      {
        match: OMNISQL_MARKER,
        answer: '```\nSELECT Title FROM Album WHERE ArtistId = 1\n```',
        times: 2,
      },
      { match: NOISE_CORRECTION_MARKER, answer: 'The query is correct.' },
    ]);
    let finalSql: string | null = null;
    for await (const event of runPipeline(
      {
        question: 'Albums by AC/DC?',
        hint: '',
        schema: chinook.readSchema(),
        settings: { ...DEFAULT_PIPELINE_SETTINGS, promptStyle: 'omnisql' },
      },
      { model, db: chinook },
    ))
      if (event.type === 'done') finalSql = event.finalSql;
    const sqlCalls = model.requests.filter((r) =>
      r.messages.some((m) => m.content.includes(OMNISQL_MARKER)),
    );
    expect(sqlCalls).toHaveLength(2);
    expect(sqlCalls.every((r) => r.messages.length === 1 && r.messages[0]?.role === 'user')).toBe(
      true,
    );
    // The schema-linking prompt shows no worked examples in this style.
    expect(model.requests[0]?.messages.at(-1)?.content).not.toContain('Worked examples');
    expect(finalSql).toBe('SELECT Title FROM Album WHERE ArtistId = 1');
  });
});
