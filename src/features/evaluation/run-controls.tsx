/** What to run (questions, settings, prompt style, concurrency, rule) and the run's progress. */
import { THINKING_MODES } from '../../core/llm/thinking';
import { useMemo } from 'react';
import {
  BEYOND_SETTINGS,
  KNOWLEDGE_SETTINGS,
  NOT_SCORED,
  ROUTE_SETTINGS,
  formatDuration,
  runnableSettings,
  timeLeftMs,
  type EvalSetting,
} from '../../core/eval';
import { runSettings, type PromptStyle } from '../../state/eval-config-slice';
import { useAppStore } from '../../state/store';
import { useNow } from '../../ui/use-now';
import { BUTTON, HEADING, PRIMARY, SECTION } from './styles';

const INPUT = 'rounded border border-slate-300 px-2 py-0.5 text-sm';

export function RunControls() {
  const benchmark = useAppStore((s) => s.benchmark);
  const config = useAppStore((s) => s.evalConfig);
  const phase = useAppStore((s) => s.evalPhase);
  const engine = useAppStore((s) => s.engine);
  const engineReady = useAppStore((s) => s.engineStatus.state !== 'loading');
  const dbIds = useAppStore((s) => s.evalDatabaseIds);
  const describedDbIds = useAppStore((s) => s.evalDescriptionDbIds);
  const interrupted = useAppStore((s) => s.evalInterrupted);
  const setConfig = useAppStore((s) => s.setEvalConfig);
  const setSelection = useAppStore((s) => s.setEvalSelection);
  const start = useAppStore((s) => s.startEvaluation);
  const stop = useAppStore((s) => s.stopEvaluation);
  const count = useAppStore((s) => s.selectedQuestionCount);
  const results = useAppStore((s) => s.evalResults);
  const selection = config.selection;
  const running = phase === 'running';
  const difficulties = useMemo(
    () => [
      ...new Set(
        (benchmark?.questions ?? []).map((q) => q.difficulty).filter((d): d is string => !!d),
      ),
    ],
    [benchmark],
  );
  if (!benchmark) return null;
  // What cannot run is left out, and said so: a constrained row on an engine without a grammar
  // (a server's kind, and so its grammar, is known once it is connected), the descriptions row
  // on a benchmark without descriptions.
  const { runnable: settings, leftOut } = runnableSettings(
    runSettings(config),
    engine && engineReady ? engine.grammarSupport?.() : null,
    { descriptions: describedDbIds.length > 0 },
  );
  const questions = count();
  const onDevice = engine?.kind === 'webllm';
  const toggle = <T,>(list: T[], item: T, on: boolean) =>
    on ? [...list, item] : list.filter((x) => x !== item);
  const forRun = results.filter((r) => settings.some((s) => s.id === r.settingId));
  // A question a server error left unscored is not done: Resume runs it again.
  const unscored = forRun.filter((r) => r.unscored !== undefined).length;
  const doneForRun = forRun.length - unscored;
  // Counted over the settings only: enough to tell a fresh run, a resume and a finished one apart.
  const allDone = doneForRun > 0 && doneForRun >= questions * settings.length;

  return (
    <section className={`${SECTION} @container`} aria-label="Run">
      <h2 className={HEADING}>Run</h2>
      {/* Two columns when the section (not the window) has room: beside the sidebar at 768 px
          it has not. */}
      <fieldset disabled={running} className="grid gap-3 text-sm @xl:grid-cols-2">
        <div className="space-y-1">
          <p className="font-medium">Questions</p>
          <label className="mr-3">
            <input
              type="radio"
              checked={selection.mode === 'all'}
              onChange={() => setSelection({ mode: 'all' })}
            />{' '}
            All
          </label>
          <label className="mr-3">
            <input
              type="radio"
              checked={selection.mode === 'first'}
              onChange={() => setSelection({ mode: 'first' })}
            />{' '}
            First N
          </label>
          <label className="mr-3">
            <input
              type="radio"
              checked={selection.mode === 'random'}
              onChange={() => setSelection({ mode: 'random' })}
            />{' '}
            Random N
          </label>
          {selection.mode !== 'all' && (
            <span className="ml-1">
              <label>
                N{' '}
                <input
                  aria-label="Number of questions"
                  className={`${INPUT} w-20`}
                  type="number"
                  min={1}
                  value={selection.count}
                  onChange={(e) =>
                    setSelection({ count: Math.max(1, Number(e.target.value) || 1) })
                  }
                />
              </label>
              {selection.mode === 'random' && (
                <label className="ml-2">
                  seed{' '}
                  <input
                    aria-label="Seed"
                    className={`${INPUT} w-16`}
                    type="number"
                    value={selection.seed}
                    onChange={(e) => setSelection({ seed: Number(e.target.value) || 0 })}
                  />
                </label>
              )}
            </span>
          )}
          <div className="flex flex-wrap gap-2">
            <select
              aria-label="Database filter"
              className={`${INPUT} max-w-full min-w-0`}
              value={selection.dbId ?? ''}
              onChange={(e) => setSelection({ dbId: e.target.value || null })}
            >
              <option value="">every database</option>
              {dbIds.map((id) => (
                <option key={id}>{id}</option>
              ))}
            </select>
            <select
              aria-label="Difficulty filter"
              className={`${INPUT} max-w-full min-w-0`}
              value={selection.difficulty ?? ''}
              onChange={(e) => setSelection({ difficulty: e.target.value || null })}
            >
              <option value="">every difficulty</option>
              {difficulties.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </div>
        </div>
        <div className="space-y-1">
          <p className="font-medium">Settings (one row each in the ablation)</p>
          {[ROUTE_SETTINGS, BEYOND_SETTINGS, KNOWLEDGE_SETTINGS].map(
            (group: readonly EvalSetting[], i) => (
              <div key={i} className="flex flex-wrap gap-x-3">
                {i === 1 && <span className="text-slate-500">Beyond the reference:</span>}
                {i === 2 && (
                  <span className="text-slate-500">
                    Knowledge of the database ({describedDbIds.length} of {dbIds.length} databases
                    described):
                  </span>
                )}
                {group.map((s) => (
                  <label key={s.id}>
                    <input
                      type="checkbox"
                      checked={config.settingIds.includes(s.id)}
                      onChange={(e) =>
                        setConfig({ settingIds: toggle(config.settingIds, s.id, e.target.checked) })
                      }
                    />{' '}
                    {s.label}
                  </label>
                ))}
              </div>
            ),
          )}
          {leftOut.length > 0 && (
            <ul className="text-xs text-amber-800" data-testid="settings-left-out">
              {leftOut.map(({ setting, reason }) => (
                <li key={setting.id}>Left out of the run: {reason}</li>
              ))}
            </ul>
          )}
          <div className="flex flex-wrap gap-x-3">
            <span>Prompt style:</span>
            {(['few_shot', 'zero_shot', 'omnisql'] as PromptStyle[]).map((style) => (
              <label key={style}>
                <input
                  type="checkbox"
                  checked={config.promptStyles.includes(style)}
                  onChange={(e) =>
                    setConfig({
                      promptStyles: toggle(config.promptStyles, style, e.target.checked),
                    })
                  }
                />{' '}
                {style === 'few_shot'
                  ? 'few-shot (base models)'
                  : style === 'zero_shot'
                    ? 'zero-shot (fine-tuned)'
                    : 'OmniSQL (SQL specialists)'}
              </label>
            ))}
          </div>
          <div
            className="flex flex-wrap gap-x-3"
            title="Each mode ticked is a row: a thinking model against itself not thinking"
          >
            <span>Thinking:</span>
            {THINKING_MODES.map((mode) => (
              <label key={mode}>
                <input
                  type="checkbox"
                  checked={(config.thinkingModes ?? ['server_default']).includes(mode)}
                  onChange={(e) =>
                    setConfig({
                      thinkingModes: toggle(
                        config.thinkingModes ?? ['server_default'],
                        mode,
                        e.target.checked,
                      ),
                    })
                  }
                />{' '}
                {mode === 'server_default' ? "model's default" : mode}
              </label>
            ))}
          </div>
          <div className="flex flex-wrap items-center gap-x-3">
            <label>
              Concurrency{' '}
              <input
                aria-label="Concurrency"
                className={`${INPUT} w-16`}
                type="number"
                min={1}
                max={64}
                value={onDevice ? 1 : config.concurrency}
                disabled={onDevice}
                onChange={(e) =>
                  setConfig({ concurrency: Math.min(64, Math.max(1, Number(e.target.value) || 1)) })
                }
              />
            </label>
            {onDevice && <span className="text-xs text-slate-500">1 on this device</span>}
            <label>
              Rule{' '}
              <select
                aria-label="Scoring rule"
                className={INPUT}
                value={config.rule}
                onChange={(e) => setConfig({ rule: e.target.value as 'spider' | 'bird' })}
              >
                <option value="spider">Spider</option>
                <option value="bird">BIRD</option>
              </select>
            </label>
            {config.rule === 'spider' && (
              <label>
                <input
                  type="checkbox"
                  checked={config.keepDistinct}
                  onChange={(e) => setConfig({ keepDistinct: e.target.checked })}
                />{' '}
                Keep DISTINCT
              </label>
            )}
          </div>
        </div>
      </fieldset>
      <RuleText rule={config.rule} keepDistinct={config.keepDistinct} />
      <div className="mt-3 flex items-center gap-3">
        {running ? (
          <button type="button" className={BUTTON} onClick={stop}>
            Stop
          </button>
        ) : (
          <button
            type="button"
            className={PRIMARY}
            disabled={phase !== 'ready' || questions === 0 || settings.length === 0 || allDone}
            onClick={() => void start()}
          >
            {allDone ? 'Done:' : doneForRun > 0 || unscored > 0 ? 'Resume' : 'Run'}{' '}
            {questions.toLocaleString('en-US')} questions × {settings.length}{' '}
            {settings.length === 1 ? 'setting' : 'settings'}
          </button>
        )}
        {!engine && !running && (
          <span className="text-sm text-amber-800">
            Load a model or connect a server in the Model view first.
          </span>
        )}
        {unscored > 0 && !running && (
          <span className="text-sm text-amber-800" data-testid="unscored-note">
            {unscored} {unscored === 1 ? 'result' : 'results'} {NOT_SCORED}: Resume runs{' '}
            {unscored === 1 ? 'it' : 'them'} again.
          </span>
        )}
        {interrupted && !running && (
          <span className="text-sm text-amber-800" role="status">
            The page closed during a run: {doneForRun} results are kept; Resume runs the rest.
          </span>
        )}
      </div>
      <Progress />
    </section>
  );
}

function RuleText({ rule, keepDistinct }: { rule: 'spider' | 'bird'; keepDistinct: boolean }) {
  return (
    <p className="mt-3 text-xs text-slate-600" data-testid="rule-text">
      {rule === 'spider' ? (
        <>
          <strong>Spider&apos;s test-suite execution rule</strong> (exec_eval.py, default settings):{' '}
          {keepDistinct
            ? 'DISTINCT is kept'
            : 'DISTINCT is removed from both queries before they run'}
          ; rows are compared as multisets; order matters only when the gold SQL has ORDER BY; the
          predicted columns may be in any order; values compare exactly; two empty results match; a
          query that fails or times out scores 0. Difficulty as Spider&apos;s evaluation.py assigns
          it.
        </>
      ) : (
        <>
          <strong>BIRD&apos;s rule</strong> (evaluation.py): the rows are compared as sets (order
          and duplicates ignored), column order matters; a query that fails or times out scores 0.
          Difficulty from the file.
        </>
      )}
    </p>
  );
}

function Progress() {
  const run = useAppStore((s) => s.evalRun);
  const unscored = useAppStore((s) => s.evalResults.filter((r) => r.unscored !== undefined).length);
  const now = useNow(1000, run !== null);
  if (!run) return null;
  const done = Math.min(run.total, run.doneAtStart + run.finished);
  const session = done - run.doneAtStart;
  const left = timeLeftMs({
    done,
    total: run.total,
    matched: 0,
    scored: 0,
    elapsedMs: now - run.startedAt,
    doneThisSession: session,
  });
  const pct = run.total === 0 ? 0 : (100 * done) / run.total;
  return (
    <div className="mt-3" role="status" aria-label="Evaluation progress">
      <div className="h-2 w-full overflow-hidden rounded bg-slate-200">
        <div className="h-2 bg-teal-600" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1 text-sm text-slate-700" data-testid="eval-progress">
        {done} / {run.total} done ·{' '}
        {left === null ? 'time left: estimating…' : `time left: ${formatDuration(left)}`} · retries{' '}
        {run.retries}
        {unscored > 0 && ` · ${unscored} ${NOT_SCORED}`}
      </p>
    </div>
  );
}
