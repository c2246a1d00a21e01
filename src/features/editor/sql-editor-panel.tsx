/**
 * The workbench's editor: the SQL, a Run button (and Ctrl/Cmd+Enter), the time limit, the
 * switch that lets statements write (SQLite enforces read-only otherwise) and the download of
 * the database as it now is.
 */
import { useId, useState } from 'react';
import { toErrorPayload, type ErrorPayload } from '../../core/errors';
import { formatSql } from '../../core/sql/format-sql';
import { useAppStore } from '../../state/store';
import { useExplanation } from '../../state/use-explanation';
import { ErrorNotice } from '../../ui/error-notice';
import { ExplainPanel } from '../../ui/explain-panel';
import { SqlEditor } from '../../ui/sql-editor';

const RUN_SHORTCUT =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘ ↵' : 'Ctrl ↵';

export function SqlEditorPanel() {
  const editorSql = useAppStore((s) => s.editorSql);
  const setEditorSql = useAppStore((s) => s.setEditorSql);
  const runQuery = useAppStore((s) => s.runQuery);
  const schema = useAppStore((s) => s.database?.schema ?? null);
  const hasDatabase = useAppStore((s) => s.database !== null);
  const running = useAppStore((s) => s.queryStatus.state === 'running');

  return (
    // Ctrl/Cmd+Enter also runs from the controls (e.g. right after ticking "Allow writes");
    // inside the editor Monaco handles it first, with the selection.
    <div
      className="border-b border-slate-200 bg-white px-4 pt-3 pb-3"
      onKeyDown={(event) => {
        if (event.defaultPrevented || event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) {
          return;
        }
        event.preventDefault();
        if (hasDatabase && !running) void runQuery();
      }}
    >
      <SqlEditor
        value={editorSql}
        onChange={setEditorSql}
        onRun={(sql) => void runQuery(sql)}
        completionSchema={schema}
        height={200}
        ariaLabel="SQL editor"
      />
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2">
        {/* The shortcut sits beside the button, so the button's name is its visible word. */}
        <span className="flex items-center gap-1.5">
          <button
            type="button"
            aria-keyshortcuts="Control+Enter Meta+Enter"
            onClick={() => void runQuery()}
            disabled={!hasDatabase || running}
            className="flex items-center gap-2 rounded-md bg-teal-700 px-4 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-teal-800 disabled:cursor-not-allowed disabled:opacity-50"
          >
            <span aria-hidden>▶</span> Run
          </button>
          <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-sans text-[10px] text-slate-600">
            {RUN_SHORTCUT}
          </kbd>
        </span>
        <FormatButton />
        <TimeLimitInput />
        <AllowWritesSwitch />
        <DownloadButton />
        <EditorExplain sql={editorSql} />
      </div>
    </div>
  );
}

function EditorExplain({ sql }: { sql: string }) {
  return <ExplainPanel sql={sql} {...useExplanation(sql, null)} label="Explain the editor's SQL" />;
}

/** Lays the editor's SQL out (sql-formatter, SQLite dialect); Ctrl/Cmd+Z in the editor undoes it. */
function FormatButton() {
  const editorSql = useAppStore((s) => s.editorSql);
  const setEditorSql = useAppStore((s) => s.setEditorSql);
  const [error, setError] = useState<{ for: string; error: ErrorPayload } | null>(null);
  const [busy, setBusy] = useState(false);
  const format = async () => {
    setBusy(true);
    try {
      const formatted = await formatSql(editorSql);
      setError(null);
      // The editor may have changed while the formatter loaded: keep what was typed since.
      if (useAppStore.getState().editorSql === editorSql) setEditorSql(formatted);
    } catch (caught) {
      setError({ for: editorSql, error: toErrorPayload(caught) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        onClick={() => void format()}
        disabled={busy || !editorSql.trim()}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:border-teal-600 hover:text-teal-800 disabled:cursor-not-allowed disabled:opacity-50"
      >
        Format SQL
      </button>
      {/* The message goes once the SQL it was about has been edited. */}
      {error && error.for === editorSql && (
        <div className="basis-full">
          <ErrorNotice error={error.error} />
        </div>
      )}
    </>
  );
}

function TimeLimitInput() {
  const timeoutMs = useAppStore((s) => s.queryTimeoutMs);
  const setQueryTimeoutMs = useAppStore((s) => s.setQueryTimeoutMs);
  const id = useId();
  // Local text so the field can be empty or half-typed; the store takes only valid values.
  const [text, setText] = useState(String(timeoutMs / 1000));
  const [shownFor, setShownFor] = useState(timeoutMs);
  if (shownFor !== timeoutMs) {
    setShownFor(timeoutMs);
    setText(String(timeoutMs / 1000));
  }
  const seconds = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(seconds) && seconds > 0 && seconds <= 3600;

  return (
    <div className="flex items-center gap-2 text-sm text-slate-700">
      <label htmlFor={id}>Time limit (s)</label>
      <input
        id={id}
        type="number"
        min={0.1}
        max={3600}
        step="any"
        value={text}
        aria-invalid={!valid}
        onChange={(event) => {
          setText(event.target.value);
          const next = Number(event.target.value);
          if (event.target.value.trim() !== '' && next > 0 && next <= 3600) {
            setShownFor(Math.round(next * 1000));
            setQueryTimeoutMs(Math.round(next * 1000));
          }
        }}
        onBlur={() => {
          if (!valid) setText(String(timeoutMs / 1000));
        }}
        className="w-20 rounded-md border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-500 focus:border-teal-600 focus:ring-1 focus:ring-teal-600 focus:outline-none"
      />
    </div>
  );
}

function AllowWritesSwitch() {
  const allowWrites = useAppStore((s) => s.allowWrites);
  const setAllowWrites = useAppStore((s) => s.setAllowWrites);
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      <input
        id={id}
        type="checkbox"
        checked={allowWrites}
        onChange={(event) => setAllowWrites(event.target.checked)}
        className="h-4 w-4 accent-teal-700"
      />
      <label htmlFor={id} className="text-slate-700">
        Allow writes
      </label>
      <span className="text-xs text-slate-500">
        {allowWrites
          ? 'Statements may change the open copy.'
          : 'Read-only: SQLite itself refuses writes.'}
      </span>
    </div>
  );
}

function DownloadButton() {
  const hasDatabase = useAppStore((s) => s.database !== null);
  const dirty = useAppStore((s) => s.database?.dirty ?? false);
  const downloadDatabase = useAppStore((s) => s.downloadDatabase);
  return (
    <button
      type="button"
      onClick={() => void downloadDatabase()}
      disabled={!hasDatabase}
      title={
        dirty ? 'The database has changes: download it to keep them' : 'Download the open database'
      }
      className={
        'ml-auto rounded-md px-3 py-1.5 text-sm disabled:cursor-not-allowed disabled:opacity-50 ' +
        (dirty
          ? 'bg-amber-500 font-medium text-white shadow-sm hover:bg-amber-600'
          : 'border border-slate-300 bg-white text-slate-700 hover:border-teal-600 hover:text-teal-800')
      }
    >
      Download database{dirty && <span aria-hidden> •</span>}
    </button>
  );
}
