/**
 * The thread above the stage cards: each earlier turn collapsed to its question, final SQL and
 * row count (open one to read its SQL), then the turn the cards below belong to.
 */
import type { ThreadTurn } from '../../core/history/run-record';
import { threadOf, turnsLeftOut } from '../../core/thread/thread';
import { useAppStore } from '../../state/store';
import { rowCount } from '../../ui/cell-format';

const NO_TURNS: ThreadTurn[] = [];

function turnFacts(turn: ThreadTurn): string {
  if (turn.sql === null)
    return turn.status === 'done' ? 'no SQL adopted' : `${turn.status}, no SQL`;
  return turn.rowCount === null ? turn.status : rowCount(turn.rowCount);
}

function EarlierTurn({ turn, index }: { turn: ThreadTurn; index: number }) {
  return (
    <li>
      <details className="group rounded-md border border-slate-200">
        <summary className="flex cursor-pointer items-baseline gap-2 px-3 py-1.5 text-sm">
          <span className="shrink-0 text-xs font-medium text-slate-500">Turn {index + 1}</span>
          <span className="min-w-0 flex-1 truncate text-slate-800">{turn.question}</span>
          <span className="shrink-0 text-xs text-slate-500">{turnFacts(turn)}</span>
        </summary>
        <div className="border-t border-slate-100 px-3 py-2">
          {turn.sql === null ? (
            <p className="text-xs text-slate-600">
              No SQL came of this turn: later turns get its question only.
            </p>
          ) : (
            <pre
              className="overflow-x-auto font-mono text-xs whitespace-pre-wrap text-slate-800"
              aria-label={`Final SQL of turn ${index + 1}`}
            >
              {turn.sql}
            </pre>
          )}
        </div>
      </details>
    </li>
  );
}

export function ThreadTurns() {
  const earlier = useAppStore((s) => s.run?.thread?.earlier ?? NO_TURNS);
  const question = useAppStore((s) => s.run?.question ?? '');
  const turn = useAppStore((s) => (s.run ? threadOf(s.run).turn : 0));
  const leftOut = useAppStore((s) => (s.run ? turnsLeftOut(s.run).turns : 0));
  const window = useAppStore((s) => (s.run ? turnsLeftOut(s.run).window : null));
  if (earlier.length === 0) return null;
  return (
    <section
      aria-label="This thread"
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
    >
      <div className="flex flex-wrap items-baseline gap-x-2">
        <h2 className="text-sm font-semibold text-slate-800">This thread</h2>
        <span className="text-xs text-slate-500">
          {earlier.length + 1} turns. Each earlier question and its final SQL go with every prompt;
          when the window is short, the oldest are left out first and the cards say so.
        </span>
      </div>
      {leftOut > 0 && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-1.5 text-xs text-amber-900">
          {leftOut === 1 ? '1 earlier turn' : `${leftOut} earlier turns`} left out to fit{' '}
          {window?.toLocaleString('en-US') ?? 'the window'} (the oldest first): the stage cards say
          which prompts.
        </p>
      )}
      <ol className="space-y-1">
        {earlier.map((t, i) => (
          <EarlierTurn key={`${t.runId}-${i}`} turn={t} index={i} />
        ))}
        <li
          aria-current="step"
          className="flex items-baseline gap-2 rounded-md border border-teal-300 bg-teal-50 px-3 py-1.5 text-sm"
        >
          <span className="shrink-0 text-xs font-medium text-teal-800">Turn {turn + 1}</span>
          <span className="min-w-0 flex-1 truncate text-slate-900">{question}</span>
          <span className="shrink-0 text-xs text-teal-800">the stages below</span>
        </li>
      </ol>
    </section>
  );
}
