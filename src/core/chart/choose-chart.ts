/**
 * The first chart a result gets, from its columns' kinds and its row count, and the data a
 * chart draws: large results are aggregated (bars, pie) or sampled (lines, points) so the
 * browser draws at most a few thousand marks, with a note saying what was done.
 */
import { formatCount } from '../format-count';
import type { CellValue, QueryResult } from '../sql/result';
import { columnKind, toNumber, type ColumnKind } from './column-kinds';

export type ChartType = 'bar' | 'line' | 'area' | 'scatter' | 'pie' | 'number';
export const CHART_TYPES: readonly ChartType[] = [
  'bar',
  'line',
  'area',
  'scatter',
  'pie',
  'number',
];

export interface ChartSpec {
  type: ChartType;
  /** The column along the x axis (the slices' names for a pie); null: the row number. */
  x: number | null;
  /** The numeric columns drawn (one series each; a pie and a single number use the first). */
  y: number[];
}

export interface ChartColumns {
  names: string[];
  kinds: ColumnKind[];
}

export function chartColumns(result: Pick<QueryResult, 'columns' | 'rows'>): ChartColumns {
  return {
    names: result.columns,
    kinds: result.columns.map((name, index) => columnKind(result.rows, index, name)),
  };
}

/** null when nothing in the result can be drawn (no rows, or no numeric column to count with). */
export function chooseChart(columns: ChartColumns, rowCount: number): ChartSpec | null {
  const { kinds } = columns;
  const numbers = kinds.flatMap((k, i) => (k === 'number' ? [i] : []));
  const dates = kinds.flatMap((k, i) => (k === 'date' ? [i] : []));
  const categories = kinds.flatMap((k, i) => (k === 'category' ? [i] : []));
  if (rowCount === 0) return null;
  if (rowCount === 1 && numbers.length === 1 && kinds.length === 1)
    return { type: 'number', x: null, y: numbers };
  if (numbers.length === 0) return null;
  if (dates.length > 0) {
    const x = dates[0]!;
    return { type: 'line', x, y: numbers.filter((i) => i !== x).slice(0, 4) };
  }
  if (categories.length > 0) return { type: 'bar', x: categories[0]!, y: numbers.slice(0, 4) };
  if (numbers.length >= 2) return { type: 'scatter', x: numbers[0]!, y: [numbers[1]!] };
  if (rowCount === 1) return { type: 'number', x: null, y: numbers };
  return { type: 'bar', x: null, y: numbers };
}

/** The marks a chart type can draw before the data is reduced. */
export const MAX_CATEGORIES: Record<ChartType, number> = {
  bar: 60,
  pie: 12,
  line: 2000,
  area: 2000,
  scatter: 3000,
  number: 1,
};

export interface ChartPoint {
  /** The x value (a category, a date as text, or a number); the row number when x is null. */
  x: string | number;
  /** One value per series, keyed by the series' position in `ChartSpec.y` as `s0`, `s1`, … */
  [series: `s${number}`]: number | null;
}

export interface ChartData {
  points: ChartPoint[];
  /** Said under the chart when the data was reduced or values were left out. */
  note: string | null;
  /** True when the x axis is numeric (a scale), false when it is a list of labels. */
  numericX: boolean;
}

function xLabel(value: CellValue): string {
  if (value === null) return '(NULL)';
  if (value instanceof Uint8Array) return '(BLOB)';
  return String(value);
}

/**
 * Builds the points to draw. Bars and pies sum the rows that share an x value (a bar per
 * category), then keep the largest categories and sum the rest as "Other". Lines and areas sort
 * by x; lines, areas and points beyond their limit are sampled evenly.
 */
export function chartData(
  result: Pick<QueryResult, 'columns' | 'rows' | 'truncated'>,
  columns: ChartColumns,
  spec: ChartSpec,
): ChartData {
  const { rows } = result;
  const notes: string[] = [];
  if (result.truncated)
    notes.push(
      `The query returned more rows than were kept; the chart shows the first ${formatCount(rows.length)}.`,
    );
  const numericX =
    spec.x !== null
      ? columns.kinds[spec.x] === 'number' || isYearColumn(rows, spec.x, columns)
      : true;
  const series = spec.y;
  const pointOf = (row: CellValue[], index: number): ChartPoint => {
    const point: ChartPoint = {
      x:
        spec.x === null
          ? index + 1
          : numericX
            ? (toNumber(row[spec.x] ?? null) ?? 0)
            : xLabel(row[spec.x] ?? null),
    };
    series.forEach((column, s) => {
      point[`s${s}`] = toNumber(row[column] ?? null);
    });
    return point;
  };

  if (spec.type === 'bar' || spec.type === 'pie') {
    if (spec.x === null) {
      return limitCategories(rows.map(pointOf), spec, notes, numericX, false);
    }
    // One bar per x value: rows sharing it are summed.
    const byX = new Map<string, ChartPoint>();
    for (let i = 0; i < rows.length; i++) {
      const point = pointOf(rows[i]!, i);
      const key = String(point.x);
      const seen = byX.get(key);
      if (!seen) byX.set(key, point);
      else series.forEach((_, s) => (seen[`s${s}`] = (seen[`s${s}`] ?? 0) + (point[`s${s}`] ?? 0)));
    }
    if (byX.size < rows.length)
      notes.push(
        `Rows with the same ${columns.names[spec.x]} are summed (${formatCount(rows.length)} rows, ${formatCount(byX.size)} values).`,
      );
    return limitCategories([...byX.values()], spec, notes, numericX, true);
  }

  let points = rows.map(pointOf);
  if (spec.type === 'line' || spec.type === 'area') {
    points.sort((a, b) => (a.x < b.x ? -1 : a.x > b.x ? 1 : 0));
  }
  const max = MAX_CATEGORIES[spec.type];
  if (points.length > max) {
    const step = points.length / max;
    points = Array.from({ length: max }, (_, i) => points[Math.floor(i * step)]!);
    notes.push(
      `Drawn from ${formatCount(max)} of ${formatCount(rows.length)} rows, sampled evenly.`,
    );
  }
  return { points, note: notes.join(' ') || null, numericX };
}

function isYearColumn(rows: CellValue[][], column: number, columns: ChartColumns): boolean {
  return columns.kinds[column] === 'date' && rows.some((r) => typeof r[column] === 'number');
}

function limitCategories(
  points: ChartPoint[],
  spec: ChartSpec,
  notes: string[],
  numericX: boolean,
  byValue: boolean,
): ChartData {
  const max = MAX_CATEGORIES[spec.type];
  if (points.length <= max) return { points, note: notes.join(' ') || null, numericX };
  // The largest by the first series stay; the rest become one "Other" bar (or slice).
  const ranked = byValue ? [...points].sort((a, b) => (b.s0 ?? 0) - (a.s0 ?? 0)) : points;
  const kept = ranked.slice(0, max - 1);
  const rest = ranked.slice(max - 1);
  const other: ChartPoint = { x: `Other (${formatCount(rest.length)})` };
  spec.y.forEach((_, s) => {
    other[`s${s}`] = rest.reduce((sum, p) => sum + (p[`s${s}`] ?? 0), 0);
  });
  notes.push(
    `The ${max - 1} largest of ${formatCount(points.length)} are shown; the rest are summed as Other.`,
  );
  return { points: [...kept, other], note: notes.join(' '), numericX: numericX && !byValue };
}
