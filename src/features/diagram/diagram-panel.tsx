/**
 * The Diagram view: the open database's tables as boxes (columns, keys marked), foreign keys as
 * arrows, laid out by dagre; zoom (wheel, buttons) and pan (drag); a click on a table previews
 * it in the SQL view. Large schemas: filter by name or focus on a table and its neighbours;
 * beyond 40 boxes only key columns are listed. Names are SVG text: searchable and read aloud.
 */
import { useEffect, useMemo, useState } from 'react';
import { layoutDiagram, type DiagramLayout } from '../../core/diagram/layout';
import { schemaGraph, visibleGraph } from '../../core/diagram/schema-graph';
import { toErrorPayload, type ErrorPayload } from '../../core/errors';
import { useAppStore } from '../../state/store';
import { ErrorNotice } from '../../ui/error-notice';
import { DiagramCanvas } from './diagram-canvas';

/** More boxes than this list only their key columns. */
const FULL_BOXES_UP_TO = 40;

export function DiagramPanel() {
  const schema = useAppStore((s) => s.database?.schema ?? null);
  const visible = useAppStore((s) => s.activeView === 'diagram');
  const previewTable = useAppStore((s) => s.previewTable);
  const showView = useAppStore((s) => s.showView);
  const [filter, setFilter] = useState('');
  const [focus, setFocus] = useState<string | null>(null);
  const [depth, setDepth] = useState(1);
  const graph = useMemo(() => (schema ? schemaGraph(schema) : null), [schema]);
  const shown = useMemo(
    () => (graph ? visibleGraph(graph, { filter, focus, depth }) : null),
    [graph, filter, focus, depth],
  );
  const keysOnly = (shown?.nodes.length ?? 0) > FULL_BOXES_UP_TO;
  const [placed, setPlaced] = useState<{ for: unknown; layout: DiagramLayout } | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);

  useEffect(() => {
    if (!visible || !shown) return;
    let cancelled = false;
    layoutDiagram(shown, keysOnly).then(
      (layout) => {
        if (!cancelled) {
          setPlaced({ for: shown, layout });
          setError(null);
        }
      },
      (caught: unknown) => {
        if (!cancelled) setError(toErrorPayload(caught));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [visible, shown, keysOnly]);

  if (!schema || !graph) {
    return (
      <p className="p-8 text-center text-sm text-slate-500">Open a database to see its diagram.</p>
    );
  }
  const focusValid = focus && graph.nodes.some((n) => n.table === focus);
  const layout = placed?.for === shown ? placed.layout : null;

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 text-sm">
        <label className="flex items-center gap-2">
          <span className="text-slate-600">Filter the diagram</span>
          <input
            type="search"
            value={filter}
            disabled={!!focusValid}
            onChange={(event) => setFilter(event.target.value)}
            className="w-44 rounded-md border border-slate-300 px-2 py-1 text-sm disabled:bg-slate-50"
          />
        </label>
        <label className="flex items-center gap-2">
          <span className="text-slate-600">Focus on</span>
          <select
            aria-label="Focus on table"
            value={focusValid ? focus : ''}
            onChange={(event) => setFocus(event.target.value || null)}
            className="max-w-56 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            <option value="">all tables</option>
            {graph.nodes.map((n) => (
              <option key={n.table} value={n.table}>
                {n.table}
              </option>
            ))}
          </select>
        </label>
        {focusValid && (
          <label className="flex items-center gap-2">
            <span className="text-slate-600">Neighbours</span>
            <select
              value={depth}
              onChange={(event) => setDepth(Number(event.target.value))}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
            >
              <option value={1}>1 step</option>
              <option value={2}>2 steps</option>
              <option value={3}>3 steps</option>
            </select>
          </label>
        )}
        <span className="text-xs text-slate-500" role="status">
          {shown?.nodes.length ?? 0} of {graph.nodes.length} tables · {shown?.edges.length ?? 0}{' '}
          foreign keys
          {keysOnly && ' · key columns only (filter or focus to see all columns)'}
        </span>
      </div>
      {error && (
        <div className="m-4">
          <ErrorNotice error={error} />
        </div>
      )}
      {shown && shown.nodes.length === 0 && (
        <p className="p-8 text-center text-sm text-slate-500">No table matches “{filter}”.</p>
      )}
      {layout && shown && shown.nodes.length > 0 && (
        <DiagramCanvas
          layout={layout}
          keysOnly={keysOnly}
          focus={focusValid ? focus : null}
          onPreview={(table) => {
            showView('sql');
            void previewTable(table);
          }}
          onFocus={setFocus}
        />
      )}
      {!layout && !error && shown && shown.nodes.length > 0 && (
        <p role="status" className="p-8 text-center text-sm text-slate-500">
          Laying out {shown.nodes.length} tables…
        </p>
      )}
    </div>
  );
}
