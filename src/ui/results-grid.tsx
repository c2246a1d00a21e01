/**
 * The rows of a query result: a virtualised grid (only the visible rows are in the DOM, so
 * 100,000 rows scroll smoothly), sortable headers, NULL unlike an empty string, BLOBs by size,
 * long text cut with the whole value one click away, and CSV/JSON export. Every value is a React
 * text node: markup in a cell shows as characters and never runs.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { toCsv } from '../core/sql/export-csv';
import { toJson } from '../core/sql/export-json';
import type { CellValue, QueryResult } from '../core/sql/result';
import {
  columnWidths,
  formatCount,
  nextSort,
  rowCount,
  sortedRowOrder,
  viewCell,
  type SortState,
} from './cell-format';
import { downloadBlob } from './download';
import { TextDialog } from './text-dialog';

export interface ResultsGridProps {
  result: QueryResult;
  height?: number | string;
}

const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 32;
const INDEX_WIDTH = 56;

export function ResultsGrid({ result, height = 360 }: ResultsGridProps) {
  const { columns, rows } = result;
  const [sort, setSort] = useState<SortState | null>(null);
  const [sortedFor, setSortedFor] = useState(result);
  const [expanded, setExpanded] = useState<{ title: string; text: string } | null>(null);
  // A new result starts unsorted (React's "adjust state on prop change" pattern).
  if (sortedFor !== result) {
    setSortedFor(result);
    setSort(null);
  }
  const order = useMemo(() => sortedRowOrder(rows, sort), [rows, sort]);
  const widths = useMemo(() => columnWidths(columns, rows), [columns, rows]);
  // A last flexible track fills any width left over, so rows and header span the whole grid.
  const template = `${INDEX_WIDTH}px ${widths.map((w) => `${w}px`).join(' ')} minmax(0, 1fr)`;
  const totalWidth = INDEX_WIDTH + widths.reduce((sum, w) => sum + w, 0);

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this app; the virtualizer re-renders by design
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const expand = useCallback((title: string, text: string) => setExpanded({ title, text }), []);

  const shownRows = () => order.map((index) => rows[index] ?? []);
  const exportAs = (kind: 'csv' | 'json') => {
    const view = { columns, rows: shownRows() };
    const text = kind === 'csv' ? toCsv(view) : toJson(view);
    const type = kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json';
    downloadBlob(new Blob([text], { type }), `result.${kind}`);
  };

  if (columns.length === 0) {
    return (
      <div className="px-4 py-3 text-sm text-slate-700" role="status">
        Statement ran · {rowCount(result.changes)} changed · {formatMs(result.elapsedMs)}
      </div>
    );
  }

  return (
    <div className="flex min-h-0 flex-col" style={{ height }}>
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-3 py-1.5">
        <p className="text-xs text-slate-600" data-testid="result-summary">
          {rowCount(rows.length)} · {formatMs(result.elapsedMs)}
          {result.truncated && (
            <span className="ml-1 text-amber-700">
              · first {formatCount(rows.length)} rows shown
            </span>
          )}
        </p>
        <div className="ml-auto flex gap-1">
          <button type="button" onClick={() => exportAs('csv')} className={EXPORT_BUTTON}>
            Export CSV
          </button>
          <button type="button" onClick={() => exportAs('json')} className={EXPORT_BUTTON}>
            Export JSON
          </button>
        </div>
      </div>
      <div
        ref={scrollRef}
        // Containment keeps a scroll's layout and paint inside the grid (not the whole page).
        style={{ contain: 'strict' }}
        className="min-h-0 flex-1 overflow-auto bg-white"
        role="table"
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        aria-label="Query result"
      >
        <div
          style={{
            width: totalWidth,
            minWidth: '100%',
            height: HEADER_HEIGHT + virtualizer.getTotalSize(),
          }}
          className="relative"
        >
          <div
            role="row"
            aria-rowindex={1}
            className="sticky top-0 z-10 grid border-b border-slate-300 bg-slate-100 text-xs font-semibold text-slate-700"
            style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}
          >
            <div className="flex items-center justify-end px-2 text-slate-500" aria-hidden>
              #
            </div>
            {columns.map((name, column) => {
              const direction = sort?.column === column ? sort.direction : null;
              return (
                <div
                  key={column}
                  role="columnheader"
                  aria-sort={
                    direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'
                  }
                  className="border-l border-slate-200"
                >
                  <button
                    type="button"
                    onClick={() => setSort((current) => nextSort(current, column))}
                    title={`Sort by ${name}`}
                    className="flex h-full w-full items-center gap-1 px-2 text-left hover:bg-slate-200"
                  >
                    <span className="truncate">{name}</span>
                    <span className="shrink-0 text-teal-700" aria-hidden>
                      {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : ''}
                    </span>
                  </button>
                </div>
              );
            })}
            <div className="border-l border-slate-200" aria-hidden />
          </div>
          {virtualizer.getVirtualItems().map((item) => {
            const rowIndex = order[item.index] ?? 0;
            return (
              <GridRow
                key={item.key}
                row={rows[rowIndex] ?? []}
                position={item.index}
                top={HEADER_HEIGHT + item.start}
                template={template}
                columns={columns}
                onExpand={expand}
              />
            );
          })}
        </div>
        {rows.length === 0 && <p className="px-4 py-3 text-sm text-slate-500">No rows.</p>}
      </div>
      {expanded && (
        <TextDialog title={expanded.title} text={expanded.text} onClose={() => setExpanded(null)} />
      )}
    </div>
  );
}

const EXPORT_BUTTON =
  'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:border-teal-600 hover:text-teal-800';

interface GridRowProps {
  row: CellValue[];
  position: number;
  top: number;
  template: string;
  columns: string[];
  onExpand(title: string, text: string): void;
}

const GridRow = memo(function GridRow({
  row,
  position,
  top,
  template,
  columns,
  onExpand,
}: GridRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={position + 2}
      className={
        'absolute left-0 grid w-full border-b border-slate-100 text-xs ' +
        (position % 2 === 1 ? 'bg-slate-50/70' : 'bg-white')
      }
      style={{ top, height: ROW_HEIGHT, gridTemplateColumns: template, contain: 'strict' }}
    >
      <div className="flex items-center justify-end px-2 text-slate-500 tabular-nums" aria-hidden>
        {position + 1}
      </div>
      {columns.map((name, column) => (
        <GridCell key={column} value={row[column] ?? null} column={name} onExpand={onExpand} />
      ))}
      <div className="border-l border-slate-100" aria-hidden />
    </div>
  );
});

function GridCell({
  value,
  column,
  onExpand,
}: {
  value: CellValue;
  column: string;
  onExpand(title: string, text: string): void;
}) {
  const view = viewCell(value);
  const base = 'flex items-center overflow-hidden border-l border-slate-100 px-2 whitespace-nowrap';
  switch (view.kind) {
    case 'null':
      return (
        <div role="cell" className={base}>
          <span className="text-slate-500 italic">NULL</span>
        </div>
      );
    case 'blob':
      return (
        <div role="cell" className={base}>
          <span className="rounded bg-slate-100 px-1 text-slate-600">{view.label}</span>
        </div>
      );
    case 'number':
      return (
        <div role="cell" className={base + ' justify-end font-mono tabular-nums'}>
          {view.text}
        </div>
      );
    case 'text':
      if (!view.long) {
        return (
          <div role="cell" className={base} title={view.text.length > 30 ? view.text : undefined}>
            <span className="truncate">{view.text}</span>
          </div>
        );
      }
      return (
        <div role="cell" className={base}>
          <button
            type="button"
            onClick={() => onExpand(column, view.text)}
            title="Show the whole value"
            className="truncate text-left text-slate-900 underline decoration-slate-300 decoration-dotted underline-offset-2 hover:text-teal-800"
          >
            {view.preview}
          </button>
        </div>
      );
  }
}

function formatMs(ms: number): string {
  return `${formatCount(Math.round(ms))} ms`;
}
