/**
 * Past runs, newest first, kept in IndexedDB across reloads: open one on the Ask view (as it
 * was, read-only until asked again), export it as JSON or Markdown, or delete it. The turns of
 * a thread of follow-ups sit together, in order, with the thread's own open and export.
 */
import { useEffect, useMemo } from 'react';
import type { RunRecord, RunStatus } from '../../core/history/run-record';
import { groupThreads, latestTurn, type ThreadGroup } from '../../core/thread/group-threads';
import { threadOf } from '../../core/thread/thread';
import { useAppStore } from '../../state/store';
import { useExplanation } from '../../state/use-explanation';
import { rowCount } from '../../ui/cell-format';
import { agreementText } from '../../core/vote/vote';
import { downloadBlob } from '../../ui/download';
import { ExplainPanel } from '../../ui/explain-panel';

const STATUS_STYLE: Record<RunStatus, string> = {
  running: 'bg-teal-100 text-teal-800',
  done: 'bg-emerald-50 text-emerald-700',
  failed: 'bg-rose-50 text-rose-700',
  stopped: 'bg-slate-200 text-slate-700',
};

const BUTTON =
  'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100';

function HistoryRow({ run, turn, again }: { run: RunRecord; turn?: number; again?: boolean }) {
  const openHistoryRun = useAppStore((s) => s.openHistoryRun);
  const deleteHistoryRun = useAppStore((s) => s.deleteHistoryRun);
  const exportHistoryRun = useAppStore((s) => s.exportHistoryRun);
  const busy = useAppStore((s) => s.run?.status === 'running');
  const markRunCorrect = useAppStore((s) => s.markRunCorrect);
  const remembered = useAppStore(
    (s) => s.knowledge?.examples.some((e) => e.runId === run.id) ?? false,
  );
  const download = (format: 'json' | 'markdown') => {
    const file = exportHistoryRun(run.id, format);
    if (file) downloadBlob(new Blob([file.text], { type: file.mimeType }), file.filename);
  };
  const summary = run.resultSummary;
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3" data-run-id={run.id}>
      <div className="min-w-0 flex-1">
        {turn !== undefined && (
          <span className="block text-xs font-medium text-slate-500">
            Turn {turn + 1}
            {again && ' · asked again'}
          </span>
        )}
        <button
          type="button"
          onClick={() => openHistoryRun(run.id)}
          disabled={busy}
          title={busy ? 'A run is in progress' : 'Show this run on the Ask view'}
          className="block max-w-full truncate text-left text-sm font-medium text-slate-800 hover:text-teal-800 disabled:cursor-not-allowed"
        >
          {run.question}
        </button>
        <span className="block text-xs text-slate-500">
          {run.database.name} · {run.model.modelId} ·{' '}
          <time dateTime={new Date(run.createdAt).toISOString()}>
            {new Date(run.createdAt).toLocaleString()}
          </time>
          {summary && ` · ${rowCount(summary.rowCount, summary.truncated)}`}
          {run.agreement && ` · ${agreementText(run.agreement)}`}
        </span>
      </div>
      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[run.status]}`}>
        {run.status}
      </span>
      <div className="flex gap-1">
        {run.status === 'done' && run.finalSql && (
          <button
            type="button"
            className={BUTTON}
            disabled={remembered}
            title="Remember this question and its final SQL as an example of its database"
            onClick={() => void markRunCorrect(run)}
          >
            {remembered ? 'Remembered ✓' : 'Mark as correct'}
          </button>
        )}
        <button type="button" className={BUTTON} onClick={() => download('json')}>
          JSON
        </button>
        <button type="button" className={BUTTON} onClick={() => download('markdown')}>
          Markdown
        </button>
        <button
          type="button"
          className={BUTTON + ' hover:border-rose-300 hover:text-rose-700'}
          aria-label={`Delete run: ${run.question}`}
          onClick={() => void deleteHistoryRun(run.id)}
        >
          Delete
        </button>
      </div>
      {run.finalSql && <HistoryExplain sql={run.finalSql} question={run.question} />}
    </li>
  );
}

/** The final SQL of a past run, explained (on the database open now: names are matched against it). */
function HistoryExplain({ sql, question }: { sql: string; question: string }) {
  return (
    <div className="min-w-0 basis-full">
      <code className="block truncate text-xs text-slate-600" title={sql}>
        {sql}
      </code>
      <ExplainPanel
        sql={sql}
        {...useExplanation(sql, question)}
        label={`Explain the SQL of: ${question}`}
      />
    </div>
  );
}

/** A thread of several turns: its turns in order, opened and exported as a whole. */
function ThreadItem({ group }: { group: ThreadGroup }) {
  const openHistoryRun = useAppStore((s) => s.openHistoryRun);
  const exportHistoryThread = useAppStore((s) => s.exportHistoryThread);
  const busy = useAppStore((s) => s.run?.status === 'running');
  const first = group.turns[0] as RunRecord;
  const download = (format: 'json' | 'markdown') => {
    const file = exportHistoryThread(group.id, format);
    if (file) downloadBlob(new Blob([file.text], { type: file.mimeType }), file.filename);
  };
  const label = `Thread: ${first.question}`;
  return (
    <li className="py-2" data-thread-id={group.id}>
      <div className="flex flex-wrap items-center gap-2 px-4 py-1">
        <span className="rounded-full bg-teal-50 px-2 py-0.5 text-xs font-medium text-teal-800">
          Thread · {group.turns.length} {group.turns.length === 1 ? 'turn' : 'turns'} kept
        </span>
        <span className="min-w-0 flex-1 truncate text-xs text-slate-500">
          {first.database.name}
        </span>
        <button
          type="button"
          className={BUTTON}
          disabled={busy}
          onClick={() => openHistoryRun(latestTurn(group).id)}
          title={
            busy ? 'A run is in progress' : 'Show the thread on the Ask view, at its last turn'
          }
        >
          Open thread
        </button>
        <button type="button" className={BUTTON} onClick={() => download('json')}>
          Thread JSON
        </button>
        <button type="button" className={BUTTON} onClick={() => download('markdown')}>
          Thread Markdown
        </button>
      </div>
      <ol
        aria-label={label}
        className="ml-4 min-w-0 divide-y divide-slate-100 overflow-hidden border-l-2 border-teal-200"
      >
        {group.turns.map((run, i) => {
          const turn = threadOf(run).turn;
          const before = group.turns[i - 1];
          const again = before !== undefined && threadOf(before).turn === turn;
          return <HistoryRow key={run.id} run={run} turn={turn} again={again} />;
        })}
      </ol>
    </li>
  );
}

/** "5 runs in 3 threads, kept in this browser" */
function historyCountText(runs: number, threads: number): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const grouped = threads < runs ? ` in ${count(threads, 'thread')}` : '';
  return `${count(runs, 'run')}${grouped}, kept in this browser`;
}

export function HistoryPanel() {
  const history = useAppStore((s) => s.history);
  const threads = useMemo(() => groupThreads(history), [history]);
  const status = useAppStore((s) => s.historyStatus);
  const loadHistory = useAppStore((s) => s.loadHistory);
  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  return (
    <div className="mx-auto max-w-5xl p-4">
      <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <header className="flex items-baseline gap-2 border-b border-slate-100 px-4 py-3">
          <h2 className="text-sm font-semibold text-slate-800">History</h2>
          <span className="text-xs text-slate-500">
            {historyCountText(history.length, threads.length)}
          </span>
        </header>
        {status.state === 'failed' && (
          <p role="alert" className="px-4 py-3 text-sm text-rose-800">
            {status.error.message} {status.error.nextStep}
          </p>
        )}
        {status.state === 'loading' && history.length === 0 && (
          <p className="px-4 py-6 text-sm text-slate-500">Loading…</p>
        )}
        {status.state === 'ready' && history.length === 0 && (
          <p className="px-4 py-6 text-sm text-slate-500">
            No runs yet. Every question asked on the Ask view is kept here.
          </p>
        )}
        {history.length > 0 && (
          <ul className="divide-y divide-slate-100" aria-label="Past runs">
            {threads.map((group) =>
              group.turns.length === 1 && threadOf(group.turns[0] as RunRecord).turn === 0 ? (
                <HistoryRow key={group.id} run={group.turns[0] as RunRecord} />
              ) : (
                <ThreadItem key={group.id} group={group} />
              ),
            )}
          </ul>
        )}
      </div>
    </div>
  );
}
