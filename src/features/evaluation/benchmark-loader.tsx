/** Loading a benchmark: the Spider sample, picked files, a folder or a zip; then what is missing. */
import { useRef } from 'react';
import { SPIDER_SAMPLE_LICENCE } from '../../services/eval/benchmark-source';
import { useAppStore } from '../../state/store';
import { BUTTON, HEADING, PRIMARY, SECTION } from './styles';

export function BenchmarkLoader() {
  const phase = useAppStore((s) => s.evalPhase);
  const status = useAppStore((s) => s.evalStatus);
  const benchmark = useAppStore((s) => s.benchmark);
  const dbIds = useAppStore((s) => s.evalDatabaseIds);
  const missing = useAppStore((s) => s.missingDatabases);
  const goldFailures = useAppStore((s) => s.goldFailures);
  const progress = useAppStore((s) => s.checkProgress);
  const loadSample = useAppStore((s) => s.loadSampleBenchmark);
  const loadFiles = useAppStore((s) => s.loadBenchmarkFiles);
  const close = useAppStore((s) => s.closeBenchmark);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const busy = phase === 'loading' || phase === 'checking' || phase === 'running';

  const onFiles = (list: FileList | null) => {
    if (list && list.length > 0) void loadFiles([...list]);
  };

  return (
    <section className={SECTION} aria-label="Benchmark">
      <h2 className={HEADING}>Benchmark</h2>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={PRIMARY} disabled={busy} onClick={() => void loadSample()}>
          Load the Spider dev sample
        </button>
        <button
          type="button"
          className={BUTTON}
          disabled={busy}
          onClick={() => filesInput.current?.click()}
        >
          Questions + databases (files or .zip)…
        </button>
        <button
          type="button"
          className={BUTTON}
          disabled={busy}
          onClick={() => folderInput.current?.click()}
        >
          A folder…
        </button>
        {benchmark && (
          <button type="button" className={BUTTON} disabled={busy} onClick={() => void close()}>
            Close benchmark
          </button>
        )}
        <input
          ref={filesInput}
          type="file"
          multiple
          accept=".json,.sqlite,.sqlite3,.db,.zip"
          hidden
          data-testid="benchmark-files"
          onChange={(e) => {
            onFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <input
          ref={(el) => {
            folderInput.current = el;
            el?.setAttribute('webkitdirectory', '');
          }}
          type="file"
          hidden
          onChange={(e) => {
            onFiles(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      <p className="mt-2 text-xs text-slate-500">
        Spider&apos;s format (
        <code>
          [{'{'}db_id, question, query{'}'}]
        </code>
        ) or BIRD&apos;s (
        <code>
          [{'{'}question_id, db_id, question, evidence, SQL, difficulty{'}'}]
        </code>
        ). Databases are found by db_id: <code>&lt;db_id&gt;.sqlite</code> or{' '}
        <code>&lt;db_id&gt;/&lt;db_id&gt;.sqlite</code>.
      </p>
      {(phase === 'loading' || phase === 'checking') && (
        <p className="mt-2 text-sm text-slate-700" role="status">
          {status}
          {phase === 'checking' && progress.total > 0 && ` ${progress.done} / ${progress.total}`}
        </p>
      )}
      {benchmark && phase !== 'loading' && phase !== 'checking' && (
        <div className="mt-3 space-y-2 text-sm" data-testid="benchmark-summary">
          <p>
            <span className="font-medium">{benchmark.name}</span> (
            {benchmark.format === 'spider' ? 'Spider' : 'BIRD'} format):{' '}
            {benchmark.questions.length.toLocaleString('en-US')} questions, {dbIds.length}{' '}
            databases.
          </p>
          {benchmark.name === 'dev.json' &&
            dbIds.length === 19 &&
            benchmark.format === 'spider' && (
              <p className="text-xs text-slate-500">{SPIDER_SAMPLE_LICENCE}</p>
            )}
          {missing.length > 0 && (
            <div
              className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900"
              role="alert"
            >
              No database file for{' '}
              {missing.map((m) => `${m.dbId} (${m.questions} questions)`).join(', ')}. Those
              questions are left out; add the files to include them.
            </div>
          )}
          {goldFailures.length > 0 && (
            <details className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
              <summary className="cursor-pointer">
                {goldFailures.length} gold SQL fail on their database: those questions are left out
                of EX.
              </summary>
              <ul className="mt-1 max-h-40 overflow-auto text-xs">
                {goldFailures.slice(0, 100).map((f) => (
                  <li key={f.index}>
                    #{f.index}: {f.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {missing.length === 0 && goldFailures.length === 0 && (
            <p className="text-teal-800">Every database is here and every gold SQL runs.</p>
          )}
        </div>
      )}
    </section>
  );
}
