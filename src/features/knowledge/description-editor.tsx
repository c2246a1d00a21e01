/**
 * Every table's descriptions in the Knowledge view: one fold per table with how many of its
 * columns are described, opening the shared form (the schema browser opens the same one).
 */
import { useState } from 'react';
import { columnNote, notesFor } from '../../core/knowledge/descriptions';
import type { SchemaDescriptions } from '../../core/knowledge/types';
import type { TableInfo } from '../../core/schema/types';
import { useAppStore } from '../../state/store';
import { TableNotesForm } from '../../ui/table-notes-form';

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
        <div className="mt-2">
          <TableNotesForm
            table={table}
            notes={notes}
            onSave={(column, note) => void setDescription(table.name, column, note)}
          />
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
