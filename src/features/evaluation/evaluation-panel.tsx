/** The Evaluate view: benchmark, run, ablation, questions, imports and exports. */
import { useEffect } from 'react';
import { useAppStore } from '../../state/store';
import { ErrorNotice } from '../../ui/error-notice';
import { AblationTable } from './ablation-table';
import { BenchmarkLoader } from './benchmark-loader';
import { ExportsBar } from './exports-bar';
import { QuestionList } from './question-list';
import { RunControls } from './run-controls';

export function EvaluationPanel() {
  const error = useAppStore((s) => s.evalError);
  const benchmark = useAppStore((s) => s.benchmark);
  const restore = useAppStore((s) => s.restoreEvaluation);
  useEffect(() => {
    void restore();
  }, [restore]);
  return (
    <div className="mx-auto max-w-6xl space-y-4 p-4" data-testid="evaluation-panel">
      <header>
        <h1 className="text-lg font-semibold text-slate-900">Evaluate</h1>
        <p className="text-sm text-slate-600">
          Execution accuracy of the active model on a benchmark, per stage setting, scored by the
          official rules.
        </p>
      </header>
      {error && <ErrorNotice error={error} />}
      <BenchmarkLoader />
      {benchmark && (
        <>
          <RunControls />
          <AblationTable />
          <ExportsBar />
          <QuestionList />
        </>
      )}
    </div>
  );
}
