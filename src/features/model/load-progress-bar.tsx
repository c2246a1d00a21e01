/** Download progress as a bar with percent, megabytes and elapsed time, plus web-llm's own words. */
import { useState } from 'react';
import { useNow } from '../../ui/use-now';
import type { LoadProgress } from '../../services/llm/engine';
import { progressSummary } from './status-text';

/** Elapsed time keeps counting between reports (web-llm is quiet while it fetches config). */
function useTickingElapsed(reportedMs: number): number {
  const [startedAt] = useState(() => Date.now() - reportedMs);
  const now = useNow(1000);
  return Math.max(reportedMs, now - startedAt);
}

export function LoadProgressBar({ progress }: { progress: LoadProgress }) {
  const elapsedMs = useTickingElapsed(progress.elapsedMs);
  const percent = progress.fraction === null ? null : Math.floor(progress.fraction * 100);
  return (
    <div className="space-y-1" data-testid="load-progress">
      <div
        role="progressbar"
        aria-label="Model download"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        className="h-2 overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={`h-full rounded-full bg-teal-600 transition-[width] duration-300 ${percent === null ? 'w-1/3 animate-pulse' : ''}`}
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
      <p className="text-xs tabular-nums text-slate-700">
        {progressSummary({ ...progress, elapsedMs })}
      </p>
      <p className="truncate text-xs text-slate-500" title={progress.text}>
        {progress.text}
      </p>
    </div>
  );
}
