/**
 * Tables and views of the open database, with a filter and expandable details, and what the
 * knowledge says of them: a table's description under its name, a column's beside it, and a
 * pencil that opens the description form of one table in place. The list is virtual (only
 * visible rows are in the DOM, and a form only for a table being described) so a database with
 * thousands of tables stays quick; names are rendered as text, whatever they hold.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ColumnNote, SchemaDescriptions, TableNotes } from '../../core/knowledge/types';
import type { DbSchema, TableInfo } from '../../core/schema/types';
import { TableNotesForm } from '../../ui/table-notes-form';
import { schemaItems, type SchemaItem } from './schema-items';

export interface SchemaBrowserProps {
  schema: DbSchema;
  onPreview(tableName: string): void;
  /** What the open database's knowledge says of its tables and columns. */
  descriptions?: SchemaDescriptions | null;
  /** Saves a table's description (column null) or a column's note. */
  onDescribe?(table: string, column: string | null, note: ColumnNote | string): void;
}

/** A row's height; a described table or column takes a second line for what is said of it. */
function rowHeight(item: SchemaItem | undefined): number {
  switch (item?.kind) {
    case 'section':
      return 30;
    case 'table':
      return item.description === null ? 30 : 44;
    case 'column':
      return item.note === null ? 24 : 38;
    case 'index':
      return 24;
    case 'note':
      return 40;
    case 'editor':
      // Measured once shown; the table's field, then two fields a column.
      return 120 + 90 * item.table.columns.length;
    default:
      return 30;
  }
}

const toggled = (set: ReadonlySet<string>, name: string): ReadonlySet<string> => {
  const next = new Set(set);
  if (!next.delete(name)) next.add(name);
  return next;
};

