import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { DbSchema } from '../schema/types';
import { openTestDb } from '../../test-support/open-test-db';
import { spiderDatabasePath } from '../../test-support/shared-data';
import { parseSchemaLinks } from './parse-links';

let schema: DbSchema;
beforeAll(async () => {
  schema = (await openTestDb(spiderDatabasePath('concert_singer'))).readSchema();
});

describe('parseSchemaLinks', () => {
  const json: [string, string, Record<string, string[]>][] = [
    ['plain JSON', '{"singer": ["Name", "Age"]}', { singer: ['Name', 'Age'] }],
    [
      'JSON in a fence with prose',
      'Sure!\n```json\n{"singer": ["Name"], "concert": ["concert_ID"]}\n```\nThese are needed.',
      { concert: ['concert_ID'], singer: ['Name'] },
    ],
    [
      'JSON followed by prose',
      '{"stadium": ["Name", "Capacity"]} are the relevant items.',
      { stadium: ['Name', 'Capacity'] },
    ],
    ['single quotes', "{'singer': ['Name', 'Country']}", { singer: ['Name', 'Country'] }],
    ['trailing commas', '{"singer": ["Name", "Age",],}', { singer: ['Name', 'Age'] }],
    ['names in another case', '{"SINGER": ["name", "AGE"]}', { singer: ['Name', 'Age'] }],
    [
      'qualified column names',
      '{"singer": ["singer.Name", "T1.Age"]}',
      { singer: ['Name', 'Age'] },
    ],
    ['a single column as a string', '{"singer": "Name"}', { singer: ['Name'] }],
    ['a table with no columns', '{"stadium": []}', { stadium: [] }],
    [
      'unknown tables and columns dropped',
      '{"singer": ["Name", "Height"], "band": ["id"]}',
      { singer: ['Name'] },
    ],
    [
      'a cut-off object',
      '{"singer": ["Name", "Age"], "concert": ["Ye',
      { concert: [], singer: ['Name', 'Age'] },
    ],
    [
      'an object cut off after a key',
      '{"singer": ["Name"], "stadium"',
      { singer: ['Name'], stadium: [] },
    ],
  ];
  it.each(json)('reads %s', (_name, answer, expected) => {
    const parsed = parseSchemaLinks(answer, schema);
    expect(parsed.source).toBe('json');
    expect(parsed.links).toEqual(expected);
  });

  it('falls back to the names that prose mentions', () => {
    const parsed = parseSchemaLinks(
      'You need the singer table, with its Name and Age columns.',
      schema,
    );
    expect(parsed.source).toBe('prose');
    expect(parsed.links).toEqual({ singer: ['Name', 'Age'] });
  });

  it('reads a {"tables": [...], "columns": [...]} answer through the names it mentions', () => {
    const parsed = parseSchemaLinks(
      '{"tables": ["singer"], "columns": ["singer.Name", "singer.Age"]}',
      schema,
    );
    expect(parsed.links).toEqual({ singer: ['Name', 'Age'] });
  });

  it('falls back to prose when the JSON names nothing known', () => {
    const parsed = parseSchemaLinks('{"tables": ["stadium"]} -- use stadium.Capacity', schema);
    expect(parsed.source).toBe('prose');
    expect(parsed.links).toEqual({ stadium: ['Capacity'] });
  });

  it.each([
    ['an empty answer', ''],
    ['broken JSON naming nothing', '{"foo": [1, 2'],
    ['prose naming nothing', 'I am not sure which tables are needed.'],
  ])('fails with invalid_json on %s', (_name, answer) => {
    try {
      parseSchemaLinks(answer, schema);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_json');
    }
  });
});
