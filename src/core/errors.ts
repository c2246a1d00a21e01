/**
 * Errors are values with a code, the sentence a person reads, and what they can do next.
 * They cross worker boundaries as plain objects (see `toErrorPayload`), so a worker's failure
 * reaches the page with its code intact instead of as a bare string.
 */

export type ErrorCode =
  // database files and queries
  | 'not_sqlite'
  | 'empty_file'
  | 'corrupt_db'
  | 'db_too_large'
  | 'fetch_failed'
  | 'no_database'
  | 'sql_error'
  | 'read_only'
  | 'timeout'
  // model engines
  | 'webgpu_unavailable'
  | 'no_shader_f16'
  | 'model_download_failed'
  | 'storage_quota'
  | 'device_lost'
  | 'model_too_large'
  | 'model_not_loaded'
  | 'network'
  | 'cors'
  | 'unauthorized'
  | 'model_not_found'
  | 'server_error'
  | 'stream_dropped'
  | 'context_overflow'
  | 'grammar_rejected'
  // pipeline
  | 'unparseable_answer'
  | 'invalid_json'
  // evaluation lab
  | 'invalid_benchmark'
  | 'invalid_predictions'
  // anything
  | 'aborted'
  | 'unknown';

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  nextStep?: string;
  /** Verbatim text from the underlying library (SQLite's message, a server body). */
  detail?: string;
  /** The HTTP status a server answered with, when the error is its answer. */
  status?: number;
}

/** Facts about a server's failure that decide whether the call is tried again. */
export interface HttpFacts {
  status?: number;
  /** How long the server asked the client to wait (its `Retry-After`), in milliseconds. */
  retryAfterMs?: number | null;
}

export class AppError extends Error implements ErrorPayload {
  readonly code: ErrorCode;
  readonly nextStep?: string;
  readonly detail?: string;
  readonly status?: number;
  readonly retryAfterMs?: number | null;

  constructor(
    code: ErrorCode,
    message: string,
    nextStep?: string,
    detail?: string,
    http?: HttpFacts,
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.nextStep = nextStep;
    this.detail = detail;
    if (http?.status !== undefined) this.status = http.status;
    if (http?.retryAfterMs !== undefined) this.retryAfterMs = http.retryAfterMs;
  }

  static fromPayload(payload: ErrorPayload): AppError {
    return new AppError(payload.code, payload.message, payload.nextStep, payload.detail, {
      status: payload.status,
    });
  }
}

/** What a run, a request or a query ended by the person (Stop, Cancel) reports. */
export function stoppedError(): AppError {
  return new AppError('aborted', 'Stopped.');
}

export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) {
    return {
      code: error.code,
      message: error.message,
      nextStep: error.nextStep,
      detail: error.detail,
      ...(error.status !== undefined ? { status: error.status } : {}),
    };
  }
  if (isAbort(error)) return toErrorPayload(stoppedError());
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unknown', message };
}

/** Wraps anything thrown into an AppError, keeping AppErrors as they are. */
export function toAppError(error: unknown): AppError {
  return error instanceof AppError ? error : AppError.fromPayload(toErrorPayload(error));
}

export function isAbort(error: unknown): boolean {
  return (
    (error instanceof AppError && error.code === 'aborted') ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: string }).name === 'AbortError')
  );
}
