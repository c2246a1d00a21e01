/**
 * The simplified schema as ticks over the full schema: a table tick keeps the table (with all
 * its columns when none is ticked yet), a column tick keeps the column. Untick a table's last
 * column and the table goes too, so the value is always a schema the next stage can use.
 */
import type { SimplifiedSchema } from '../../core/pipeline/events';
import type { DbSchema, TableInfo } from '../../core/schema/types';

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
  const sorted = [...schema.tables].sort((a, b) => a.name.localeCompare(b.name));
  const kept = sorted.filter((table) => keptColumns(value, table.name) !== null);
  const others = sorted.filter((table) => keptColumns(value, table.name) === null);

  const toggleTable = (table: TableInfo, on: boolean) =>
    onChange(
      on
        ? { ...without(value, table.name), [table.name]: table.columns.map((c) => c.name) }
        : without(value, table.name),
    );

  const tableBox = (table: TableInfo, on: boolean) => (
    <label className="inline-flex items-center gap-1.5">
      <input
        type="checkbox"
        checked={on}
        disabled={disabled}
        onChange={(event) => toggleTable(table, event.target.checked)}
        className="accent-teal-700"
      />
      {table.name}
    </label>
  );

  return (
    <fieldset aria-label="Simplified schema">
      <legend className="mb-1 text-xs font-medium text-slate-600">
        Simplified schema · {kept.length} of {schema.tables.length} tables kept
      </legend>
      <div className="divide-y divide-slate-100 rounded border border-slate-200 text-sm">
        {kept.map((table) => {
          const allColumns = table.columns.map((c) => c.name);
          const listed = keptColumns(value, table.name) ?? [];
          // An empty list from the pipeline means "all columns".
          const shown = listed.length === 0 ? allColumns : listed;
          const isKept = (column: string) =>
            shown.some((name) => name.toLowerCase() === column.toLowerCase());
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
            <div key={table.name} className="flex gap-3 px-2 py-1.5">
              <div className="w-40 shrink-0 font-medium text-slate-800">
                {tableBox(table, true)}
              </div>
              <div className="flex flex-wrap gap-x-3 gap-y-0.5">
                {allColumns.map((column) => (
                  <label
                    key={column}
                    className={
                      'inline-flex items-center gap-1 text-xs ' +
                      (isKept(column) ? 'text-slate-700' : 'text-slate-500')
                    }
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
              </div>
            </div>
          );
        })}
        {others.length > 0 && (
          <div className="flex gap-3 px-2 py-1.5">
            <div className="w-40 shrink-0 text-xs text-slate-500">Not kept</div>
            <div className="flex flex-wrap gap-x-4 gap-y-0.5 text-slate-500">
              {others.map((table) => (
                <span key={table.name}>{tableBox(table, false)}</span>
              ))}
            </div>
          </div>
        )}
      </div>
    </fieldset>
  );
}
