/**
 * Review before export: every kept pair with the judge's word and the weak model's answers.
 * Accept or reject overrides the judge; Edit opens the pair's text, and saving runs the pair
 * again (run check, judge, weak answers).
 */
import { useState } from 'react';
import { filterReason, isKept, type SynthPair } from '../../core/synth/types';
import type { PairEdit } from '../../core/synth/review';
import { useAppStore } from '../../state/store';
import { ErrorNotice } from '../../ui/error-notice';
import { INPUT, PRIMARY, SECONDARY, SMALL } from './styles';

type Filter = 'all' | 'training' | 'filtered';

function EditForm({ pair, onClose }: { pair: SynthPair; onClose: () => void }) {
  const [draft, setDraft] = useState<PairEdit>({
    question: pair.question,
    sql: pair.sql,
    evidence: pair.evidence,
    difficulty: pair.difficulty,
  });
  const edit = useAppStore((s) => s.editDataLabPair);
  const status = useAppStore((s) => (s.pairEditStatus?.id === pair.id ? s.pairEditStatus : null));
  const saving = status?.state === 'running';
  return (
    <form
      className="mt-2 space-y-2"
      aria-label="Edit pair"
      onSubmit={(event) => {
        event.preventDefault();
        void edit(pair.id, draft).then((ok) => ok && onClose());
      }}
    >
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Question</span>
        <textarea
          className={INPUT}
          rows={2}
          value={draft.question}
          onChange={(e) => setDraft({ ...draft, question: e.target.value })}
        />
      </label>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Evidence</span>
        <input
          className={INPUT}
          value={draft.evidence}
          onChange={(e) => setDraft({ ...draft, evidence: e.target.value })}
        />
      </label>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">SQL</span>
        <textarea
          className={`${INPUT} font-mono`}
          rows={3}
          value={draft.sql}
          spellCheck={false}
          onChange={(e) => setDraft({ ...draft, sql: e.target.value })}
        />
      </label>
      <div className="flex items-center gap-2">
        <button type="submit" className={PRIMARY} disabled={saving}>
          {saving ? 'Running it again…' : 'Save and re-run'}
        </button>
        <button type="button" className={SECONDARY} onClick={onClose} disabled={saving}>
          Cancel
        </button>
      </div>
      {status?.state === 'failed' && <ErrorNotice error={status.error} />}
    </form>
  );
}

function WeakSummary({ pair }: { pair: SynthPair }) {
  if (pair.weak === null) return null;
  const right = pair.weak.filter((a) => a.match).length;
  return (
    <details className="text-xs text-slate-600">
      <summary className="cursor-pointer select-none">
        Weak model: {right} of {pair.weak.length} right
      </summary>
      <ul className="mt-1 space-y-1">
        {pair.weak.map((answer) => (
          <li key={answer.sample} className="flex gap-2">
            <span className={answer.match ? 'text-emerald-700' : 'text-rose-700'}>
              {answer.match ? '✓' : '✗'}
            </span>
            <code className="break-all font-mono">{answer.sql ?? answer.answer.slice(0, 200)}</code>
            {answer.note && <span className="text-slate-500">({answer.note})</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}

function PairRow({ pair, busy }: { pair: SynthPair; busy: boolean }) {
  const review = useAppStore((s) => s.reviewPair);
  const [editing, setEditing] = useState(false);
  const kept = isKept(pair);
  const reason = filterReason(pair);
  return (
    <li className="space-y-1 px-4 py-3" data-pair-id={pair.id} data-kept={kept}>
      <div className="flex flex-wrap items-start gap-2">
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-medium ${kept ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-200 text-slate-700'}`}
        >
          {kept ? 'in training' : 'filtered'}
        </span>
        <p
          className="min-w-0 flex-1 text-sm font-medium text-slate-800"
          data-testid="pair-question"
        >
          {pair.question}
        </p>
        <span className="text-xs text-slate-500">
          {pair.id} · {pair.difficulty ?? 'simple'} · {pair.rowCount} row
          {pair.rowCount === 1 ? '' : 's'}
          {pair.edited && ' · edited'}
        </span>
        <div className="flex gap-1">
          <button
            type="button"
            className={SMALL}
            disabled={busy || pair.review === 'accepted'}
            onClick={() => review(pair.id, 'accepted')}
          >
            Accept
          </button>
          <button
            type="button"
            className={SMALL}
            disabled={busy || pair.review === 'rejected'}
            onClick={() => review(pair.id, 'rejected')}
          >
            Reject
          </button>
          <button type="button" className={SMALL} disabled={busy} onClick={() => setEditing(true)}>
            Edit
          </button>
        </div>
      </div>
      {pair.evidence && <p className="text-xs text-slate-600">Evidence: {pair.evidence}</p>}
      <pre className="whitespace-pre-wrap break-all rounded bg-slate-50 px-2 py-1 font-mono text-xs text-slate-800">
        {pair.sql}
      </pre>
      {pair.judge?.status === 'judged' && (
        <p className="text-xs text-slate-600">
          Judge: {pair.judge.match ? 'answers the question' : 'does not answer it'}
          {pair.judge.reason && ` — ${pair.judge.reason}`}
        </p>
      )}
      {!kept && reason && pair.judge?.status !== 'judged' && (
        <p className="text-xs text-slate-600">{reason}</p>
      )}
      {pair.review !== 'none' && (
        <p className="text-xs text-slate-600">
          {pair.review === 'accepted' ? 'Accepted' : 'Rejected'} in review ·{' '}
          <button type="button" className="underline" onClick={() => review(pair.id, 'none')}>
            undo
          </button>
        </p>
      )}
      <WeakSummary pair={pair} />
      {editing && <EditForm pair={pair} onClose={() => setEditing(false)} />}
    </li>
  );
}

export function PairReview() {
  const run = useAppStore((s) => s.dataLabRun);
  const busy = useAppStore((s) => s.dataLabStatus.state === 'running');
  const [filter, setFilter] = useState<Filter>('all');
  if (!run) return null;
  const shown = run.pairs.filter((p) =>
    filter === 'all' ? true : filter === 'training' ? isKept(p) : !isKept(p),
  );
  return (
    <section className="rounded-lg border border-slate-200 bg-white" aria-label="Review pairs">
      <header className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-2">
        <h3 className="text-sm font-semibold text-slate-800">Review ({run.pairs.length} pairs)</h3>
        <div className="flex gap-1 text-xs" role="group" aria-label="Show">
          {(['all', 'training', 'filtered'] as Filter[]).map((f) => (
            <button
              key={f}
              type="button"
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
              className={`rounded px-2 py-0.5 ${filter === f ? 'bg-teal-700 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
            >
              {f === 'all' ? 'All' : f === 'training' ? 'In training' : 'Filtered'}
            </button>
          ))}
        </div>
      </header>
      {shown.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">
          {run.pairs.length === 0
            ? 'No pair was kept yet: run the synthesis step.'
            : 'No pair in this list.'}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {shown.map((pair) => (
            <PairRow key={pair.id} pair={pair} busy={busy} />
          ))}
        </ul>
      )}
      {run.dropped.length > 0 && (
        <details className="border-t border-slate-200 px-4 py-2 text-xs text-slate-600">
          <summary className="cursor-pointer select-none">
            {run.dropped.length} written pairs were dropped by the checks
          </summary>
          <ul className="mt-1 space-y-1" data-testid="dropped-list">
            {run.dropped.map((d, i) => (
              <li key={i}>
                <span className="font-medium">{d.reason.replace('_', ' ')}</span>: {d.question}{' '}
                <code className="font-mono text-slate-500">{d.sql}</code> — {d.detail}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
