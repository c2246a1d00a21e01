/**
 * A query result as CSV (RFC 4180): a header row, CRLF line ends, fields quoted only when they
 * must be. NULL becomes an empty field; a BLOB becomes its bytes in hex, since CSV has no binary.
 */
import type { CellValue, QueryResult } from './result';

export function toCsv(result: Pick<QueryResult, 'columns' | 'rows'>): string {
  const lines = [result.columns.map(csvField)];
  for (const row of result.rows) lines.push(row.map((cell) => csvField(cellToText(cell))));
  return lines.map((fields) => fields.join(',')).join('\r\n') + '\r\n';
}

/** Text of a cell as an export writes it (no NULL marker: the caller decides how NULL looks). */
export function cellToText(cell: CellValue): string {
  if (cell === null) return '';
  if (cell instanceof Uint8Array) return bytesToHex(cell);
  return String(cell);
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

function csvField(text: string): string {
  // Leading/trailing spaces are quoted too: some readers trim unquoted fields.
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
