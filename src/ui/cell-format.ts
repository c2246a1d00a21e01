/**
 * How result cells look and sort in the grid. Pure functions, so the rules (NULL unlike an empty
 * string, BLOBs by size, long text cut, numbers sorted as numbers) are tested without a DOM.
 */
import { formatCount } from '../core/format-count';
import type { CellValue } from '../core/sql/result';

/** Text longer than this (or holding a line break) is cut in the grid and opened in a dialog. */
export const LONG_TEXT_CHARS = 120;

export type CellView =
  | { kind: 'null' }
  | { kind: 'blob'; label: string }
  | { kind: 'number'; text: string }
  | { kind: 'text'; text: string; long: boolean; preview: string };

export function viewCell(value: CellValue): CellView {
  if (value === null) return { kind: 'null' };
  if (value instanceof Uint8Array)
    return { kind: 'blob', label: `BLOB (${formatCount(value.byteLength)} bytes)` };
  if (typeof value === 'number') return { kind: 'number', text: String(value) };
  const lineBreak = value.search(/[\r\n]/);
  const long = value.length > LONG_TEXT_CHARS || lineBreak >= 0;
  if (!long) return { kind: 'text', text: value, long, preview: value };
  const cut = Math.min(LONG_TEXT_CHARS, lineBreak >= 0 ? lineBreak : LONG_TEXT_CHARS);
  return { kind: 'text', text: value, long, preview: value.slice(0, cut) + '…' };
}

/**
 * SQLite's own order for mixed values: NULL, then numbers (numerically), then text, then BLOBs.
 * Text compares by code point, as SQLite's default BINARY collation does.
 */
export function compareCells(a: CellValue, b: CellValue): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  return 0;
}

function typeRank(value: CellValue): number {
  if (value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  return 3;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  column: number;
  direction: SortDirection;
}

/** Header clicks cycle: ascending, descending, back to the statement's own order. */
export function nextSort(current: SortState | null, column: number): SortState | null {
  if (!current || current.column !== column) return { column, direction: 'asc' };
  if (current.direction === 'asc') return { column, direction: 'desc' };
  return null;
}

/** Row order for a sort, as indices into `rows`; stable, so ties keep the statement's order. */
export function sortedRowOrder(rows: CellValue[][], sort: SortState | null): number[] {
  const order = rows.map((_, index) => index);
  if (!sort) return order;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const { column } = sort;
  order.sort(
    (x, y) => sign * compareCells(rows[x]?.[column] ?? null, rows[y]?.[column] ?? null) || x - y,
  );
  return order;
}

/** Column widths in pixels from the header and a sample of rows: wide enough, never huge. */
export function columnWidths(columns: string[], rows: CellValue[][], sample = 200): number[] {
  const charPx = 7.5;
  return columns.map((name, column) => {
    let chars = name.length + 3; // room for the sort arrow
    const end = Math.min(rows.length, sample);
    for (let r = 0; r < end; r++) {
      const view = viewCell(rows[r]?.[column] ?? null);
      const text =
        view.kind === 'null'
          ? 'NULL'
          : view.kind === 'blob'
            ? view.label
            : view.kind === 'number'
              ? view.text
              : view.preview;
      chars = Math.max(chars, text.length);
    }
    return Math.round(Math.min(360, Math.max(72, chars * charPx + 24)));
  });
}

export { formatCount };

/** "1 row", "2,240 rows", or "200,000+ rows" when more existed than came back. */
export function rowCount(count: number, truncated = false): string {
  return `${formatCount(count)}${truncated ? '+' : ''} ${count === 1 && !truncated ? 'row' : 'rows'}`;
}
