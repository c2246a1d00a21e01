/**
 * An AppError as the person reads it: what happened, what to do next, and the raw text folded
 * away (unless the message already quotes it, as SQLite errors do).
 */
import type { ReactNode } from 'react';
import type { ErrorPayload } from '../core/errors';

export function ErrorNotice({ error, children }: { error: ErrorPayload; children?: ReactNode }) {
  return (
    <div
      role="alert"
      data-error-code={error.code}
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900"
    >
      <p className="font-medium">{error.message}</p>
      {error.nextStep && <p className="mt-1 whitespace-pre-line text-red-800">{error.nextStep}</p>}
      {error.detail && !error.message.includes(error.detail) && (
        <details className="mt-1 text-xs text-red-700">
          <summary className="cursor-pointer select-none">Details</summary>
          <pre className="mt-1 whitespace-pre-wrap break-all font-mono">{error.detail}</pre>
        </details>
      )}
      {children}
    </div>
  );
}
