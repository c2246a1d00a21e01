/**
 * What a result column holds, for charting: numbers, dates or times (SQLite keeps them as ISO
 * text, or as a year), categories (other text), or nothing drawable (BLOBs, all NULL).
 */
import type { CellValue } from '../sql/result';

export type ColumnKind = 'number' | 'date' | 'category' | 'empty';

const ISO_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/;
const YEAR_NAME = /(^|[^a-z])(year|yr|jahr|année|annee|año|anno)s?($|[^a-z])/i;
const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** How many non-NULL values are looked at to decide (the whole column for small results). */
const SAMPLE = 2000;

function sampleValues(rows: CellValue[][], column: number): CellValue[] {
  const values: CellValue[] = [];
  const step = Math.max(1, Math.floor(rows.length / SAMPLE));
  for (let i = 0; i < rows.length && values.length < SAMPLE; i += step) {
    const value = rows[i]?.[column] ?? null;
    if (value !== null) values.push(value);
  }
  return values;
}

/** A year: a whole number between 1000 and 2999 in a column named like one ("year", "release_yr"). */
function isYear(value: CellValue, name: string): boolean {
  const n = typeof value === 'string' ? Number(value) : value;
  return (
    YEAR_NAME.test(name) && typeof n === 'number' && Number.isInteger(n) && n >= 1000 && n <= 2999
  );
}

export function columnKind(rows: CellValue[][], column: number, name: string): ColumnKind {
  const values = sampleValues(rows, column);
  if (values.length === 0 || values.some((v) => v instanceof Uint8Array)) return 'empty';
  if (values.every((v) => isYear(v, name))) return 'date';
  if (
    values.every(
      (v) => typeof v === 'number' || (typeof v === 'string' && NUMERIC_TEXT.test(v.trim())),
    )
  )
    return 'number';
  if (values.every((v) => typeof v === 'string' && (ISO_DATE_TIME.test(v) || TIME_OF_DAY.test(v))))
    return 'date';
  return 'category';
}

export function toNumber(value: CellValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) return Number(value);
  return null;
}
