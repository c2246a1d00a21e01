/**
 * The three model steps, each with its counts and a button that runs what is waiting for it,
 * a progress bar for the running step, Stop, and "Run all".
 */
import { END_SENTENCE, countRun, type SynthCounts } from '../../core/synth/export';
import { useAppStore } from '../../state/store';
import type { DataLabStep } from '../../state/data-lab-slice';
import { ErrorNotice } from '../../ui/error-notice';
import { CARD, PRIMARY, SECONDARY, SMALL } from './styles';

const STEP_TITLES: Record<DataLabStep, string> = {
  synthesis: '1. Strong synthesis',
  judge: '2. Noisy-correspondence filter',
  weak: '3. Weak answers',
};

function StepCounts({ step, counts }: { step: DataLabStep; counts: SynthCounts }) {
  const figures: [string, number][] =
    step === 'synthesis'
      ? [
          ['rounds', counts.rounds],
          ['written', counts.written],
          ['kept', counts.checked],
          ['failed to run', counts.dropped.sql_error + counts.dropped.timeout],
          ['no rows', counts.dropped.no_rows],
          ['duplicates', counts.dropped.duplicate + counts.dropped.not_a_query],
        ]
      : step === 'judge'
        ? [
            ['match', counts.judgedMatch],
            ['filtered', counts.judgedMismatch],
            ['no verdict', counts.judgeFailed],
            ['waiting', counts.notJudged],
          ]
        : [
            ['questions answered', counts.weakQuestions],
            ['answers', counts.weakAnswers],
            ['right', counts.weakRight],
            ['wrong (preference pairs)', counts.weakWrong],
            ['not scored (server error)', counts.weakUnscored],
          ];
  return (
    <dl
      className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600"
      data-testid={`counts-${step}`}
    >
      {figures.map(([label, value]) => (
        <div key={label} className="flex gap-1">
          <dt>{label}</dt>
          <dd className="font-semibold text-slate-800" data-count={label}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function StepsCard() {
  const run = useAppStore((s) => s.dataLabRun);
  const retries = useAppStore((s) => s.dataLabRetries);
  const status = useAppStore((s) => s.dataLabStatus);
  const runStep = useAppStore((s) => s.runDataLabStep);
  const runAll = useAppStore((s) => s.runAllDataLabSteps);
  const stop = useAppStore((s) => s.stopDataLab);
  const reset = useAppStore((s) => s.resetDataLab);
  const hasDatabase = useAppStore((s) => s.database !== null);
  const running = status.state === 'running';
  const counts = run ? countRun(run) : null;

  return (
    <section className={`${CARD} space-y-3`} aria-label="Steps">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={PRIMARY}
          disabled={running || !hasDatabase}
          onClick={() => void runAll()}
        >
          {run ? 'Continue all steps' : 'Run all steps'}
        </button>
        {running && (
          <button type="button" className={SECONDARY} onClick={stop}>
            Stop
          </button>
        )}
        {run && !running && (
          <button
            type="button"
            className={SECONDARY}
            onClick={() => {
              if (window.confirm('Discard every pair of this run?')) reset();
            }}
          >
            Start over
          </button>
        )}
        {!hasDatabase && (
          <span className="text-sm text-slate-500">Open a database first (left panel).</span>
        )}
      </div>
      <ol className="divide-y divide-slate-100">
        {(Object.keys(STEP_TITLES) as DataLabStep[]).map((step) => {
          const active = status.state === 'running' && status.step === step;
          return (
            <li key={step} className="space-y-1 py-2" data-step={step}>
              <div className="flex items-center gap-3">
                <h3 className="text-sm font-semibold text-slate-800">{STEP_TITLES[step]}</h3>
                <button
                  type="button"
                  className={SMALL}
                  disabled={running || !hasDatabase || (step !== 'synthesis' && !run)}
                  onClick={() => void runStep(step)}
                >
                  Run
                </button>
                {active && (
                  <span className="text-xs text-teal-800" role="status">
                    {status.done} / {status.total} · retries {retries}
                  </span>
                )}
              </div>
              {active && (
                <progress
                  className="h-1.5 w-full accent-teal-700"
                  max={Math.max(1, status.total)}
                  value={status.done}
                  aria-label={`${STEP_TITLES[step]} progress`}
                />
              )}
              {counts && <StepCounts step={step} counts={counts} />}
              {step === 'synthesis' && run?.end && (
                <p className="text-xs text-slate-600" data-testid="synthesis-end">
                  {END_SENTENCE[run.end]}
                </p>
              )}
              {status.state === 'failed' && status.step === step && (
                <ErrorNotice error={status.error} />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
