/**
 * SQL that a model wrote (a stage's, the vote's, a check's correction, an evaluated prediction,
 * a synthesised pair) only ever runs read-only, whatever the SQL view's "Allow writes" says.
 * The executor below forwards only the options a read needs and says `allowWrites: false` itself,
 * so neither a caller nor an executor's own default can let a write through, and it turns
 * SQLite's refusal into a sentence about that rule.
 */
import { AppError, toErrorPayload } from '../errors';
import type { SqlExecutor } from './result';

export function modelWriteRefused(detail: string): AppError {
  return new AppError(
    'read_only',
    'Refused: this SQL would change the database. SQL written by a model only ever runs read-only, whatever "Allow writes" says in the SQL view.',
    'Ask for a query that reads the data; to change the database, write the statement yourself in the SQL view.',
    detail,
  );
}

export function readOnlyExecutor(db: SqlExecutor): SqlExecutor {
  return {
    execute: (sql, options = {}) =>
      db
        .execute(sql, {
          timeoutMs: options.timeoutMs,
          maxRows: options.maxRows,
          allowWrites: false,
        })
        .catch((error: unknown) => {
          const payload = toErrorPayload(error);
          throw payload.code === 'read_only'
            ? modelWriteRefused(payload.detail ?? payload.message)
            : error;
        }),
  };
}
