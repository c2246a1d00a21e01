/**
 * The schema browser as a flat list of rows (section headings, tables, their columns and
 * indices), so a virtual list can show only what is on screen even for thousands of tables.
 */
import type { ColumnInfo, DbSchema, IndexInfo, TableInfo } from '../../core/schema/types';

export type SchemaItem =
  | { kind: 'section'; key: string; label: string; count: number }
  | { kind: 'table'; key: string; table: TableInfo; expanded: boolean }
  | { kind: 'column'; key: string; column: ColumnInfo; references: string | null }
  | { kind: 'index'; key: string; index: IndexInfo }
  | { kind: 'note'; key: string; text: string };

export function matchesFilter(name: string, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  return needle === '' || name.toLowerCase().includes(needle);
}

export function schemaItems(
  schema: DbSchema,
  filter: string,
  expanded: ReadonlySet<string>,
): SchemaItem[] {
  const shown = schema.tables.filter((table) => matchesFilter(table.name, filter));
  const items: SchemaItem[] = [];
  for (const kind of ['table', 'view'] as const) {
    const group = shown.filter((table) => table.kind === kind);
    if (group.length === 0) continue;
    items.push({
      kind: 'section',
      key: `section:${kind}`,
      label: kind === 'table' ? 'Tables' : 'Views',
      count: group.length,
    });
    for (const table of group) {
      const isOpen = expanded.has(table.name);
      items.push({ kind: 'table', key: `t:${table.name}`, table, expanded: isOpen });
      if (isOpen) items.push(...tableDetails(table));
    }
  }
  if (items.length === 0) {
    items.push({
      kind: 'note',
      key: 'note:none',
      text:
        schema.tables.length === 0
          ? 'This database has no tables.'
          : 'No table matches the filter.',
    });
  }
  return items;
}

function tableDetails(table: TableInfo): SchemaItem[] {
  const items: SchemaItem[] = table.columns.map((column) => ({
    kind: 'column',
    key: `c:${table.name}\u0000${column.name}`,
    column,
    references: referenceOf(table, column.name),
  }));
  for (const index of table.indices) {
    items.push({ kind: 'index', key: `i:${table.name}\u0000${index.name}`, index });
  }
  return items;
}

/** `Album.AlbumId` for a foreign-key column; just `Album` when the key names no column. */
export function referenceOf(table: TableInfo, columnName: string): string | null {
  for (const key of table.foreignKeys) {
    const position = key.columns.indexOf(columnName);
    if (position < 0) continue;
    const target = key.referencedColumns[position];
    return target ? `${key.referencedTable}.${target}` : key.referencedTable;
  }
  return null;
}