export function SchemaBrowser({ schema, onPreview, descriptions, onDescribe }: SchemaBrowserProps) {
  const [filter, setFilter] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [editing, setEditing] = useState<ReadonlySet<string>>(() => new Set());
  /** The table whose form was just opened: its first field takes the focus once. */
  const [justOpened, setJustOpened] = useState<string | null>(null);
  const items = useMemo(
    () => schemaItems(schema, filter, expanded, { editing, descriptions }),
    [schema, filter, expanded, editing, descriptions],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this app; the virtualizer re-renders by design
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => rowHeight(items[index]),
    getItemKey: (index) => items[index]?.key ?? index,
    overscan: 10,
  });

  const toggle = (name: string) => setExpanded((current) => toggled(current, name));
  const toggleEditing = (name: string) => {
    setJustOpened(editing.has(name) ? null : name);
    setEditing((current) => toggled(current, name));
  };
  const closeEditor = (name: string) => {
    setEditing((current) => toggled(current, name));
    // Back to the pencil that opened it (its row is just above, so it is rendered).
    requestAnimationFrame(() =>
      scrollRef.current
        ?.querySelector<HTMLButtonElement>(`button[data-describe="${CSS.escape(name)}"]`)
        ?.focus(),
    );
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="schema-browser">
      <div className="px-3 pb-2">
        <label className="sr-only" htmlFor="schema-filter">
          Filter tables
        </label>
        <input
          id="schema-filter"
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          placeholder="Filter tables"
          className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm placeholder:text-slate-500 focus:border-teal-600 focus:ring-1 focus:ring-teal-600 focus:outline-none"
        />
      </div>
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-auto" role="list" aria-label="Schema">
        <div style={{ height: virtualizer.getTotalSize() }} className="relative">
          {virtualizer.getVirtualItems().map((row) => {
            const item = items[row.index];
            if (!item) return null;
            if (item.kind === 'editor')
              return (
                <div
                  key={row.key}
                  role="listitem"
                  ref={virtualizer.measureElement}
                  data-index={row.index}
                  className="absolute right-0 left-0"
                  style={{ top: row.start }}
                >
                  <DescribeRow
                    table={item.table}
                    notes={item.notes}
                    autoFocus={justOpened === item.table.name}
                    onFocused={() => setJustOpened(null)}
                    onSave={(column, note) => onDescribe?.(item.table.name, column, note)}
                    onClose={() => closeEditor(item.table.name)}
                  />
                </div>
              );
            return (
              <div
                key={row.key}
                role="listitem"
                className="absolute right-0 left-0"
                style={{ top: row.start, height: row.size }}
              >
                <SchemaRow
                  item={item}
                  onToggle={toggle}
                  onPreview={onPreview}
                  onDescribe={onDescribe ? toggleEditing : undefined}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function SchemaRow({
  item,
  onToggle,
  onPreview,
  onDescribe,
}: {
  item: Exclude<SchemaItem, { kind: 'editor' }>;
  onToggle(name: string): void;
  onPreview(name: string): void;
  onDescribe?: (name: string) => void;
}) {
  switch (item.kind) {
    case 'section':
      return (
        <div className="flex h-full items-end px-3 pb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
          {item.label} <span className="ml-1 font-normal text-slate-500">{item.count}</span>
        </div>
      );
    case 'note':
      return <p className="px-3 py-2 text-sm text-slate-500">{item.text}</p>;
    case 'table':
      return (
        <TableRow item={item} onToggle={onToggle} onPreview={onPreview} onDescribe={onDescribe} />
      );
    case 'column': {
      const { column, references, note } = item;
      const line = (
        <div
          className="flex h-6 shrink-0 items-center gap-1.5"
          title={`${column.name} ${column.declaredType}${column.notNull ? ' NOT NULL' : ''}`}
        >
          <span className="truncate">{column.name}</span>
          <span className="shrink-0 font-mono text-[11px] text-slate-500">
            {column.declaredType.toLowerCase()}
          </span>
          {column.primaryKeyOrdinal > 0 && (
            <span
              className="shrink-0 rounded bg-amber-100 px-1 text-[10px] font-semibold text-amber-800"
              title="Primary key"
            >
              PK
            </span>
          )}
          {references && (
            <span
              className="min-w-0 shrink truncate rounded bg-sky-50 px-1 text-[10px] text-sky-800"
              title={`Foreign key to ${references}`}
            >
              FK → {references}
            </span>
          )}
        </div>
      );
      if (note === null)
        return <div className="h-full pr-3 pl-10 text-xs text-slate-700">{line}</div>;
      return (
        <div className="flex h-full flex-col pr-3 pl-10 text-xs text-slate-700">
          {line}
          <p className="-mt-1 truncate text-[11px] text-slate-600" title={note}>
            {note}
          </p>
        </div>
      );
    }
    case 'index':
      return (
        <div
          className="flex h-full items-center gap-1.5 pr-3 pl-10 text-xs text-slate-500"
          title={`Index ${item.index.name} on ${item.index.columns.join(', ')}`}
        >
          <span className="shrink-0 rounded bg-slate-100 px-1 text-[10px] font-semibold text-slate-600">
            {item.index.unique ? 'UNIQUE' : 'INDEX'}
          </span>
          <span className="truncate">
            {item.index.name} ({item.index.columns.join(', ')})
          </span>
        </div>
      );
  }
}

function TableRow({
  item,
  onToggle,
  onPreview,
  onDescribe,
}: {
  item: Extract<SchemaItem, { kind: 'table' }>;
  onToggle(name: string): void;
  onPreview(name: string): void;
  onDescribe?: (name: string) => void;
}) {
  const { table, expanded, description, described, editing } = item;
  return (
    <div className="group flex h-full flex-col justify-center pr-3 pl-2 hover:bg-slate-100">
      <div className="flex h-[30px] shrink-0 items-center gap-1 text-sm">
        <button
          type="button"
          onClick={() => onToggle(table.name)}
          aria-label={`${expanded ? 'Hide' : 'Show'} columns of ${table.name}`}
          aria-expanded={expanded}
          className="flex h-6 w-6 shrink-0 items-center justify-center rounded text-slate-500 hover:bg-slate-200"
        >
          <span
            className={'inline-block transition-transform ' + (expanded ? 'rotate-90' : '')}
            aria-hidden
          >
            ▸
          </span>
        </button>
        <button
          type="button"
          onClick={() => onPreview(table.name)}
          title={`Show the first rows of ${table.name}`}
          className="min-w-0 flex-1 truncate text-left text-slate-800 hover:text-teal-800"
        >
          {table.name}
        </button>
        {table.kind === 'view' && (
          <span className="shrink-0 rounded bg-violet-50 px-1 text-[10px] text-violet-700">
            view
          </span>
        )}
        {table.rowCount !== null && (
          <span
            className="shrink-0 text-xs text-slate-600 tabular-nums"
            title={`${table.rowCount} rows`}
          >
            {table.rowCount.toLocaleString('en-US')}
          </span>
        )}
        {onDescribe && (
          <DescribeButton
            table={table.name}
            described={described}
            editing={editing}
            onClick={() => onDescribe(table.name)}
          />
        )}
      </div>
      {description !== null && (
        <p className="-mt-1 truncate pl-7 text-[11px] text-slate-600" title={description}>
          {description}
        </p>
      )}
    </div>
  );
}

/**
 * The pencil that opens a table's description form. Quiet until the row is hovered or focused
 * for a table nobody described (600 of them should not shout); always shown once it is
 * described, while its form is open, and where there is no hover (touch screens).
 */
function DescribeButton({
  table,
  described,
  editing,
  onClick,
}: {
  table: string;
  described: boolean;
  editing: boolean;
  onClick(): void;
}) {
  const label = `${described ? 'Edit descriptions' : 'Add description'} of ${table}`;
  const quiet = !described && !editing;
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      aria-expanded={editing}
      title={label}
      data-describe={table}
      className={
        'flex h-6 w-6 shrink-0 items-center justify-center rounded hover:bg-slate-200 focus:opacity-100 ' +
        (editing ? 'bg-teal-50 text-teal-800 ' : described ? 'text-teal-700 ' : 'text-slate-500 ') +
        (quiet ? 'opacity-0 group-hover:opacity-100 pointer-coarse:opacity-100' : '')
      }
    >
      <span aria-hidden>✎</span>
    </button>
  );
}

/** The description form of one table, in the list under its row; Escape or Done closes it. */
function DescribeRow({
  table,
  notes,
  autoFocus,
  onFocused,
  onSave,
  onClose,
}: {
  table: TableInfo;
  notes: TableNotes | undefined;
  autoFocus: boolean;
  onFocused(): void;
  onSave(column: string | null, note: ColumnNote | string): void;
  onClose(): void;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!autoFocus) return;
    box.current?.querySelector('input')?.focus();
    onFocused();
  }, [autoFocus, onFocused]);
  return (
    <div
      ref={box}
      className="mx-2 my-1 space-y-2 rounded-md border border-teal-200 bg-teal-50/40 p-2"
      data-testid="schema-describe"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        // Leaving the field saves it before the form goes.
        (document.activeElement as HTMLElement | null)?.blur();
        onClose();
      }}
    >
      <TableNotesForm table={table} notes={notes} onSave={onSave} />
      <div className="flex items-center justify-between gap-2">
        <p className="text-[11px] text-slate-600">Saved as you leave a field; used in prompts.</p>
        <button
          type="button"
          onClick={onClose}
          className="shrink-0 rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100"
        >
          Done
        </button>
      </div>
    </div>
  );
}
