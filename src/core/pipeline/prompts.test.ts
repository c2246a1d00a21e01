import { beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test-support/open-test-db';
import { spiderDatabasePath } from '../../test-support/shared-data';
import {
  buildContinuationPrompt,
  buildNoiseCorrectionPrompt,
  buildSchemaLinkingPrompt,
  buildTextToSqlPrompt,
  chatRequest,
  CONTINUATION_MARKER,
  FULL_SCHEMA_HEADING,
  NOISE_CORRECTION_MARKER,
  SCHEMA_LINKING_MARKER,
  SIMPLIFIED_SCHEMA_HEADING,
  TEXT_TO_SQL_MARKER,
} from './prompts';
import { DEFAULT_PIPELINE_SETTINGS } from './defaults';
import { fetchSampleRows } from './sample-rows';
import { renderSchemaText } from '../schema/schema-text';
import type { ChatMessage } from '../llm/chat';

let full: string;
let simplified: string;
beforeAll(async () => {
  const db = await openTestDb(spiderDatabasePath('concert_singer'));
  const schema = db.readSchema();
  const samples = await fetchSampleRows(db, schema);
  full = renderSchemaText(schema, { samples });
  simplified = renderSchemaText(schema, { samples, kept: { singer: ['Name', 'Age'] } });
});

const question = 'What are the names of singers older than 40?';
const hint = 'older than 40 means Age > 40';
const user = (messages: ChatMessage[]) => messages.find((m) => m.role === 'user')?.content ?? '';

const builders = () => ({
  schemaLinking: (style: 'few_shot' | 'zero_shot') =>
    buildSchemaLinkingPrompt({ schemaText: full, question, hint, style }),
  pseudoSql: () => buildTextToSqlPrompt({ schemaText: full, question, hint, simplified: false }),
  sqlGeneration: () =>
    buildTextToSqlPrompt({ schemaText: simplified, question, hint, simplified: true }),
  noiseCorrection: (style: 'few_shot' | 'zero_shot') =>
    buildNoiseCorrectionPrompt({
      schemaText: full,
      question,
      hint,
      sql: 'SELECT name FROM singer WHERE agee > 40',
      error: 'no such column: agee',
      style,
    }),
  continuation: (style: 'few_shot' | 'zero_shot') =>
    buildContinuationPrompt({ schemaText: full, question, hint, prefix: 'SELECT ', style }),
});

describe('prompts on concert_singer', () => {
  it.each(['few_shot', 'zero_shot'] as const)('match their snapshots (%s)', (style) => {
    const b = builders();
    expect({
      schemaLinking: b.schemaLinking(style),
      pseudoSql: b.pseudoSql(),
      sqlGeneration: b.sqlGeneration(),
      noiseCorrection: b.noiseCorrection(style),
      continuation: b.continuation(style),
    }).toMatchSnapshot();
  });

  it('carry exactly one stage phrase each, so a mock server can tell the stages apart', () => {
    const b = builders();
    const markers = [
      SCHEMA_LINKING_MARKER,
      TEXT_TO_SQL_MARKER,
      NOISE_CORRECTION_MARKER,
      CONTINUATION_MARKER,
    ];
    const expected: [ChatMessage[], string][] = [
      [b.schemaLinking('few_shot'), SCHEMA_LINKING_MARKER],
      [b.schemaLinking('zero_shot'), SCHEMA_LINKING_MARKER],
      [b.pseudoSql(), TEXT_TO_SQL_MARKER],
      [b.sqlGeneration(), TEXT_TO_SQL_MARKER],
      [b.noiseCorrection('few_shot'), NOISE_CORRECTION_MARKER],
      [b.noiseCorrection('zero_shot'), NOISE_CORRECTION_MARKER],
      [b.continuation('few_shot'), CONTINUATION_MARKER],
      [b.continuation('zero_shot'), CONTINUATION_MARKER],
    ];
    for (const [messages, marker] of expected) {
      const text = user(messages);
      expect(markers.filter((m) => text.includes(m))).toEqual([marker]);
      expect(text.split(marker)).toHaveLength(2);
    }
    expect(user(b.pseudoSql())).toContain(FULL_SCHEMA_HEADING);
    expect(user(b.pseudoSql())).not.toContain(SIMPLIFIED_SCHEMA_HEADING);
    expect(user(b.sqlGeneration())).toContain(SIMPLIFIED_SCHEMA_HEADING);
    expect(user(b.sqlGeneration())).not.toContain(FULL_SCHEMA_HEADING);
  });

  it('put the hint in every prompt, and leave the hint line out when there is none', () => {
    const b = builders();
    for (const messages of [
      b.schemaLinking('zero_shot'),
      b.pseudoSql(),
      b.sqlGeneration(),
      b.noiseCorrection('zero_shot'),
      b.continuation('zero_shot'),
    ]) {
      expect(user(messages)).toContain(`Hint: ${hint}`);
      expect(messages[0]).toEqual({ role: 'system', content: expect.stringContaining('SQLite') });
    }
    expect(
      user(buildTextToSqlPrompt({ schemaText: full, question, hint: '  ', simplified: false })),
    ).not.toContain('Hint:');
  });

  it('give the few-shot variants worked examples and the zero-shot ones none', () => {
    const b = builders();
    expect(user(b.schemaLinking('few_shot'))).toContain('Example 3');
    expect(user(b.noiseCorrection('few_shot'))).toContain('Example 3');
    expect(user(b.continuation('few_shot'))).toContain('Example 2');
    for (const messages of [
      b.schemaLinking('zero_shot'),
      b.noiseCorrection('zero_shot'),
      b.continuation('zero_shot'),
    ]) {
      expect(user(messages)).not.toContain('Example');
    }
  });

  it('show the SQLite error to noise correction only when the SQL failed', () => {
    const ok = buildNoiseCorrectionPrompt({
      schemaText: full,
      question,
      hint: '',
      sql: 'SELECT 1',
      error: null,
      style: 'zero_shot',
    });
    expect(user(ok)).not.toContain('When it ran, SQLite reported');
    expect(user(builders().noiseCorrection('zero_shot'))).toContain(
      'When it ran, SQLite reported: no such column: agee',
    );
  });

  it('decode near-greedily, and force JSON only for schema linking', () => {
    const request = chatRequest([], DEFAULT_PIPELINE_SETTINGS, true);
    expect(request).toEqual({
      messages: [],
      temperature: 0.01,
      topP: 0.5,
      maxTokens: 1024,
      repetitionPenalty: 1,
      presencePenalty: 0,
      frequencyPenalty: 0,
      responseFormat: { type: 'json_object' },
    });
    expect(chatRequest([], DEFAULT_PIPELINE_SETTINGS)).not.toHaveProperty('responseFormat');
  });
});
