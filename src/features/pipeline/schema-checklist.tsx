/**
 * The simplified schema as ticks over the full schema: a table tick keeps the table (with all
 * its columns when none is ticked yet), a column tick keeps the column. Untick a table's last
 * column and the table goes too, so the value is always a schema the next stage can use.
 */
import type { SimplifiedSchema } from '../../core/pipeline/events';
import type { DbSchema } from '../../core/schema/types';

export interface SchemaChecklistProps {
  schema: DbSchema;
  value: SimplifiedSchema;
  onChange(value: SimplifiedSchema): void;
  disabled: boolean;
}

/** The simplified schema spells names as the model did; match them case-insensitively. */
function keptColumns(value: SimplifiedSchema, table: string): string[] | null {
  const key = Object.keys(value).find((name) => name.toLowerCase() === table.toLowerCase());
  return key === undefined ? null : (value[key] ?? []);
}

function without(value: SimplifiedSchema, table: string): SimplifiedSchema {
  return Object.fromEntries(
    Object.entries(value).filter(([name]) => name.toLowerCase() !== table.toLowerCase()),
  );
}

export function SchemaChecklist({ schema, value, onChange, disabled }: SchemaChecklistProps) {
  const tables = [...schema.tables].sort((a, b) => {
    const keptA = keptColumns(value, a.name) !== null ? 0 : 1;
    const keptB = keptColumns(value, b.name) !== null ? 0 : 1;
    return keptA - keptB || a.name.localeCompare(b.name);
  });

  return (
    <fieldset className="space-y-1" aria-label="Simplified schema">
      <legend className="mb-1 text-xs font-medium text-slate-600">
        Simplified schema · {Object.keys(value).length} of {schema.tables.length} tables kept
      </legend>
      <ul className="divide-y divide-slate-100 rounded border border-slate-200">
        {tables.map((table) => {
          const kept = keptColumns(value, table.name);
          const allColumns = table.columns.map((c) => c.name);
          // An empty list from the pipeline means "all columns".
          const shown = kept && kept.length === 0 ? allColumns : (kept ?? []);
          const isKept = (column: string) =>
            shown.some((name) => name.toLowerCase() === column.toLowerCase());
          const toggleTable = (on: boolean) =>
            onChange(
              on
                ? { ...without(value, table.name), [table.name]: allColumns }
                : without(value, table.name),
            );
          const toggleColumn = (column: string, on: boolean) => {
            const next = on
              ? [...shown, column]
              : shown.filter((name) => name.toLowerCase() !== column.toLowerCase());
            onChange(
              next.length === 0
                ? without(value, table.name)
                : { ...without(value, table.name), [table.name]: next },
            );
          };
          return (
            <li key={table.name} className={'px-2 py-1.5 ' + (kept ? '' : 'opacity-60')}>
              <label className="inline-flex items-center gap-1.5 text-sm font-medium text-slate-800">
                <input
                  type="checkbox"
                  checked={kept !== null}
                  disabled={disabled}
                  onChange={(event) => toggleTable(event.target.checked)}
                  className="accent-teal-700"
                />
                {table.name}
              </label>
              {kept && (
                <span className="ml-3 inline-flex flex-wrap gap-x-3 gap-y-0.5 align-middle">
                  {allColumns.map((column) => (
                    <label
                      key={column}
                      className="inline-flex items-center gap-1 text-xs text-slate-600"
                    >
                      <input
                        type="checkbox"
                        aria-label={`${table.name}.${column}`}
                        checked={isKept(column)}
                        disabled={disabled}
                        onChange={(event) => toggleColumn(column, event.target.checked)}
                        className="accent-teal-700"
                      />
                      {column}
                    </label>
                  ))}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
