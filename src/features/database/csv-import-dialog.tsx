/**
 * The CSV/TSV import preview: per file, the table it becomes, each column's inferred type (the
 * person may change it, and sees how many values would not fit), the first rows, and every row
 * that did not fit the header with its line in the file. "Import" builds the database.
 */
import { useEffect, useRef } from 'react';
import { column, type ImportTable } from '../../core/csv/import-plan';
import {
  IMPORT_COLUMN_TYPES,
  misfitCount,
  type ImportColumnType,
} from '../../core/csv/infer-types';
import { useAppStore } from '../../state/store';
import { formatCount } from '../../ui/cell-format';
import { ErrorNotice } from '../../ui/error-notice';

const PREVIEW_ROWS = 5;
const PROBLEMS_SHOWN = 50;

export function CsvImportDialog() {
  const csvImport = useAppStore((s) => s.csvImport);
  const cancel = useAppStore((s) => s.cancelCsvImport);
  const confirm = useAppStore((s) => s.confirmCsvImport);
  const ref = useRef<HTMLDialogElement>(null);
  const open = csvImport.state !== 'closed';

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const tables = 'tables' in csvImport ? csvImport.tables : [];
  const refused = 'refused' in csvImport ? csvImport.refused : [];
  const building = csvImport.state === 'building';
  const skipped = tables.reduce((sum, t) => sum + t.problems.filter((p) => p.skipped).length, 0);

  return (
    <dialog
      ref={ref}
      onClose={() => {
        if (useAppStore.getState().csvImport.state !== 'building') cancel();
      }}
      aria-labelledby="csv-import-title"
      className="m-auto w-[min(64rem,94vw)] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      {open && (
        <div className="flex max-h-[85vh] flex-col">
          <header className="border-b border-slate-200 px-4 py-3">
            <h2 id="csv-import-title" className="text-sm font-semibold text-slate-800">
              Import CSV/TSV as a new SQLite database
            </h2>
            <p className="text-xs text-slate-500">
              One table per file. Check the column types, then import; empty cells become NULL.
            </p>
          </header>
          <div className="min-h-0 flex-1 space-y-4 overflow-auto px-4 py-3">
            {csvImport.state === 'reading' && (
              <p role="status" className="text-sm text-slate-700">
                Reading {csvImport.fileNames.join(', ')}…
              </p>
            )}
            {refused.map((error, index) => (
              <ErrorNotice key={index} error={error} />
            ))}
            {tables.map((table, index) => (
              <TablePreview key={index} table={table} index={index} disabled={building} />
            ))}
            {csvImport.state === 'failed' && <ErrorNotice error={csvImport.error} />}
          </div>
          <footer className="flex items-center gap-2 border-t border-slate-200 px-4 py-3">
            {skipped > 0 && (
              <p className="text-xs text-amber-800">
                {formatCount(skipped)} {skipped === 1 ? 'row is' : 'rows are'} left out (listed
                above with their lines).
              </p>
            )}
            <button
              type="button"
              onClick={() => ref.current?.close()}
              disabled={building}
              className="ml-auto rounded-md border border-slate-300 bg-white px-4 py-1.5 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50"
            >
              Cancel
            </button>
            <button
              type="button"
              onClick={() => void confirm()}
              disabled={building || tables.length === 0}
              className="rounded-md bg-teal-700 px-4 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-teal-800 disabled:cursor-not-allowed disabled:opacity-50"
            >
              {building
                ? 'Importing…'
                : `Import ${tables.length} ${tables.length === 1 ? 'table' : 'tables'}`}
            </button>
          </footer>
        </div>
      )}
    </dialog>
  );
}

function TablePreview({
  table,
  index,
  disabled,
}: {
  table: ImportTable;
  index: number;
  disabled: boolean;
}) {
  const setType = useAppStore((s) => s.setImportColumnType);
  const setName = useAppStore((s) => s.setImportTableName);
  const problems = table.problems;
  return (
    <section
      aria-label={`Table from ${table.fileName}`}
      className="rounded-md border border-slate-200"
    >
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 bg-slate-50 px-3 py-2 text-sm">
        <label className="flex items-center gap-2">
          <span className="text-slate-600">Table name</span>
          <input
            value={table.name}
            disabled={disabled}
            onChange={(event) => setName(index, event.target.value)}
            className="rounded border border-slate-300 px-2 py-0.5 font-mono text-sm"
          />
        </label>
        <span className="text-xs text-slate-500">
          from {table.fileName} · {formatCount(table.rows.length)}{' '}
          {table.rows.length === 1 ? 'row' : 'rows'} · {table.columns.length} columns
        </span>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-xs">
          <thead>
            <tr className="text-left">
              {table.columns.map((col, c) => (
                <th
                  key={c}
                  scope="col"
                  className="border-b border-slate-200 px-2 py-1 align-bottom font-semibold text-slate-700"
                >
                  <div className="truncate" title={col.name}>
                    {col.name}
                  </div>
                  <TypePicker
                    table={table}
                    column={c}
                    disabled={disabled}
                    onChange={(type) => setType(index, c, type)}
                  />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.slice(0, PREVIEW_ROWS).map((row, r) => (
              <tr key={r} className="odd:bg-white even:bg-slate-50">
                {table.columns.map((_, c) => (
                  <td key={c} className="max-w-48 truncate px-2 py-0.5 text-slate-800">
                    {row[c] === '' ? <span className="text-slate-400 italic">NULL</span> : row[c]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problems.length > 0 && (
        <div
          className="border-t border-slate-100 px-3 py-2 text-xs"
          aria-label={`Problems in ${table.fileName}`}
        >
          <p className="font-medium text-amber-800">
            {formatCount(problems.length)} {problems.length === 1 ? 'row does' : 'rows do'} not fit
            the header:
          </p>
          <ul className="mt-1 max-h-32 space-y-0.5 overflow-auto text-slate-700">
            {problems.slice(0, PROBLEMS_SHOWN).map((problem, p) => (
              <li key={p}>
                <span className="font-mono">line {problem.line}</span>: {problem.message}
              </li>
            ))}
            {problems.length > PROBLEMS_SHOWN && (
              <li className="text-slate-500">
                and {formatCount(problems.length - PROBLEMS_SHOWN)} more (lines{' '}
                {problems
                  .slice(PROBLEMS_SHOWN)
                  .map((p) => p.line)
                  .join(', ')}
                )
              </li>
            )}
          </ul>
        </div>
      )}
    </section>
  );
}

function TypePicker(props: {
  table: ImportTable;
  column: number;
  disabled: boolean;
  onChange(type: ImportColumnType): void;
}) {
  const col = props.table.columns[props.column]!;
  const misfits =
    col.type === col.inferred ? 0 : misfitCount(column(props.table.rows, props.column), col.type);
  return (
    <div className="mt-0.5 font-normal">
      <select
        aria-label={`Type of ${col.name}`}
        value={col.type}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.value as ImportColumnType)}
        className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs"
      >
        {IMPORT_COLUMN_TYPES.map((type) => (
          <option key={type} value={type}>
            {type === col.inferred ? `${type} (inferred)` : type}
          </option>
        ))}
      </select>
      {misfits > 0 && (
        <p className="mt-0.5 text-[11px] text-amber-800">
          {formatCount(misfits)} values are not {col.type.toLowerCase()}; kept as text
        </p>
      )}
    </div>
  );
}
