/**
 * What a table and its columns mean, written by hand: the table's description, and per column
 * what it means and what its values mean. Each field is saved when it loses focus (or on Enter).
 * One form for the Knowledge view and the schema browser: a container query lays it out as a
 * table where there is room and stacks each column's fields in a narrow sidebar.
 */
import { useState } from 'react';
import { columnNote } from '../core/knowledge/descriptions';
import type { ColumnNote, TableNotes } from '../core/knowledge/types';
import type { TableInfo } from '../core/schema/types';

const INPUT =
  'w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 placeholder:text-slate-500 focus:border-teal-600 focus:outline-none';

function NoteField({
  label,
  placeholder,
  value,
  onSave,
}: {
  label: string;
  placeholder: string;
  value: string;
  onSave: (text: string) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onSave(draft);
    setDraft(null);
  };
  return (
    <input
      aria-label={label}
      placeholder={placeholder}
      title={value || undefined}
      className={INPUT}
      value={draft ?? value}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

export interface TableNotesFormProps {
  table: TableInfo;
  /** What is said of the table so far (looked up case-insensitively by the caller). */
  notes: TableNotes | undefined;
  /** A table's description (column null) or one column's note; empty text clears it. */
  onSave(column: string | null, note: ColumnNote | string): void;
}

export function TableNotesForm({ table, notes, onSave }: TableNotesFormProps) {
  return (
    <div className="@container space-y-2">
      <NoteField
        label={`What the table ${table.name} holds`}
        placeholder="What the table holds"
        value={notes?.description ?? ''}
        onSave={(text) => onSave(null, text)}
      />
      <div
        aria-hidden
        className="hidden gap-2 text-xs font-medium text-slate-500 @lg:grid @lg:grid-cols-[minmax(6rem,1fr)_2fr_2fr]"
      >
        <span>Column</span>
        <span>What it means</span>
        <span>What its values mean</span>
      </div>
      <ul className="space-y-2 @lg:space-y-1">
        {table.columns.map((c) => {
          const note = columnNote(notes, c.name) ?? { description: '', values: '' };
          return (
            <li
              key={c.name}
              className="grid gap-1 @lg:grid-cols-[minmax(6rem,1fr)_2fr_2fr] @lg:items-center @lg:gap-2"
            >
              <span className="font-mono text-xs break-all text-slate-700">{c.name}</span>
              <NoteField
                label={`What ${table.name}.${c.name} means`}
                placeholder="What it means"
                value={note.description}
                onSave={(text) => onSave(c.name, { ...note, description: text })}
              />
              <NoteField
                label={`What the values of ${table.name}.${c.name} mean`}
                placeholder="What its values mean"
                value={note.values}
                onSave={(text) => onSave(c.name, { ...note, values: text })}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
