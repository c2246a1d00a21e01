/**
 * The Data view: training data for a small text-to-SQL model from the open database (SENSE's
 * strong and weak data, ROUTE's multitask samples), step by step, reviewed before export.
 */
import { useAppStore } from '../../state/store';
import { ExportCard } from './export-card';
import { PairReview } from './pair-review';
import { SettingsForm } from './settings-form';
import { StepsCard } from './steps-card';
import { CARD } from './styles';

export function DataLabPanel() {
  const databaseName = useAppStore((s) => s.database?.name ?? null);
  const running = useAppStore((s) => s.dataLabStatus.state === 'running');
  return (
    <div className="mx-auto max-w-5xl space-y-4 p-4">
      <header className="space-y-1">
        <h2 className="text-lg font-semibold text-slate-800">
          Training data{databaseName ? ` from ${databaseName}` : ''}
        </h2>
        <p className="text-sm text-slate-600">
          A strong model writes question/SQL pairs over this database; each SQL is run, repeats are
          dropped, and a judge filters pairs whose SQL does not answer the question. The small model
          then answers the questions: its wrong answers become preference pairs. The export holds
          fine-tuning files for LLaMA-Factory or TRL (see the README).
        </p>
      </header>
      <section className={CARD} aria-label="Settings">
        <SettingsForm disabled={running} />
      </section>
      <StepsCard />
      <ExportCard />
      <PairReview />
    </div>
  );
}
