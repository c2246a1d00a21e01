/** Every scored question: match or not and why; opened, gold and predicted SQL with both results. */
import { useEffect, useState } from 'react';
import {
  NOT_SCORED,
  STAGE_NAMES,
  agreementLabel,
  type ExecutionOutcome,
  type QuestionResult,
} from '../../core/eval';
import type { CellValue } from '../../core/sql/result';
import { rowCount, viewCell } from '../../ui/cell-format';
import { useAppStore } from '../../state/store';
import { BUTTON, HEADING, SECTION } from './styles';

type Filter = 'all' | 'wrong' | 'right' | 'changed' | 'unscored';
const PAGE = 50;

function questionsShown(results: QuestionResult[], settingId: string | null, filter: Filter) {
  return results
    .filter((r) => r.settingId === settingId)
    .sort((a, b) => a.index - b.index)
    .filter((r) => {
      if (filter === 'wrong') return !r.match && !r.goldFailed && r.unscored === undefined;
      if (filter === 'unscored') return r.unscored !== undefined;
      if (filter === 'right') return r.match;
      if (filter === 'changed') {
        return r.stages.some(
          (s) => s.adopted && s.matchBefore !== null && s.matchBefore !== s.matchAfter,
        );
      }
      return true;
    });
}

export function QuestionList() {
  const results = useAppStore((s) => s.evalResults);
  const settings = useAppStore((s) => s.evalConfig.settingsUsed);
  const [settingId, setSettingId] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const used = settings.filter((s) => results.some((r) => r.settingId === s.id));
  const current =
    settingId && used.some((s) => s.id === settingId) ? settingId : (used[0]?.id ?? null);
  const list = questionsShown(results, current, filter);
  if (!current) return null;
  const shown = list.slice(page * PAGE, (page + 1) * PAGE);
  const pages = Math.max(1, Math.ceil(list.length / PAGE));

  return (
    <section className={SECTION} aria-label="Questions">
      <h2 className={HEADING}>Questions</h2>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <select
          aria-label="Setting shown"
          className="rounded border border-slate-300 px-2 py-0.5"
          value={current}
          onChange={(e) => {
            setSettingId(e.target.value);
            setPage(0);
          }}
        >
          {used.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        {(['all', 'wrong', 'right', 'changed', 'unscored'] as Filter[]).map((f) => (
          <label key={f}>
            <input
              type="radio"
              checked={filter === f}
              onChange={() => {
                setFilter(f);
                setPage(0);
              }}
            />{' '}
            {f === 'changed' ? 'changed by a stage' : f === 'unscored' ? 'not scored' : f}
          </label>
        ))}
        <span className="text-slate-500">{list.length} questions</span>
      </div>
      <ul className="divide-y divide-slate-100" data-testid="question-list">
        {shown.map((r) => (
          <QuestionRow
            key={r.index}
            result={r}
            open={open === r.index}
            onToggle={() => setOpen(open === r.index ? null : r.index)}
          />
        ))}
      </ul>
      {pages > 1 && (
        <div className="mt-2 flex items-center gap-2 text-sm">
          <button
            type="button"
            className={BUTTON}
            disabled={page === 0}
            onClick={() => setPage(page - 1)}
          >
            Previous
          </button>
          <span>
            page {page + 1} of {pages}
          </span>
          <button
            type="button"
            className={BUTTON}
            disabled={page + 1 >= pages}
            onClick={() => setPage(page + 1)}
          >
            Next
          </button>
        </div>
      )}
    </section>
  );
}

function QuestionRow({
  result,
  open,
  onToggle,
}: {
  result: QuestionResult;
  open: boolean;
  onToggle: () => void;
}) {
  const question = useAppStore((s) => s.benchmark?.questions[result.index]);
  const unscored = result.unscored !== undefined;
  const mark = result.goldFailed ? '–' : unscored ? '!' : result.match ? '✓' : '✗';
  const colour =
    result.goldFailed || unscored
      ? 'text-amber-700'
      : result.match
        ? 'text-teal-700'
        : 'text-red-700';
  return (
    <li data-testid="question-row" data-match={unscored ? 'unscored' : result.match ? 'yes' : 'no'}>
      <button
        type="button"
        className="flex w-full items-start gap-2 py-1 text-left text-sm hover:bg-slate-50"
        onClick={onToggle}
        aria-expanded={open}
      >
        <span
          className={`w-4 font-bold ${colour}`}
          aria-label={unscored ? NOT_SCORED : result.match ? 'match' : 'no match'}
        >
          {mark}
        </span>
        <span className="w-12 text-slate-500">#{result.index}</span>
        <span className="w-28 truncate text-slate-500">{result.dbId}</span>
        <span className="w-16 text-slate-500">{result.difficulty ?? ''}</span>
        <span className="flex-1">{question?.question}</span>
      </button>
      {open && question && (
        <QuestionDetail result={result} goldSql={question.goldSql} hint={question.hint} />
      )}
    </li>
  );
}

function QuestionDetail({
  result,
  goldSql,
  hint,
}: {
  result: QuestionResult;
  goldSql: string;
  hint: string;
}) {
  const runBoth = useAppStore((s) => s.runBothForQuestion);
  const openRun = useAppStore((s) => s.openQuestionRun);
  const [outcomes, setOutcomes] = useState<{
    gold: ExecutionOutcome;
    pred: ExecutionOutcome | null;
  } | null>(null);
  useEffect(() => {
    let live = true;
    runBoth(result.index, result.predSql).then(
      (o) => live && setOutcomes(o),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [runBoth, result.index, result.predSql]);
  return (
    <div className="mb-3 ml-6 space-y-2 text-sm" data-testid="question-detail">
      {hint && <p className="text-slate-600">Hint: {hint}</p>}
      {result.unscored !== undefined ? (
        <p className="text-amber-800" data-testid="match-reason">
          Not scored (server error), Resume runs it again: {result.unscored}
        </p>
      ) : (
        <p className={result.match ? 'text-teal-800' : 'text-red-800'} data-testid="match-reason">
          {result.goldFailed ? 'Left out: ' : result.match ? 'Match: ' : 'No match: '}
          {result.reason}
        </p>
      )}
      {result.pipelineError && result.unscored === undefined && (
        <p className="text-red-800">The pipeline gave no SQL: {result.pipelineError}</p>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        <SqlAndResult title="Gold SQL" sql={goldSql} outcome={outcomes?.gold} />
        <SqlAndResult
          title="Predicted SQL"
          sql={result.predSql ?? '(none)'}
          outcome={outcomes ? outcomes.pred : undefined}
        />
      </div>
      {result.stages.some((s) => s.ran) && (
        <p className="text-xs text-slate-600">
          {result.stages
            .filter((s) => s.ran)
            .map(
              (s) =>
                `${STAGE_NAMES[s.stage]}: ${s.adopted ? 'adopted' : 'not adopted'}${s.matchBefore !== null && s.matchAfter !== null && s.matchBefore !== s.matchAfter ? (s.matchAfter ? ' (wrong → right)' : ' (right → wrong)') : ''}`,
            )
            .join(' · ')}
          {result.agreement && ` · ${agreementLabel(result.agreement)}`}
          {' · '}
          {result.calls} calls,{' '}
          {(result.promptTokens + result.completionTokens).toLocaleString('en-US')} tokens,{' '}
          {(result.elapsedMs / 1000).toFixed(1)} s
        </p>
      )}
      {result.run && (
        <button type="button" className={BUTTON} onClick={() => openRun(result)}>
          Open run
        </button>
      )}
    </div>
  );
}

const MAX_ROWS = 20;

/** A cell as the grid shows it: NULL marked, long text cut. */
function cellText(value: CellValue): string {
  const view = viewCell(value);
  if (view.kind === 'null') return 'NULL';
  if (view.kind === 'blob') return view.label;
  return view.kind === 'text' ? view.preview : view.text;
}

function SqlAndResult({
  title,
  sql,
  outcome,
}: {
  title: string;
  sql: string;
  outcome: ExecutionOutcome | null | undefined;
}) {
  return (
    <div className="min-w-0">
      <p className="font-medium text-slate-700">{title}</p>
      <pre className="overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap">
        {sql}
      </pre>
      {outcome === undefined ? (
        <p className="text-xs text-slate-500">Running…</p>
      ) : outcome === null ? null : !outcome.ok ? (
        <p className="text-xs text-red-800">{outcome.error.detail ?? outcome.error.message}</p>
      ) : (
        <div className="mt-1 max-h-56 overflow-auto">
          <table className="text-xs">
            <thead>
              <tr>
                {outcome.result.columns.map((c, i) => (
                  <th key={i} className="border-b border-slate-200 px-1 text-left font-medium">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {outcome.result.rows.slice(0, MAX_ROWS).map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c} className="border-b border-slate-100 px-1 font-mono">
                      {cellText(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="text-xs text-slate-500">
            {rowCount(outcome.result.rows.length)}
            {outcome.result.rows.length > MAX_ROWS ? `, first ${MAX_ROWS} shown` : ''}
          </p>
        </div>
      )}
    </div>
  );
}
