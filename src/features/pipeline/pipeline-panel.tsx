/**
 * The Ask view: the question, the switches, and the five stage cards. Before a database and a
 * model are both ready it says which one is missing and where to get it.
 */
import type { ReactNode } from 'react';
import { useAppStore } from '../../state/store';
import { ErrorNotice } from '../../ui/error-notice';
import { AskForm } from './ask-form';
import { ResultChecksCard, VoteCard } from './beyond-cards';
import {
  ContinuationCard,
  NoiseCorrectionCard,
  ResultCard,
  SchemaLinkingCard,
  SqlGenerationCard,
} from './stage-cards';
import { StageSwitches } from './stage-switches';
import { ThreadTurns } from './thread-turns';

/** One line of the "needed before asking" list; `children` (a way to get it) shows while missing. */
function Prerequisite(props: {
  met: boolean;
  metText: string;
  missingText: string;
  children?: ReactNode;
}) {
  return (
    <li className="flex items-center gap-2">
      <span className={props.met ? 'text-emerald-700' : 'text-slate-500'}>
        {props.met ? '✓' : '○'}
      </span>
      {props.met ? props.metText : props.missingText}
      {!props.met && props.children}
    </li>
  );
}

function EmptyState() {
  const hasDatabase = useAppStore((s) => s.database !== null);
  const engineReady = useAppStore(
    (s) =>
      s.engine !== null &&
      (s.engineStatus.state === 'ready' || s.engineStatus.state === 'generating'),
  );
  const showView = useAppStore((s) => s.showView);
  if (hasDatabase && engineReady) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
        Ask a question about the open database. Each stage of the pipeline appears here as it runs.
      </p>
    );
  }
  return (
    <div className="space-y-3 rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-sm text-slate-600">
      <p className="font-medium text-slate-800">Two things are needed before asking:</p>
      <ul className="space-y-2">
        <Prerequisite
          met={hasDatabase}
          metText="A database is open."
          missingText="A database: open a SQLite file in the sidebar, or drop one on the page."
        />
        <Prerequisite
          met={engineReady}
          metText="A model is ready."
          missingText="A model: load one in the browser or connect a server."
        >
          <button
            type="button"
            onClick={() => showView('model')}
            className="rounded bg-teal-700 px-3 py-1 text-xs font-medium text-white hover:bg-teal-800"
          >
            Open the Model view
          </button>
        </Prerequisite>
      </ul>
    </div>
  );
}

function RunBanner() {
  const readOnly = useAppStore((s) => s.runReadOnly);
  const status = useAppStore((s) => s.run?.status ?? null);
  const createdAt = useAppStore((s) => s.run?.createdAt ?? null);
  const runError = useAppStore((s) => s.run?.error ?? null);
  const historyError = useAppStore((s) => s.historyError);
  const preparing = useAppStore((s) => s.runPreparing);
  return (
    <>
      {preparing && (
        <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          {preparing}
        </p>
      )}
      {readOnly && createdAt && (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          Opened from history (run of {new Date(createdAt).toLocaleString()}). It is shown as it
          was; press Ask to run it again, or Follow-up to continue its thread.
        </p>
      )}
      {status === 'stopped' && !readOnly && (
        <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          Stopped. The stages that finished are kept; ask again or re-run from an edited stage.
        </p>
      )}
      {runError && <ErrorNotice error={runError} />}
      {historyError && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {historyError.message} {historyError.nextStep}
        </p>
      )}
    </>
  );
}

export function PipelinePanel() {
  const hasRun = useAppStore((s) => s.run !== null);
  const runStatus = useAppStore((s) => s.run?.status ?? 'none');
  const runsStarted = useAppStore((s) => s.runsStarted);
  return (
    <div
      className="mx-auto max-w-5xl space-y-4 p-4"
      data-run-status={runStatus}
      data-runs-started={runsStarted}
    >
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <AskForm />
        <StageSwitches />
      </div>
      <RunBanner />
      {hasRun ? (
        <div className="space-y-3">
          <ThreadTurns />
          <SchemaLinkingCard />
          <SqlGenerationCard />
          <VoteCard />
          <NoiseCorrectionCard />
          <ResultChecksCard />
          <ContinuationCard />
          <ResultCard />
        </div>
      ) : (
        <EmptyState />
      )}
    </div>
  );
}
