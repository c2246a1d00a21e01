/**
 * The schema browser as a flat list of rows (section headings, tables, their columns and
 * indices, the description form of a table being described), so a virtual list can show only
 * what is on screen even for thousands of tables. What the knowledge says of a table or column
 * comes along, whole (the row truncates it and keeps the full text).
 */
import {
  columnNote,
  columnNoteText,
  hasNotes,
  notesLookup,
  tableNoteText,
} from '../../core/knowledge/descriptions';
import type { SchemaDescriptions, TableNotes } from '../../core/knowledge/types';
import type { ColumnInfo, DbSchema, IndexInfo, TableInfo } from '../../core/schema/types';

export type SchemaItem =
  | { kind: 'section'; key: string; label: string; count: number }
  | {
      kind: 'table';
      key: string;
      table: TableInfo;
      expanded: boolean;
      /** The table's description, null when none is written. */
      description: string | null;
      /** Whether the table or one of its columns is described. */
      described: boolean;
      editing: boolean;
    }
  | {
      kind: 'column';
      key: string;
      column: ColumnInfo;
      references: string | null;
      /** What the column and its values mean, on one line; null when nothing is said. */
      note: string | null;
    }
  | { kind: 'index'; key: string; index: IndexInfo }
  | { kind: 'editor'; key: string; table: TableInfo; notes: TableNotes | undefined }
  | { kind: 'note'; key: string; text: string };

/** What the knowledge adds: tables being described, and what is said of tables and columns. */
export interface SchemaNotesView {
  editing?: ReadonlySet<string>;
  descriptions?: SchemaDescriptions | null;
}

export function matchesFilter(name: string, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  return needle === '' || name.toLowerCase().includes(needle);
}

const NONE: ReadonlySet<string> = new Set();

export function schemaItems(
  schema: DbSchema,
  filter: string,
  expanded: ReadonlySet<string>,
  notesView: SchemaNotesView = {},
): SchemaItem[] {
  const editing = notesView.editing ?? NONE;
  const notesOf = notesLookup(notesView.descriptions);
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
      const isEditing = editing.has(table.name);
      const notes = notesOf(table.name);
      const description = tableNoteText(notes, Infinity);
      items.push({
        kind: 'table',
        key: `t:${table.name}`,
        table,
        expanded: isOpen,
        description,
        described: hasNotes(notes),
        editing: isEditing,
      });
      if (isEditing) items.push({ kind: 'editor', key: `e:${table.name}`, table, notes });
      if (isOpen) items.push(...tableDetails(table, notes));
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

function tableDetails(table: TableInfo, notes: TableNotes | undefined): SchemaItem[] {
  const items: SchemaItem[] = table.columns.map((column) => ({
    kind: 'column',
    key: `c:${table.name}\u0000${column.name}`,
    column,
    references: referenceOf(table, column.name),
    note: columnNoteText(columnNote(notes, column.name), Infinity),
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
