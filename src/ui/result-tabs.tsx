/**
 * A query result with two tabs: the grid and its chart. The chart's module (with Recharts)
 * loads the first time a Chart tab opens, so results that are never charted cost nothing.
 * Used by the SQL view and the Result card; anything that shows rows can use it.
 */
import { lazy, Suspense, useId, useState } from 'react';
import type { QueryResult } from '../core/sql/result';
import { ResultsGrid } from './results-grid';

const ChartView = lazy(() => import('./chart/chart-view'));

export interface ResultTabsProps {
  result: QueryResult;
  height?: number | string;
  /** The chart's drawing height in pixels. */
  chartHeight?: number;
  /** Names the tablist for screen readers when several results share a page. */
  label?: string;
  /** Controlled tab, for a view that should stay on Chart from one result to the next. */
  tab?: ResultTab;
  onTabChange?(tab: ResultTab): void;
}

export type ResultTab = 'grid' | 'chart';

export function ResultTabs({
  result,
  height,
  chartHeight = 300,
  label = 'Result',
  tab: controlledTab,
  onTabChange,
}: ResultTabsProps) {
  const [ownTab, setOwnTab] = useState<ResultTab>('grid');
  const tab = controlledTab ?? ownTab;
  const setTab = (next: ResultTab) => {
    setOwnTab(next);
    onTabChange?.(next);
  };
  const id = useId();
  const hasRows = result.columns.length > 0;
  if (!hasRows) return <ResultsGrid result={result} height={height} />;
  const tabButton = (which: 'grid' | 'chart', text: string) => (
    <button
      type="button"
      role="tab"
      id={`${id}-${which}-tab`}
      aria-selected={tab === which}
      aria-controls={`${id}-${which}`}
      onClick={() => setTab(which)}
      className={
        'rounded-t px-3 py-1 text-xs ' +
        (tab === which
          ? 'border border-b-0 border-slate-200 bg-white font-medium text-teal-800'
          : 'text-slate-600 hover:text-slate-900')
      }
    >
      {text}
    </button>
  );
  return (
    <div className="flex min-h-0 flex-col" style={tab === 'grid' ? { height } : undefined}>
      <div
        role="tablist"
        aria-label={`${label} view`}
        className="flex gap-1 border-b border-slate-200 px-2 pt-1"
      >
        {tabButton('grid', 'Grid')}
        {tabButton('chart', 'Chart')}
      </div>
      {tab === 'grid' ? (
        <div
          role="tabpanel"
          id={`${id}-grid`}
          aria-labelledby={`${id}-grid-tab`}
          className="min-h-0 flex-1"
        >
          <ResultsGrid result={result} height="100%" />
        </div>
      ) : (
        <div
          role="tabpanel"
          id={`${id}-chart`}
          aria-labelledby={`${id}-chart-tab`}
          className="overflow-auto"
        >
          <Suspense
            fallback={
              <p className="px-4 py-6 text-sm text-slate-500" role="status">
                Loading the chart…
              </p>
            }
          >
            <ChartView result={result} height={chartHeight} />
          </Suspense>
        </div>
      )}
    </div>
  );
}
