/**
 * The small made-up lending library the few-shot examples are written on. It is rendered by the
 * same schema text as the real database, so the examples look exactly like the real task.
 */
import type { ColumnInfo, DbSchema, TableInfo } from '../schema/types';
import type { CellValue } from '../sql/result';
import { renderSchemaText } from '../schema/schema-text';

function column(name: string, declaredType: string, primaryKeyOrdinal = 0): ColumnInfo {
  return { name, declaredType, notNull: false, defaultValue: null, primaryKeyOrdinal };
}

function table(
  name: string,
  columns: ColumnInfo[],
  foreignKeys: TableInfo['foreignKeys'] = [],
): TableInfo {
  return { name, kind: 'table', columns, foreignKeys, indices: [], rowCount: null, sql: null };
}

export const EXAMPLE_SCHEMA: DbSchema = {
  tables: [
    table('authors', [
      column('author_id', 'INTEGER', 1),
      column('name', 'TEXT'),
      column('country', 'TEXT'),
    ]),
    table(
      'books',
      [
        column('book_id', 'INTEGER', 1),
        column('title', 'TEXT'),
        column('author_id', 'INTEGER'),
        column('year_published', 'INTEGER'),
      ],
      [{ columns: ['author_id'], referencedTable: 'authors', referencedColumns: ['author_id'] }],
    ),
    table('members', [
      column('member_id', 'INTEGER', 1),
      column('name', 'VARCHAR(80)'),
      column('joined_on', 'DATE'),
    ]),
    table(
      'loans',
      [
        column('loan_id', 'INTEGER', 1),
        column('book_id', 'INTEGER'),
        column('member_id', 'INTEGER'),
        column('loaned_on', 'DATE'),
        column('returned_on', 'DATE'),
      ],
      [
        { columns: ['book_id'], referencedTable: 'books', referencedColumns: ['book_id'] },
        { columns: ['member_id'], referencedTable: 'members', referencedColumns: ['member_id'] },
      ],
    ),
  ],
};

const EXAMPLE_ROWS = new Map<string, CellValue[][]>([
  [
    'authors',
    [
      [1, 'Chinua Achebe', 'Nigeria'],
      [2, 'Margaret Atwood', 'Canada'],
    ],
  ],
  [
    'books',
    [
      [10, 'Things Fall Apart', 1, 1958],
      [11, 'The Testaments', 2, 2019],
    ],
  ],
  [
    'members',
    [
      [100, 'Ana Souza', '2023-02-14'],
      [101, 'Li Wei', '2021-09-01'],
    ],
  ],
  [
    'loans',
    [
      [500, 11, 100, '2024-03-02', null],
      [501, 10, 101, '2024-01-10', '2024-01-24'],
    ],
  ],
]);

export const EXAMPLE_SCHEMA_TEXT = renderSchemaText(EXAMPLE_SCHEMA, {
  samples: EXAMPLE_ROWS,
  sampleRows: 2,
});
