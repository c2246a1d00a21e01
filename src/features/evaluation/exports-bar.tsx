/** Import a predictions file to score; export results, predictions and the summary. */
import { useRef } from 'react';
import {
  resultsToCsv,
  resultsToJson,
  summaryToMarkdown,
  toBirdPredictions,
  toSpiderPredictions,
} from '../../core/eval';
import { useAppStore } from '../../state/store';
import { downloadBlob } from '../../ui/download';
import { BUTTON, HEADING, SECTION } from './styles';

const safe = (text: string) => text.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');

export function ExportsBar() {
  const benchmark = useAppStore((s) => s.benchmark);
  const results = useAppStore((s) => s.evalResults);
  const config = useAppStore((s) => s.evalConfig);
  const phase = useAppStore((s) => s.evalPhase);
  const notes = useAppStore((s) => s.predictionNotes);
  const engine = useAppStore((s) => s.engine);
  const importPredictions = useAppStore((s) => s.importPredictions);
  const clear = useAppStore((s) => s.clearEvaluationResults);
  const input = useRef<HTMLInputElement>(null);
  if (!benchmark) return null;
  const busy = phase !== 'ready';
  const base = safe(benchmark.name.replace(/\.json$/i, ''));
  const withResults = config.settingsUsed.filter((s) => results.some((r) => r.settingId === s.id));
  const predictionsOf = (settingId: string) => {
    const bySetting = new Map(
      results.filter((r) => r.settingId === settingId).map((r) => [r.index, r.predSql]),
    );
    return benchmark.questions.map((q) => bySetting.get(q.index) ?? null);
  };

  return (
    <section className={SECTION} aria-label="Import and export">
      <h2 className={HEADING}>Predictions and exports</h2>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={BUTTON}
          disabled={busy}
          onClick={() => input.current?.click()}
        >
          Import predictions…
        </button>
        <input
          ref={input}
          type="file"
          accept=".txt,.sql,.json"
          hidden
          data-testid="predictions-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importPredictions(file);
            e.target.value = '';
          }}
        />
        <span className="text-xs text-slate-500">
          Spider&apos;s predict.txt (one SQL per line, optionally a tab and the db_id) or
          BIRD&apos;s JSON; scored without a model.
        </span>
      </div>
      {notes.map((n) => (
        <p key={n} className="mt-1 text-sm text-amber-800">
          {n}
        </p>
      ))}
      {withResults.length > 0 && (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <DownloadButton
            label="Results CSV"
            file={() => [resultsToCsv(results, benchmark), `${base}-results.csv`, 'text/csv']}
          />
          <DownloadButton
            label="Results JSON"
            file={() => [
              resultsToJson(results, benchmark),
              `${base}-results.json`,
              'application/json',
            ]}
          />
          <DownloadButton
            label="Summary (Markdown)"
            file={() => [
              summaryToMarkdown(results, withResults, {
                benchmark,
                model: engine ? engine.modelId : 'imported predictions',
                rule:
                  config.rule === 'spider' ? "Spider's test-suite execution rule" : "BIRD's rule",
              }),
              `${base}-summary.md`,
              'text/markdown',
            ]}
          />
          {withResults.map((s) => (
            <span key={s.id} className="flex gap-1">
              <DownloadButton
                label={`${s.label}: predict.txt`}
                file={() => [
                  toSpiderPredictions(predictionsOf(s.id)),
                  `predict-${safe(s.id)}.txt`,
                  'text/plain',
                ]}
              />
              <DownloadButton
                label="BIRD JSON"
                file={() => [
                  toBirdPredictions(
                    predictionsOf(s.id),
                    benchmark.questions.map((q) => q.dbId),
                  ),
                  `predict-${safe(s.id)}.json`,
                  'application/json',
                ]}
              />
            </span>
          ))}
          <button type="button" className={BUTTON} disabled={busy} onClick={() => void clear()}>
            Clear results
          </button>
        </div>
      )}
    </section>
  );
}

/** A button that makes its file (text, name, MIME type) only when pressed, then downloads it. */
function DownloadButton({
  label,
  file,
}: {
  label: string;
  file: () => [text: string, name: string, type: string];
}) {
  return (
    <button
      type="button"
      className={BUTTON}
      onClick={() => {
        const [text, name, type] = file();
        downloadBlob(new Blob([text], { type }), name);
      }}
    >
      {label}
    </button>
  );
}
