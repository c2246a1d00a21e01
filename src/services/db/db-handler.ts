/**
 * The db worker's logic as a plain function over one SqliteSession, so tests call it without a
 * worker; db.worker.ts only moves messages.
 */
import type { SqlJsStatic } from 'sql.js';
import { AppError, toErrorPayload } from '../../core/errors';
import { formatBytes } from '../../core/format-bytes';
import { noDatabaseError } from '../../core/sql/result';
import { checkDatabaseSize } from '../../core/sql/sqlite-file';
import type { DbReply, DbReplyPayloads, DbRequest } from './db-protocol';
import { buildDatabase } from './build-database';
import { SqliteSession } from './sqlite-session';

export interface HandledReply {
  reply: DbReply;
  /** Buffers to transfer with the reply (the exported file). */
  transfer: Transferable[];
}

export type DbRequestHandler = (request: DbRequest) => Promise<HandledReply>;

/** A wasm heap that cannot grow shows up as one of these. */
function isOutOfMemory(error: unknown): boolean {
  return (
    error instanceof RangeError ||
    /out of memory|allocation failed|Cannot enlarge memory/i.test(String(error))
  );
}

async function readBlob(source: Blob): Promise<Uint8Array> {
  const tooLarge = checkDatabaseSize(source.size);
  if (tooLarge) throw tooLarge;
  return new Uint8Array(await source.arrayBuffer());
}

export function createDbRequestHandler(loadSqlJs: () => Promise<SqlJsStatic>): DbRequestHandler {
  let session: SqliteSession | null = null;
  let sqlJs: Promise<SqlJsStatic> | null = null;
  const sqlJsOnce = (): Promise<SqlJsStatic> => (sqlJs ??= loadSqlJs());
  const current = (): SqliteSession => {
    if (!session) throw noDatabaseError();
    return session;
  };

  async function answer(request: DbRequest): Promise<DbReplyPayloads[DbRequest['kind']]> {
    switch (request.kind) {
      case 'open': {
        const { source } = request.payload;
        let opened: SqliteSession;
        try {
          opened = SqliteSession.open(await sqlJsOnce(), await readBlob(source));
        } catch (error) {
          if (!isOutOfMemory(error)) throw error;
          throw new AppError(
            'db_too_large',
            `This file is ${formatBytes(source.size)}, more than this browser tab could hold in memory.`,
            'Close other tabs and try again, or open a smaller database.',
            String(error),
          );
        }
        // The old database is closed only once the new one opened: a bad file loses nothing.
        session?.close();
        session = opened;
        return session.readSchema();
      }
      case 'readSchema':
        return current().readSchema();
      case 'execute': {
        const db = current();
        const { sql, options } = request.payload;
        // Without allowWrites, query_only guarantees nothing was written: no markers to read.
        const before = options.allowWrites ? db.writeMarker() : null;
        const wrote = () => before !== null && db.writeMarker() !== before;
        try {
          return { result: db.executeSync(sql, options), wrote: wrote() };
        } catch (error) {
          throw Object.assign(error instanceof Error ? error : new Error(String(error)), {
            wrote: wrote(),
          });
        }
      }
      case 'export':
        return current().exportBytes();
      case 'build':
        return buildDatabase(await sqlJsOnce(), request.payload.tables);
      case 'close':
        session?.close();
        session = null;
        return null;
    }
  }

  return async (request) => {
    try {
      let payload = await answer(request);
      let transfer: Transferable[] = [];
      if (payload instanceof Uint8Array) {
        // Transfer needs a buffer of exactly these bytes; a view into a larger one is copied once.
        if (payload.byteOffset !== 0 || payload.byteLength !== payload.buffer.byteLength)
          payload = payload.slice();
        transfer = [payload.buffer as ArrayBuffer];
      }
      return { reply: { kind: 'ok', id: request.id, payload }, transfer };
    } catch (error) {
      const wrote = (error as { wrote?: boolean }).wrote;
      return {
        reply: {
          kind: 'error',
          id: request.id,
          payload: toErrorPayload(error),
          ...(wrote ? { wrote } : {}),
        },
        transfer: [],
      };
    }
  };
}
