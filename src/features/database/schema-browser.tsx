/**
 * Tables and views of the open database, with a filter and expandable details. The list is
 * virtual (only visible rows are in the DOM) so a database with thousands of tables stays quick;
 * names are rendered as text, whatever quotes, spaces or unicode they hold.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { DbSchema, TableInfo } from '../../core/schema/types';
import { schemaItems, type SchemaItem } from './schema-items';

export interface SchemaBrowserProps {
  schema: DbSchema;
  onPreview(tableName: string): void;
}

const ROW_HEIGHT: Record<SchemaItem['kind'], number> = {
  section: 30,
  table: 30,
  column: 24,
  index: 24,
  note: 40,
};

export function SchemaBrowser({ schema, onPreview }: SchemaBrowserProps) {
  const [filter, setFilter] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const items = useMemo(() => schemaItems(schema, filter, expanded), [schema, filter, expanded]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this app; the virtualizer re-renders by design
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => ROW_HEIGHT[items[index]?.kind ?? 'table'],
    getItemKey: (index) => items[index]?.key ?? index,
    overscan: 10,
  });

  const toggle = (name: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(name)) next.add(name);
      return next;
    });

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
            return (
              <div
                key={row.key}
                role="listitem"
                className="absolute right-0 left-0"
                style={{ top: row.start, height: row.size }}
              >
                <SchemaRow item={item} onToggle={toggle} onPreview={onPreview} />
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
}: {
  item: SchemaItem;
  onToggle(name: string): void;
  onPreview(name: string): void;
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
        <TableRow
          table={item.table}
          expanded={item.expanded}
          onToggle={onToggle}
          onPreview={onPreview}
        />
      );
    case 'column': {
      const { column, references } = item;
      return (
        <div
          className="flex h-full items-center gap-1.5 pr-3 pl-10 text-xs text-slate-700"
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
  table,
  expanded,
  onToggle,
  onPreview,
}: {
  table: TableInfo;
  expanded: boolean;
  onToggle(name: string): void;
  onPreview(name: string): void;
}) {
  return (
    <div className="group flex h-full items-center gap-1 pr-3 pl-2 text-sm hover:bg-slate-100">
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
        <span className="shrink-0 rounded bg-violet-50 px-1 text-[10px] text-violet-700">view</span>
      )}
      {table.rowCount !== null && (
        <span
          className="shrink-0 text-xs text-slate-600 tabular-nums"
          title={`${table.rowCount} rows`}
        >
          {table.rowCount.toLocaleString('en-US')}
        </span>
      )}
    </div>
  );
}
