/**
 * What tables and columns mean, written by hand: per table a description, per column what it
 * means and what its values mean. Saved when a field loses focus.
 */
import { useState } from 'react';
import { columnNote, notesFor } from '../../core/knowledge/descriptions';
import type { SchemaDescriptions } from '../../core/knowledge/types';
import type { TableInfo } from '../../core/schema/types';
import { useAppStore } from '../../state/store';
import { INPUT } from './styles';

function NoteField({
  label,
  value,
  onSave,
}: {
  label: string;
  value: string;
  onSave: (text: string) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      aria-label={label}
      className={INPUT}
      value={draft ?? value}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => {
        if (draft !== null && draft !== value) onSave(draft);
        setDraft(null);
      }}
    />
  );
}

function TableNotesEditor({
  table,
  descriptions,
}: {
  table: TableInfo;
  descriptions: SchemaDescriptions;
}) {
  const setDescription = useAppStore((s) => s.setDescription);
  // A table's fields exist only while it is open: a 600-table database would otherwise mount
  // thousands of inputs in this (hidden) view, freezing the page when the database opens.
  const [open, setOpen] = useState(false);
  const notes = notesFor(descriptions, table.name);
  const described = table.columns.filter((c) => columnNote(notes, c.name)).length;
  return (
    <details
      className="px-4 py-2"
      data-table={table.name}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer text-sm font-medium text-slate-800">
        {table.name}{' '}
        <span className="text-xs font-normal text-slate-500">
          {described} of {table.columns.length} columns described
        </span>
      </summary>
      {open && (
        <div className="mt-2 space-y-2">
          <NoteField
            label={`What the table ${table.name} holds`}
            value={notes?.description ?? ''}
            onSave={(text) => void setDescription(table.name, null, text)}
          />
          <table className="w-full text-left text-xs">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1 pr-2 font-medium">Column</th>
                <th className="py-1 pr-2 font-medium">What it means</th>
                <th className="py-1 font-medium">What its values mean</th>
              </tr>
            </thead>
            <tbody>
              {table.columns.map((c) => {
                const note = columnNote(notes, c.name) ?? { description: '', values: '' };
                return (
                  <tr key={c.name}>
                    <td className="py-1 pr-2 font-mono break-all text-slate-700">{c.name}</td>
                    <td className="py-1 pr-2">
                      <NoteField
                        label={`What ${table.name}.${c.name} means`}
                        value={note.description}
                        onSave={(text) =>
                          void setDescription(table.name, c.name, { ...note, description: text })
                        }
                      />
                    </td>
                    <td className="py-1">
                      <NoteField
                        label={`What the values of ${table.name}.${c.name} mean`}
                        value={note.values}
                        onSave={(text) =>
                          void setDescription(table.name, c.name, { ...note, values: text })
                        }
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

export function DescriptionEditor({ descriptions }: { descriptions: SchemaDescriptions }) {
  const tables = useAppStore((s) => s.database?.schema.tables ?? []);
  return (
    <div className="divide-y divide-slate-100">
      {tables
        .filter((t) => !t.name.toLowerCase().startsWith('sqlite_'))
        .map((t) => (
          <TableNotesEditor key={t.name} table={t} descriptions={descriptions} />
        ))}
    </div>
  );
}
