/** The result of the workbench's query: nothing yet, running (with the time so far), an error, or rows. */
import type { ErrorPayload } from '../../core/errors';
import { useAppStore } from '../../state/store';
import { ErrorNotice } from '../../ui/error-notice';
import { useState } from 'react';
import { ResultTabs, type ResultTab } from '../../ui/result-tabs';
import { useNow } from '../../ui/use-now';

export function QueryResultsPanel() {
  const status = useAppStore((s) => s.queryStatus);
  // Kept here, so the next query's result opens on the tab the person was looking at.
  const [tab, setTab] = useState<ResultTab>('grid');

  return (
    <div className="flex min-h-0 flex-1 flex-col bg-white">
      {status.state === 'idle' && (
        <p className="m-auto px-4 py-10 text-sm text-slate-500">
          Run a query to see its rows here.
        </p>
      )}
      {status.state === 'running' && <Running startedAt={status.startedAt} />}
      {status.state === 'failed' && <QueryError error={status.error} />}
      {status.state === 'done' && (
        <div className="min-h-0 flex-1">
          <ResultTabs
            result={status.result}
            height="100%"
            chartHeight={360}
            label="Query result"
            tab={tab}
            onTabChange={setTab}
          />
        </div>
      )}
    </div>
  );
}

function Running({ startedAt }: { startedAt: number }) {
  const now = useNow(100);
  const seconds = Math.max(0, now - startedAt) / 1000;
  return (
    <div className="flex items-center gap-3 px-4 py-4 text-sm text-slate-700" role="status">
      <span
        className="h-4 w-4 animate-spin rounded-full border-2 border-teal-600 border-t-transparent"
        aria-hidden
      />
      Running… <span className="tabular-nums">{seconds.toFixed(1)} s</span>
    </div>
  );
}

function QueryError({ error }: { error: ErrorPayload }) {
  return (
    <div className="m-4">
      <ErrorNotice error={error} />
    </div>
  );
}
