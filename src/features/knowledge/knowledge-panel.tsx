/**
 * The Knowledge view: what the playground remembers about the open database (issue 19).
 * Remembered answers and table/column descriptions, the number of examples a prompt gets,
 * the knowledge file (export, import), BIRD's description files, and deleting it all.
 */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/store';
import { downloadBlob } from '../../ui/download';
import { ErrorNotice } from '../../ui/error-notice';
import { DescriptionEditor } from './description-editor';
import { ExampleList } from './example-list';
import { CARD, SECONDARY } from './styles';

function FilePicker({
  label,
  testId,
  accept,
  folder,
  onFiles,
}: {
  label: string;
  testId: string;
  accept?: string;
  folder?: boolean;
  onFiles: (files: File[]) => void;
}) {
  const input = useRef<HTMLInputElement | null>(null);
  return (
    <>
      <button type="button" className={SECONDARY} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={(el) => {
          input.current = el;
          if (folder) el?.setAttribute('webkitdirectory', '');
        }}
        type="file"
        hidden
        multiple={!folder}
        accept={accept}
        data-testid={testId}
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
    </>
  );
}

export function KnowledgePanel() {
  const database = useAppStore((s) => s.database);
  const knowledge = useAppStore((s) => s.knowledge);
  const ensureKnowledge = useAppStore((s) => s.ensureKnowledge);
  const notice = useAppStore((s) => s.knowledgeNotice);
  const error = useAppStore((s) => s.knowledgeError);
  const problems = useAppStore((s) => s.descriptionProblems);
  const k = useAppStore((s) => s.examplesPerPrompt);
  const setK = useAppStore((s) => s.setExamplesPerPrompt);
  const exportKnowledge = useAppStore((s) => s.exportKnowledge);
  const importKnowledge = useAppStore((s) => s.importKnowledge);
  const importDescriptions = useAppStore((s) => s.importDescriptions);
  const checkExamples = useAppStore((s) => s.checkExamples);
  const forgetDatabase = useAppStore((s) => s.forgetDatabase);

  useEffect(() => {
    void ensureKnowledge();
  }, [database, ensureKnowledge]);

  if (!database)
    return (
      <p className="p-6 text-sm text-slate-600">Open a database to see what is known about it.</p>
    );

  const examples = knowledge?.examples ?? [];
  const broken = examples.filter((e) => e.broken).length;
  return (
    <div className="mx-auto max-w-5xl space-y-4 p-4 sm:p-6">
      <header className="space-y-1">
        <h2 className="text-lg font-semibold text-slate-900">Knowledge of {database.name}</h2>
        <p className="text-sm text-slate-600">
          Answers you marked correct and what tables and columns mean. Each question&apos;s prompts
          get the most similar remembered answers as worked examples, and every schema shows the
          descriptions beside their columns. Kept in this browser for this schema: a re-opened or
          re-downloaded copy finds it.
        </p>
      </header>

      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          Examples per prompt
          <input
            type="number"
            min={0}
            max={20}
            value={k}
            onChange={(e) => setK(Number(e.target.value))}
            className="w-16 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <button
          type="button"
          className={SECONDARY}
          onClick={() => {
            const file = exportKnowledge();
            if (file)
              downloadBlob(new Blob([file.text], { type: 'application/json' }), file.filename);
          }}
        >
          Export knowledge
        </button>
        <FilePicker
          label="Import knowledge"
          testId="knowledge-file"
          accept=".json,application/json"
          onFiles={(files) => files[0] && void importKnowledge(files[0])}
        />
        <FilePicker
          label="Import descriptions (files)"
          testId="description-files"
          accept=".csv,text/csv"
          onFiles={(files) => void importDescriptions(files)}
        />
        <FilePicker
          label="Import descriptions (folder)"
          testId="description-folder"
          folder
          onFiles={(files) => void importDescriptions(files)}
        />
        <button
          type="button"
          className="rounded-md border border-rose-300 bg-white px-3 py-1.5 text-sm text-rose-700 hover:bg-rose-50"
          onClick={() => {
            if (
              globalThis.confirm(
                `Delete everything kept for ${database.name}: its remembered answers, descriptions and History runs?`,
              )
            )
              void forgetDatabase();
          }}
        >
          Delete this database&apos;s data
        </button>
      </div>

      {notice && (
        <p role="status" className="text-sm text-teal-800" data-testid="knowledge-notice">
          {notice}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      {problems.length > 0 && (
        <details className="text-xs text-amber-800" open>
          <summary>Not used from the description files</summary>
          <ul className="list-disc pl-5" data-testid="description-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </details>
      )}

      <section className={CARD} aria-labelledby="remembered-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 id="remembered-heading" className="font-medium text-slate-900">
            Remembered answers ({examples.length})
          </h3>
          <div className="flex items-center gap-2 text-xs text-slate-500">
            {broken > 0 && <span className="text-rose-700">{broken} flagged</span>}
            <button type="button" className={SECONDARY} onClick={() => void checkExamples()}>
              Check that they still run
            </button>
          </div>
        </div>
        <ExampleList examples={examples} />
      </section>

      <section className={CARD} aria-labelledby="descriptions-heading">
        <h3 id="descriptions-heading" className="font-medium text-slate-900">
          Table and column descriptions
        </h3>
        <p className="text-xs text-slate-500">
          Write them here or import BIRD&apos;s <code>database_description</code> files (one{' '}
          <code>&lt;table&gt;.csv</code> per table).
        </p>
        <DescriptionEditor descriptions={knowledge?.descriptions ?? {}} />
      </section>
    </div>
  );
}
