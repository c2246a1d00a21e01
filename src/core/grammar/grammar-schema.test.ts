import { describe, expect, it } from 'vitest';
import { grammarSchemaOf, UnknownTablesError } from './grammar-schema';
import type { DbSchema, TableInfo } from '../schema/types';

const table = (name: string, columns: string[]): TableInfo => ({
  name,
  kind: 'table',
  columns: columns.map((c, i) => ({
    name: c,
    declaredType: 'TEXT',
    notNull: false,
    defaultValue: null,
    primaryKeyOrdinal: i === 0 ? 1 : 0,
  })),
  foreignKeys: [],
  indices: [],
  rowCount: null,
  sql: null,
});

const schema: DbSchema = {
  tables: [table('Artist', ['ArtistId', 'Name']), table('Album', ['AlbumId'])],
};

describe('grammarSchemaOf', () => {
  it('takes every table, or the named ones in any case', () => {
    expect(grammarSchemaOf(schema)).toEqual({ Artist: ['ArtistId', 'Name'], Album: ['AlbumId'] });
    expect(grammarSchemaOf(schema, ['artist', ' '])).toEqual({ Artist: ['ArtistId', 'Name'] });
  });

  it('names the tables it does not know and the ones it has', () => {
    expect(() => grammarSchemaOf(schema, ['Artists'])).toThrow(UnknownTablesError);
    expect(() => grammarSchemaOf(schema, ['Artists'])).toThrow(
      'No table named "Artists"; the database has Artist, Album.',
    );
  });
});
