/**
 * The sidebar: open a file or the sample, what is open (name, size), loading and error states,
 * and the schema browser. A failed load shows its message above the database that was already
 * open, which stays usable.
 */
import { useEffect, useId, useState } from 'react';
import type { ErrorPayload } from '../../core/errors';
import { useAppStore } from '../../state/store';
import { formatBytes } from '../../core/format-bytes';
import { CsvImportDialog } from './csv-import-dialog';
import { SchemaBrowser } from './schema-browser';

export const CHINOOK_LICENCE = 'Chinook sample database, MIT, Copyright (c) 2008-2024 Luis Rocha';

export function DatabasePanel() {
  const database = useAppStore((s) => s.database);
  const status = useAppStore((s) => s.dbStatus);
  const previewTable = useAppStore((s) => s.previewTable);
  const showView = useAppStore((s) => s.showView);
  const descriptions = useAppStore((s) => s.knowledge?.descriptions ?? null);
  const ensureKnowledge = useAppStore((s) => s.ensureKnowledge);
  const setDescription = useAppStore((s) => s.setDescription);

  // The browser shows what the knowledge says of each table, so it loads with the database.
  useEffect(() => {
    void ensureKnowledge();
  }, [database, ensureKnowledge]);

  const preview = (name: string) => {
    showView('sql');
    void previewTable(name);
  };

  return (
    <div className="flex h-full flex-col">
      <OpenControls />
      <CsvImportDialog />
      {status.state === 'loading' && <LoadingBox name={status.name} sizeBytes={status.sizeBytes} />}
      {status.state === 'failed' && <ErrorBox error={status.error} />}
      {database ? (
        <>
          <CurrentDatabase />
          <button
            type="button"
            onClick={() => showView('diagram')}
            className="mx-3 mb-2 rounded-md border border-slate-300 bg-white px-3 py-1 text-sm text-slate-700 hover:border-teal-600 hover:text-teal-800"
          >
            Show diagram
          </button>
          <SchemaBrowser
            schema={database.schema}
            onPreview={preview}
            descriptions={descriptions}
            onDescribe={(table, column, note) => void setDescription(table, column, note)}
          />
        </>
      ) : (
        status.state !== 'loading' && <EmptyState />
      )}
    </div>
  );
}

function OpenControls() {
  const openFile = useAppStore((s) => s.openFile);
  const openSample = useAppStore((s) => s.openSample);
  const loading = useAppStore((s) => s.dbStatus.state === 'loading');
  const prepareCsvImport = useAppStore((s) => s.prepareCsvImport);
  const inputId = useId();
  const csvInputId = useId();

  return (
    <div className="space-y-2 border-b border-slate-200 px-3 py-3">
      <div className="flex gap-2">
        <label
          htmlFor={inputId}
          className="flex-1 cursor-pointer rounded-md bg-teal-700 px-3 py-1.5 text-center text-sm font-medium text-white shadow-sm hover:bg-teal-800 focus-within:ring-2 focus-within:ring-teal-500 focus-within:ring-offset-1"
        >
          Open database
        </label>
        <input
          id={inputId}
          type="file"
          accept=".sqlite,.sqlite3,.db,.db3,.s3db,application/vnd.sqlite3,application/x-sqlite3"
          className="sr-only"
          onChange={(event) => {
            const file = event.target.files?.[0];
            // Reset so that picking the same file again still fires a change.
            event.target.value = '';
            if (file) void openFile(file, 'file');
          }}
        />
        <button
          type="button"
          onClick={() => void openSample()}
          disabled={loading}
          title={CHINOOK_LICENCE}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:border-teal-600 hover:text-teal-800 disabled:opacity-50"
        >
          Sample: Chinook
        </button>
      </div>
      <label
        htmlFor={csvInputId}
        className="block cursor-pointer rounded-md border border-slate-300 bg-white px-3 py-1 text-center text-sm text-slate-700 hover:border-teal-600 hover:text-teal-800 focus-within:ring-2 focus-within:ring-teal-500"
      >
        Import CSV/TSV
      </label>
      <input
        id={csvInputId}
        type="file"
        multiple
        accept=".csv,.tsv,.tab,.txt,text/csv,text/tab-separated-values"
        className="sr-only"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = '';
          if (files.length > 0) void prepareCsvImport(files);
        }}
      />
      <p className="text-[11px] leading-tight text-slate-500">
        Or drop SQLite, CSV or TSV files anywhere on the page (several CSV files make several
        tables). {CHINOOK_LICENCE}.
      </p>
    </div>
  );
}

function CurrentDatabase() {
  const database = useAppStore((s) => s.database);
  const closeDatabase = useAppStore((s) => s.closeDatabase);
  if (!database) return null;
  const tables = database.schema.tables.filter((t) => t.kind === 'table').length;
  const views = database.schema.tables.length - tables;
  return (
    <div className="flex items-start gap-2 px-3 pt-3 pb-2">
      <div className="min-w-0 flex-1">
        <h2
          className="truncate text-sm font-semibold text-slate-900"
          title={database.name}
          data-testid="database-name"
        >
          {database.name}
        </h2>
        <p className="text-xs text-slate-500">
          {formatBytes(database.sizeBytes)} · {tables} {tables === 1 ? 'table' : 'tables'}
          {views > 0 && ` · ${views} ${views === 1 ? 'view' : 'views'}`}
          {database.dirty && <span className="ml-1 font-medium text-amber-700">· changed</span>}
        </p>
      </div>
      <button
        type="button"
        onClick={() => void closeDatabase()}
        className="shrink-0 rounded px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      >
        Close
      </button>
    </div>
  );
}

function LoadingBox({ name, sizeBytes }: { name: string; sizeBytes: number | null }) {
  return (
    <div className="mx-3 mt-3 rounded-md border border-teal-200 bg-teal-50 px-3 py-2" role="status">
      <p className="truncate text-sm text-teal-900">
        Opening {name}
        {sizeBytes !== null && ` (${formatBytes(sizeBytes)})`}…
      </p>
      <div className="mt-2 h-1 overflow-hidden rounded bg-teal-100">
        <div className="h-full w-full animate-pulse rounded bg-teal-600" />
      </div>
    </div>
  );
}

function ErrorBox({ error }: { error: ErrorPayload }) {
  // Dismissing hides this error only; the next failure shows again.
  const [dismissed, setDismissed] = useState<ErrorPayload | null>(null);
  if (dismissed === error) return null;
  return (
    <div
      className="mx-3 mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm"
      role="alert"
    >
      <div className="flex items-start gap-2">
        <p className="flex-1 font-medium text-red-900">{error.message}</p>
        <button
          type="button"
          onClick={() => setDismissed(error)}
          aria-label="Dismiss"
          className="rounded px-1 text-red-700 hover:bg-red-100"
        >
          ×
        </button>
      </div>
      {error.nextStep && <p className="mt-1 text-red-800">{error.nextStep}</p>}
      {error.detail && (
        <p className="mt-1 font-mono text-xs break-words text-red-700">{error.detail}</p>
      )}
    </div>
  );
}

function EmptyState() {
  return (
    <div className="px-4 py-8 text-center text-sm text-slate-500">
      <p className="font-medium text-slate-700">No database open</p>
      <p className="mt-1">Open a SQLite file, drop one on the page, or load the Chinook sample.</p>
    </div>
  );
}
