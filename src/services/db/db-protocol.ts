/**
 * The typed messages between the page and the db worker: `{kind, id, payload}` requests,
 * replies matched by id, failures as ErrorPayload so their codes survive the crossing.
 */
import type { BuildTable } from '../../core/csv/import-plan';
import type { ErrorPayload } from '../../core/errors';
import type { DbSchema } from '../../core/schema/types';
import type { QueryResult } from '../../core/sql/result';
import type { DbExecuteOptions } from './db-client';

export type DbRequest =
  /** The worker reads the Blob itself: a Blob crosses threads as a handle, its bytes are not copied. */
  | { kind: 'open'; id: number; payload: { source: Blob } }
  | { kind: 'readSchema'; id: number; payload?: undefined }
  | {
      kind: 'execute';
      id: number;
      payload: { sql: string; options: Omit<DbExecuteOptions, 'timeoutMs'> };
    }
  | { kind: 'export'; id: number; payload?: undefined }
  /** A new database made from imported tables; the open one is not touched. */
  | { kind: 'build'; id: number; payload: { tables: BuildTable[] } }
  | { kind: 'close'; id: number; payload?: undefined };

export type DbRequestKind = DbRequest['kind'];

export interface ExecuteReply {
  result: QueryResult;
  /** True when the text changed the database (rows or schema), even if a later statement failed. */
  wrote: boolean;
}

/** What each request kind answers with. */
export interface DbReplyPayloads {
  open: DbSchema;
  readSchema: DbSchema;
  execute: ExecuteReply;
  /** The file's bytes; their buffer is transferred, not copied. */
  export: Uint8Array;
  /** The new database file's bytes (transferred). */
  build: Uint8Array;
  close: null;
}

export type DbReply =
  | { kind: 'ok'; id: number; payload: DbReplyPayloads[DbRequestKind] }
  /** `wrote` travels with a failure too: a script can change rows before a later statement fails. */
  | { kind: 'error'; id: number; payload: ErrorPayload; wrote?: boolean };
