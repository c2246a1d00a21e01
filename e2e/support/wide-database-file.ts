/** A wide numeric database (60 tables by default) written with sqlite3, for specs about big schemas. */
import { execFileSync } from 'node:child_process';
import { requireSqlite3 } from '../../src/test-support/sqlite-cli';
import { wideDatabaseSql } from '../../src/test-support/wide-database';

export function writeWideDatabase(path: string, tables = 60): string {
  execFileSync(requireSqlite3(), [path], {
    input: wideDatabaseSql({ tables, kind: 'numeric' }),
  });
  return path;
}
