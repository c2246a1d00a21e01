/**
 * Column types for imported text: INTEGER, REAL, DATE (ISO dates and date-times, kept as text)
 * or TEXT. Empty cells are NULL and say nothing about a column's type. Numbers with a leading
 * zero ("007", zip codes) stay text: turning them into numbers would lose the zero.
 */

export type ImportColumnType = 'INTEGER' | 'REAL' | 'DATE' | 'TEXT';

export const IMPORT_COLUMN_TYPES: readonly ImportColumnType[] = ['INTEGER', 'REAL', 'DATE', 'TEXT'];

const INTEGER = /^[+-]?(0|[1-9]\d*)$/;
const REAL = /^[+-]?(0|[1-9]\d*)?(\.\d+)?([eE][+-]?\d+)?$/;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function isIntegerText(text: string): boolean {
  return INTEGER.test(text) && Number.isSafeInteger(Number(text));
}

export function isRealText(text: string): boolean {
  // The pattern alone accepts "", "+" and "."; a number needs at least one digit. A whole
  // number too long to be exact (a 20-digit id) is text, not a rounded REAL.
  if (INTEGER.test(text) && !Number.isSafeInteger(Number(text))) return false;
  return /\d/.test(text) && REAL.test(text) && Number.isFinite(Number(text));
}

export function isIsoDateText(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, , month, day, hour, minute, second] = match.map(Number);
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= 31 &&
    (match[4] === undefined ||
      (hour! <= 23 && minute! <= 59 && (match[6] === undefined || second! <= 60)))
  );
}

/** The narrowest type every non-empty value fits; a column of only empty cells is TEXT. */
export function inferColumnType(values: Iterable<string>): ImportColumnType {
  let integer = true;
  let real = true;
  let date = true;
  let seen = false;
  for (const raw of values) {
    const text = raw.trim();
    if (text === '') continue;
    seen = true;
    if (integer && !isIntegerText(text)) integer = false;
    if (real && !isRealText(text)) real = false;
    if (date && !isIsoDateText(text)) date = false;
    if (!integer && !real && !date) return 'TEXT';
  }
  if (!seen) return 'TEXT';
  if (integer) return 'INTEGER';
  if (real) return 'REAL';
  return date ? 'DATE' : 'TEXT';
}

/**
 * A cell as it goes into SQLite under the chosen type. Empty is NULL; a value that does not fit
 * the type is kept as its text (SQLite stores it as given), never dropped or zeroed.
 */
export function cellValue(raw: string, type: ImportColumnType): string | number | null {
  if (raw.trim() === '') return null;
  const text = raw.trim();
  if (type === 'INTEGER' && isIntegerText(text)) return Number(text);
  if ((type === 'REAL' || type === 'INTEGER') && isRealText(text)) return Number(text);
  return type === 'TEXT' ? raw : raw.trim();
}

/** How many non-empty values of a column do not fit a type (shown when a person picks one). */
export function misfitCount(values: Iterable<string>, type: ImportColumnType): number {
  let count = 0;
  for (const raw of values) {
    const text = raw.trim();
    if (text === '' || type === 'TEXT') continue;
    const fits =
      type === 'INTEGER'
        ? isIntegerText(text)
        : type === 'REAL'
          ? isRealText(text)
          : isIsoDateText(text);
    if (!fits) count++;
  }
  return count;
}
