/**
 * "Explain" for a SQL: a button that opens the structural explanation (computed here, no model:
 * tables, joins and keys, filters, grouping, order, limits) and, when a model is ready, a
 * button for a streamed plain-language explanation of what the query returns.
 */
import { useMemo, useState } from 'react';
import type { ErrorPayload } from '../core/errors';
import { explainSql } from '../core/explain/explain-sql';
import type { DbSchema } from '../core/schema/types';
import { ErrorNotice } from './error-notice';

export interface ExplainModelState {
  state: 'streaming' | 'done' | 'failed';
  text: string;
  cutOff?: boolean;
  error?: ErrorPayload;
}

export interface ExplainPanelProps {
  sql: string;
  schema: DbSchema | null;
  modelReady: boolean;
  model: ExplainModelState | null;
  askModel(): void;
  stop(): void;
  /** Names the button for screen readers when several SQLs share a page ("Explain SQL₀"). */
  label?: string;
}

export function ExplainPanel(props: ExplainPanelProps) {
  const [open, setOpen] = useState(false);
  const disabled = !props.sql.trim() || !props.schema;
  return (
    <div className="basis-full text-sm">
      <button
        type="button"
        aria-expanded={open}
        aria-label={props.label ?? 'Explain'}
        disabled={disabled}
        onClick={() => setOpen(!open)}
        className="rounded border border-slate-300 bg-white px-3 py-1 text-xs text-slate-700 hover:border-teal-600 hover:text-teal-800 disabled:cursor-not-allowed disabled:opacity-50"
      >
        {open ? 'Hide explanation' : 'Explain'}
      </button>
      {open && props.schema && <ExplanationBody {...props} schema={props.schema} />}
    </div>
  );
}

function ExplanationBody({
  sql,
  schema,
  modelReady,
  model,
  askModel,
  stop,
}: ExplainPanelProps & { schema: DbSchema }) {
  const structure = useMemo(() => explainSql(sql, schema), [sql, schema]);
  const streaming = model?.state === 'streaming';
  return (
    <section
      aria-label="Explanation"
      className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-slate-800"
    >
      <ol className="space-y-0.5" aria-label="What the query does">
        {structure.lines.map((line, index) => (
          <li key={index} style={{ paddingLeft: `${line.depth * 1.25}rem` }} data-kind={line.kind}>
            {line.text}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-2 border-t border-slate-200 pt-2">
        {modelReady || model ? (
          <>
            <button
              type="button"
              onClick={streaming ? stop : askModel}
              disabled={!streaming && !modelReady}
              className="rounded bg-teal-700 px-3 py-1 text-xs font-medium text-white hover:bg-teal-800 disabled:opacity-50"
            >
              {streaming
                ? 'Stop'
                : model
                  ? 'Explain again with the model'
                  : 'Explain with the model'}
            </button>
            <span className="text-xs text-slate-500">What the result means, in plain words.</span>
          </>
        ) : (
          <span className="text-xs text-slate-500">
            Load a model (Model view) for a plain-language explanation of what the query returns.
          </span>
        )}
      </div>
      {model && (model.text || streaming) && (
        <p aria-live="polite" aria-label="Model explanation" className="whitespace-pre-wrap">
          {model.text}
          {streaming && <span className="animate-pulse text-teal-700">▍</span>}
        </p>
      )}
      {model?.state === 'done' && model.cutOff && (
        <p className="text-xs text-amber-800">The explanation was cut off at its length limit.</p>
      )}
      {model?.state === 'failed' && model.error && <ErrorNotice error={model.error} />}
    </section>
  );
}
