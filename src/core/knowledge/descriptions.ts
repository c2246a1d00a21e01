/**
 * Looking descriptions up the way SQL names are matched (case-insensitively), and the text a
 * schema shows beside a column: "what it means; values: what its values mean", on one line.
 */
import type { ColumnNote, SchemaDescriptions, TableNotes } from './types';

/** A description longer than this is cut in prompts (BIRD's value descriptions can run long). */
export const NOTE_TEXT_LIMIT = 300;

export function notesFor(
  descriptions: SchemaDescriptions | null | undefined,
  table: string,
): TableNotes | undefined {
  if (!descriptions) return undefined;
  const exact = descriptions[table];
  if (exact) return exact;
  const lower = table.toLowerCase();
  const key = Object.keys(descriptions).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : descriptions[key];
}

/**
 * `notesFor` for many tables at once (the schema browser looks up every table on each
 * keystroke of its filter): one pass over the descriptions instead of one per table.
 */
export function notesLookup(
  descriptions: SchemaDescriptions | null | undefined,
): (table: string) => TableNotes | undefined {
  const entries = Object.entries(descriptions ?? {});
  if (entries.length === 0) return () => undefined;
  const byLower = new Map<string, TableNotes>();
  for (const [name, notes] of entries)
    if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), notes);
  return (table) => descriptions?.[table] ?? byLower.get(table.toLowerCase());
}

export function columnNote(notes: TableNotes | undefined, column: string): ColumnNote | undefined {
  if (!notes) return undefined;
  const exact = notes.columns[column];
  if (exact) return exact;
  const lower = column.toLowerCase();
  const key = Object.keys(notes.columns).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : notes.columns[key];
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function cut(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}...` : text;
}

/**
 * The comment beside a column, or null when nothing is said about it: cut at `limit` characters
 * for prompts; the schema browser shows it whole (the page truncates, with the full text there).
 */
export function columnNoteText(
  note: ColumnNote | undefined,
  limit = NOTE_TEXT_LIMIT,
): string | null {
  if (!note) return null;
  const description = oneLine(note.description);
  const values = oneLine(note.values);
  const parts = [description, values === '' ? '' : `values: ${values}`].filter((p) => p !== '');
  return parts.length === 0 ? null : cut(parts.join('; '), limit);
}

export function tableNoteText(
  notes: TableNotes | undefined,
  limit = NOTE_TEXT_LIMIT,
): string | null {
  const text = oneLine(notes?.description ?? '');
  return text === '' ? null : cut(text, limit);
}

/** True when the table or one of its columns has something said about it. */
export function hasNotes(notes: TableNotes | undefined): boolean {
  if (!notes) return false;
  if (tableNoteText(notes) !== null) return true;
  return Object.values(notes.columns).some((note) => columnNoteText(note) !== null);
}
