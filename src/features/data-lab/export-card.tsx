/** Step 4 and 5: the training files, zipped, with what went into them. */
import { TASKS } from '../../core/synth/multitask';
import { useAppStore } from '../../state/store';
import { downloadBlob } from '../../ui/download';
import { ErrorNotice } from '../../ui/error-notice';
import { CARD, PRIMARY, SECONDARY } from './styles';

export function ExportCard() {
  const run = useAppStore((s) => s.dataLabRun);
  const busy = useAppStore((s) => s.dataLabStatus.state === 'running');
  const exported = useAppStore((s) => s.dataLabExport);
  const exportZip = useAppStore((s) => s.exportDataLab);
  const addExamples = useAppStore((s) => s.addKnowledgeExamples);
  const knowledgeNotice = useAppStore((s) => s.knowledgeNotice);
  if (!run) return null;
  const accepted = run.pairs.filter((p) => p.review === 'accepted');
  return (
    <section className={`${CARD} space-y-2`} aria-label="Export">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-sm font-semibold text-slate-800">4. Multitask samples and export</h3>
        <button
          type="button"
          className={PRIMARY}
          disabled={busy || run.pairs.length === 0}
          onClick={() => {
            void exportZip().then((blob) => {
              if (blob) downloadBlob(blob, `${run.dbId}-training-data.zip`);
            });
          }}
        >
          Export zip
        </button>
        <button
          type="button"
          className={SECONDARY}
          disabled={accepted.length === 0}
          title="Remember the accepted pairs: similar questions on the Ask view get them as worked examples"
          onClick={() =>
            void addExamples(
              accepted.map((p) => ({ question: p.question, sql: p.sql, hint: p.evidence })),
              'data_lab',
            )
          }
        >
          Add {accepted.length} accepted pair{accepted.length === 1 ? '' : 's'} as examples
        </button>
      </div>
      {knowledgeNotice && (
        <p className="text-xs text-teal-800" role="status">
          {knowledgeNotice}
        </p>
      )}
      <p className="text-xs text-slate-500">
        sft.jsonl (Text2SQL, schema linking, noise correction, continuation writing, in the
        pipeline’s zero-shot prompts), dpo.jsonl (preference pairs), pairs.json (a BIRD-format
        benchmark the evaluation lab runs as it is), filtered.jsonl and summary.md.
      </p>
      {exported?.state === 'done' && (
        <p className="text-sm text-emerald-800" role="status" data-testid="export-done">
          {exported.result.fileName}: {exported.result.counts.training} pairs,{' '}
          {TASKS.map((t) => `${exported.result.counts.sft[t]} ${t.replace('_', ' ')}`).join(', ')}{' '}
          samples, {exported.result.counts.dpo} preference pairs, {exported.result.counts.filtered}{' '}
          filtered.
        </p>
      )}
      {exported?.state === 'failed' && <ErrorNotice error={exported.error} />}
    </section>
  );
}
