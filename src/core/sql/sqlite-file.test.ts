import { describe, expect, it } from 'vitest';
import {
  checkDatabaseSize,
  hasSqliteHeader,
  MAX_DATABASE_BYTES,
  readSqliteHeader,
  validateSqliteBytes,
  withoutWalMode,
} from './sqlite-file';

/** A header-only image of an SQLite file: magic, page size, page count valid for the change counter. */
function fakeDatabase(
  options: {
    pageSize?: number;
    pages?: number;
    length?: number;
    wal?: boolean;
    staleCount?: boolean;
  } = {},
): Uint8Array {
  const { pageSize = 4096, pages = 2, wal = false, staleCount = false } = options;
  const length = options.length ?? pageSize * pages;
  const bytes = new Uint8Array(length);
  bytes.set(new TextEncoder().encode('SQLite format 3\0'));
  bytes[16] = pageSize === 65536 ? 0 : pageSize >> 8;
  bytes[17] = pageSize === 65536 ? 1 : pageSize & 0xff;
  bytes[18] = bytes[19] = wal ? 2 : 1;
  const view = new DataView(bytes.buffer);
  view.setUint32(24, 7);
  view.setUint32(28, pages);
  view.setUint32(92, staleCount ? 6 : 7);
  return bytes;
}

describe('validateSqliteBytes', () => {
  it('accepts a whole file', () => {
    expect(validateSqliteBytes(fakeDatabase())).toBeNull();
  });

  it('calls a zero-byte file empty', () => {
    expect(validateSqliteBytes(new Uint8Array())?.code).toBe('empty_file');
  });

  it('calls other formats not SQLite', () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0,
    ]);
    expect(validateSqliteBytes(png)?.code).toBe('not_sqlite');
    expect(validateSqliteBytes(new TextEncoder().encode('id,name\n1,Ann\n'))?.code).toBe(
      'not_sqlite',
    );
    expect(
      validateSqliteBytes(new TextEncoder().encode('SQLite format 2\0 and more bytes'))?.code,
    ).toBe('not_sqlite');
  });

  it('calls a file shorter than its header promises corrupt, saying so', () => {
    const whole = fakeDatabase({ pages: 10 });
    const cut = validateSqliteBytes(whole.slice(0, 4096 * 6));
    expect(cut?.code).toBe('corrupt_db');
    expect(cut?.detail).toMatch(/cut short/);
    expect(validateSqliteBytes(whole.slice(0, 50))?.code).toBe('corrupt_db');
    expect(validateSqliteBytes(whole.slice(0, 4096 * 10 - 100))?.code).toBe('corrupt_db');
  });

  it('trusts the size only when the header says its page count is current', () => {
    expect(readSqliteHeader(fakeDatabase({ staleCount: true })).pageCount).toBeNull();
    expect(
      validateSqliteBytes(fakeDatabase({ pages: 10, length: 4096 * 3, staleCount: true })),
    ).toBeNull();
  });

  it('reads a 65536-byte page size from its special encoding', () => {
    expect(readSqliteHeader(fakeDatabase({ pageSize: 65536, pages: 1 })).pageSize).toBe(65536);
  });

  it('rejects an impossible page size', () => {
    const bytes = fakeDatabase();
    bytes[16] = 0x0f;
    expect(validateSqliteBytes(bytes)?.code).toBe('corrupt_db');
  });
});

describe('hasSqliteHeader', () => {
  it('needs all 16 bytes, including the final NUL', () => {
    expect(hasSqliteHeader(new TextEncoder().encode('SQLite format 3'))).toBe(false);
    expect(hasSqliteHeader(fakeDatabase())).toBe(true);
  });
});

describe('withoutWalMode', () => {
  it('switches a WAL file to rollback mode without touching the original', () => {
    const wal = fakeDatabase({ wal: true });
    expect(readSqliteHeader(wal).wal).toBe(true);
    const copy = withoutWalMode(wal);
    expect(readSqliteHeader(copy).wal).toBe(false);
    expect(readSqliteHeader(wal).wal).toBe(true);
  });
});

describe('checkDatabaseSize', () => {
  it('accepts files up to the limit', () => {
    expect(checkDatabaseSize(MAX_DATABASE_BYTES)).toBeNull();
  });

  it('refuses larger files, stating both sizes', () => {
    const error = checkDatabaseSize(1.5 * 1024 ** 3);
    expect(error?.code).toBe('db_too_large');
    expect(error?.message).toContain('1.5 GB');
    expect(error?.message).toContain('1 GB');
  });
});
