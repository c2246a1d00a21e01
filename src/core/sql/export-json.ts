/**
 * A query result as JSON: an array of objects keyed by column name. SQL allows two result columns
 * with one name (`SELECT a, a`), so repeated names get a suffix instead of silently overwriting.
 * NULL stays null; a BLOB becomes `{ "blobHex": "..." }` so it cannot be mistaken for text.
 */
import { bytesToHex } from './export-csv';
import type { CellValue, QueryResult } from './result';

type JsonCell = string | number | null | { blobHex: string };

export function toJson(result: Pick<QueryResult, 'columns' | 'rows'>): string {
  const keys = uniqueKeys(result.columns);
  const objects = result.rows.map((row) => {
    const object: Record<string, JsonCell> = {};
    keys.forEach((key, index) => {
      object[key] = jsonCell(row[index] ?? null);
    });
    return object;
  });
  return JSON.stringify(objects, null, 2) + '\n';
}

export function uniqueKeys(columns: string[]): string[] {
  const seen = new Set<string>();
  return columns.map((column) => {
    let key = column;
    for (let n = 2; seen.has(key); n++) key = `${column}_${n}`;
    seen.add(key);
    return key;
  });
}

function jsonCell(cell: CellValue): JsonCell {
  if (cell instanceof Uint8Array) return { blobHex: bytesToHex(cell) };
  // JSON has no Infinity or NaN (SQLite can return 1e999); keep the value readable as text.
  if (typeof cell === 'number' && !Number.isFinite(cell)) return String(cell);
  return cell;
}
