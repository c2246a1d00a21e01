/**
 * BIRD's description files as they come: UTF-8 with a byte-order mark, Windows-1252, stray
 * spaces in names and headers, line breaks inside quoted texts, rows naming no column.
 */
import { describe, expect, it } from 'vitest';
import type { DbSchema } from '../schema/types';
import { decodeDescriptionBytes, readBirdDescriptions } from './bird-descriptions';

const column = (name: string, declaredType = 'TEXT') => ({
  name,
  declaredType,
  notNull: false,
  defaultValue: null,
  primaryKeyPosition: 0,
});

const SCHEMA = {
  tables: [
    {
      name: 'frpm',
      kind: 'table',
      columns: [column('CDSCode'), column('Low Grade'), column('Free Meal Count (K-12)', 'REAL')],
      foreignKeys: [],
      rowCount: 0,
    },
    {
      name: 'schools',
      kind: 'table',
      columns: [column('CDSCode'), column('City'), column('Magnet', 'INTEGER')],
      foreignKeys: [],
      rowCount: 0,
    },
  ],
} as unknown as DbSchema;

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
/** Windows-1252 bytes for text whose only non-ASCII letters are é and ñ. */
const cp1252 = (text: string) =>
  new Uint8Array([...text].map((ch) => (ch === 'é' ? 0xe9 : ch === 'ñ' ? 0xf1 : ch.charCodeAt(0))));

const HEADER =
  'original_column_name,column_name,column_description,data_format,value_description\n';

describe('readBirdDescriptions', () => {
  it('reads UTF-8 with a byte-order mark, stray spaces and multi-line texts', async () => {
    const frpm = withBom(
      ` original_column_name , column_name,column_description ,data_format,value_description\n` +
        `CDSCode ,CDSCode,"County-District-School code",text,\n` +
        ` Low Grade,Low Grade,"the lowest grade\ntaught",text,"K: kindergarten; commonsense evidence: 12 is the highest"\n` +
        `Free Meal Count (K-12),,Free meal count for K-12,real,\n` +
        `,,,,\n`,
    );
    const result = await readBirdDescriptions(
      [{ name: 'database_description/frpm.csv', bytes: frpm }],
      SCHEMA,
    );
    expect(result.problems).toEqual([]);
    expect(result.columns).toBe(3);
    expect(result.descriptions).toEqual({
      frpm: {
        description: '',
        columns: {
          CDSCode: { description: 'County-District-School code', values: '' },
          'Low Grade': {
            description: 'the lowest grade taught',
            values: 'K: kindergarten; 12 is the highest',
          },
          'Free Meal Count (K-12)': { description: 'Free meal count for K-12', values: '' },
        },
      },
    });
  });

  it('falls back to Windows-1252, matches the table and columns in any case, adds the long name', async () => {
    const schools = cp1252(
      HEADER +
        'city,City,city where the school is (e.g. Cañada or Médanos),text,\n' +
        'Magnet,magnet school flag,,integer,"0: no, 1: yes"\n',
    );
    expect(decodeDescriptionBytes(schools).encoding).toBe('windows-1252');
    const result = await readBirdDescriptions([{ name: 'SCHOOLS .csv', bytes: schools }], SCHEMA);
    expect(result.problems).toEqual([]);
    expect(result.descriptions.schools?.columns).toEqual({
      City: { description: 'city where the school is (e.g. Cañada or Médanos)', values: '' },
      Magnet: { description: 'magnet school flag', values: '0: no, 1: yes' },
    });
  });

  it('reports a row that names no column of the table, a file for no table, and a file of another shape', async () => {
    const result = await readBirdDescriptions(
      [
        {
          name: 'frpm.csv',
          bytes: utf8(HEADER + 'CDSCode,,code,text,\nLowest Grade,,typo,text,\n'),
        },
        { name: 'teachers.csv', bytes: utf8(HEADER + 'Name,,name,text,\n') },
        { name: 'schools.csv', bytes: utf8('column,meaning\nCity,the city\n') },
      ],
      SCHEMA,
    );
    expect(result.problems).toEqual([
      'frpm.csv line 3: "Lowest Grade" is no column of frpm, so its description was not used.',
      'teachers.csv: no table of this database is called teachers.',
      'schools.csv: it has no original_column_name column, so it is not a BIRD description file.',
    ]);
    expect(result.descriptions).toEqual({
      frpm: { description: '', columns: { CDSCode: { description: 'code', values: '' } } },
    });
    expect(result.tables).toBe(1);
  });
});
