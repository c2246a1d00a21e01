/**
 * Checks on a database file made before SQLite sees it, so that a wrong file gets a specific
 * message (empty, not SQLite, cut short, too large) instead of SQLite's generic one.
 * See https://www.sqlite.org/fileformat.html#the_database_header for the offsets.
 */
import { AppError } from '../errors';
import { formatBytes } from '../format-bytes';

const HEADER = 'SQLite format 3\0';
export const SQLITE_HEADER_BYTES = 100;

/** The largest file the page accepts: sql.js holds the whole file in wasm memory (4 GB at most, in practice far less). */
export const MAX_DATABASE_BYTES = 1024 * 1024 * 1024;

/** Refuses a file above `limit` before any of it is read. */
export function checkDatabaseSize(sizeBytes: number, limit = MAX_DATABASE_BYTES): AppError | null {
  if (sizeBytes <= limit) return null;
  return new AppError(
    'db_too_large',
    `This file is ${formatBytes(sizeBytes)}; the browser can hold databases up to ${formatBytes(limit)}.`,
    'Open a smaller database, or a copy with fewer rows (for example made with VACUUM INTO after deleting some).',
  );
}

/** True when the first 16 bytes are SQLite's magic string. */
export function hasSqliteHeader(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER.length) return false;
  for (let i = 0; i < HEADER.length; i += 1) {
    if (bytes[i] !== HEADER.charCodeAt(i)) return false;
  }
  return true;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] ?? 0) * 0x1000000 +
      ((bytes[offset + 1] ?? 0) << 16) +
      ((bytes[offset + 2] ?? 0) << 8) +
      (bytes[offset + 3] ?? 0)) >>>
    0
  );
}

export interface SqliteHeaderInfo {
  pageSize: number;
  /** From the header; null when the header says its own count is stale (old writers). */
  pageCount: number | null;
  /** Write-ahead-log mode: sql.js cannot open such a file until it is switched back. */
  wal: boolean;
}

export function readSqliteHeader(bytes: Uint8Array): SqliteHeaderInfo {
  const raw = ((bytes[16] ?? 0) << 8) | (bytes[17] ?? 0);
  const pageSize = raw === 1 ? 65536 : raw;
  const changeCounter = readUint32(bytes, 24);
  const versionValidFor = readUint32(bytes, 92);
  const pageCount = readUint32(bytes, 28);
  return {
    pageSize,
    pageCount: pageCount > 0 && changeCounter === versionValidFor ? pageCount : null,
    wal: bytes[18] === 2 || bytes[19] === 2,
  };
}

const CORRUPT_NEXT_STEP =
  'Try the original file again; if it came from a download, download it again. A file copied while another program was writing it can be incomplete.';

export function corruptDatabaseError(detail?: string): AppError {
  return new AppError(
    'corrupt_db',
    'This SQLite file is damaged or incomplete, so it cannot be read.',
    CORRUPT_NEXT_STEP,
    detail,
  );
}

/**
 * Everything that can be said about a file from its bytes alone: empty, not SQLite, or shorter
 * than its header promises (a truncated download). Returns null when SQLite should try it.
 */
export function validateSqliteBytes(bytes: Uint8Array): AppError | null {
  if (bytes.length === 0) {
    return new AppError(
      'empty_file',
      'This file is empty (0 bytes).',
      'Choose the database file itself, not an empty placeholder.',
    );
  }
  if (!hasSqliteHeader(bytes)) {
    return new AppError(
      'not_sqlite',
      'This is not an SQLite database: its first 16 bytes are not "SQLite format 3".',
      'Choose a .sqlite or .db file. A CSV or SQL dump has to be imported into SQLite first.',
    );
  }
  if (bytes.length < SQLITE_HEADER_BYTES)
    return corruptDatabaseError(
      `The file ends after ${bytes.length} bytes, inside the 100-byte header.`,
    );
  const header = readSqliteHeader(bytes);
  const validPageSize =
    header.pageSize >= 512 &&
    header.pageSize <= 65536 &&
    (header.pageSize & (header.pageSize - 1)) === 0;
  if (!validPageSize)
    return corruptDatabaseError(`The header gives an impossible page size (${header.pageSize}).`);
  if (header.pageCount !== null && bytes.length < header.pageCount * header.pageSize) {
    return corruptDatabaseError(
      `The header promises ${header.pageCount} pages of ${header.pageSize} bytes (${header.pageCount * header.pageSize} bytes), but the file has ${bytes.length} bytes: it was cut short.`,
    );
  }
  if (bytes.length % header.pageSize !== 0) {
    return corruptDatabaseError(
      `The file size (${bytes.length} bytes) is not a whole number of ${header.pageSize}-byte pages: it was cut short.`,
    );
  }
  return null;
}

/** A copy of the bytes switched from WAL to rollback-journal mode (bytes 18 and 19), which sql.js can open. */
export function withoutWalMode(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  copy[18] = 1;
  copy[19] = 1;
  return copy;
}
