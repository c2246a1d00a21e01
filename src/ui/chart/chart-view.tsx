/**
 * The chart of a query result (Recharts, loaded with this module only when a Chart tab opens):
 * type, x axis and series pickers, the drawing, a note when the data was reduced, and PNG/SVG
 * export. Axes and labels use currentColor, so the chart follows the page's text colour (and
 * a dark theme); series colours are mid-tones that read on light and dark backgrounds.
 */
import { useMemo, useRef, useState } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  CHART_TYPES,
  chartColumns,
  chartData,
  chooseChart,
  type ChartSpec,
  type ChartType,
} from '../../core/chart/choose-chart';
import type { QueryResult } from '../../core/sql/result';
import { downloadBlob } from '../download';
import { chartPngBlob, chartSvgText } from './export-chart';

export const SERIES_COLOURS = ['#0d9488', '#d97706', '#6366f1', '#e11d48', '#0284c7', '#65a30d'];

const TYPE_LABELS: Record<ChartType, string> = {
  bar: 'Bar',
  line: 'Line',
  area: 'Area',
  scatter: 'Scatter',
  pie: 'Pie',
  number: 'Single number',
};

export interface ChartViewProps {
  result: Pick<QueryResult, 'columns' | 'rows' | 'truncated'>;
  height?: number;
  /** The file name exports get, without extension. */
  fileName?: string;
}

export default function ChartView({ result, height = 320, fileName = 'chart' }: ChartViewProps) {
  const columns = useMemo(() => chartColumns(result), [result]);
  const automatic = useMemo(
    () => chooseChart(columns, result.rows.length),
    [columns, result.rows.length],
  );
  const [chosen, setChosen] = useState<{ for: typeof result; spec: ChartSpec } | null>(null);
  const spec = chosen?.for === result ? chosen.spec : automatic;
  const setSpec = (next: ChartSpec) => setChosen({ for: result, spec: next });
  const data = useMemo(
    () => (spec ? chartData(result, columns, spec) : null),
    [result, columns, spec],
  );
  const drawing = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  if (!spec || !data) {
    return (
      <p className="px-4 py-6 text-sm text-slate-600" role="status">
        Nothing to chart: a chart needs at least one row and a column of numbers.
      </p>
    );
  }

  const numeric = columns.kinds.flatMap((k, i) => (k === 'number' ? [i] : []));
  const names = columns.names;
  const seriesName = (s: number) => names[spec.y[s] ?? -1] ?? '';
  const xName = spec.x === null ? 'row' : names[spec.x];
  const description =
    spec.type === 'number'
      ? `${names[spec.y[0] ?? 0]}`
      : `${TYPE_LABELS[spec.type]} chart of ${spec.y.map((c) => names[c]).join(', ')} by ${xName}`;

  // The chart's own surface, not a legend icon (those are recharts-surface too).
  const svg = () =>
    drawing.current?.querySelector<SVGSVGElement>('.recharts-wrapper > svg.recharts-surface') ??
    null;
  const exportAs = async (kind: 'png' | 'svg') => {
    const element = svg();
    if (!element) return;
    try {
      setExportError(null);
      const blob =
        kind === 'svg'
          ? new Blob([chartSvgText(element)], { type: 'image/svg+xml;charset=utf-8' })
          : await chartPngBlob(element);
      downloadBlob(blob, `${fileName}.${kind}`);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <figure className="flex flex-col gap-2 px-3 py-2 text-slate-700" aria-label={description}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
        <label className="flex items-center gap-1">
          Chart type
          <select
            aria-label="Chart type"
            value={spec.type}
            onChange={(event) => setSpec({ ...spec, type: event.target.value as ChartType })}
            className={SELECT}
          >
            {CHART_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </label>
        {spec.type !== 'number' && (
          <label className="flex items-center gap-1">
            {spec.type === 'pie' ? 'Slices' : 'X axis'}
            <select
              aria-label={spec.type === 'pie' ? 'Slices' : 'X axis'}
              value={spec.x ?? ''}
              onChange={(event) =>
                setSpec({
                  ...spec,
                  x: event.target.value === '' ? null : Number(event.target.value),
                })
              }
              className={SELECT}
            >
              <option value="">row number</option>
              {names.map((name, index) =>
                columns.kinds[index] === 'empty' ? null : (
                  <option key={index} value={index}>
                    {name}
                  </option>
                ),
              )}
            </select>
          </label>
        )}
        <fieldset className="flex flex-wrap items-center gap-2">
          <legend className="float-left mr-1">
            {spec.type === 'pie' || spec.type === 'number' ? 'Value' : 'Series'}
          </legend>
          {numeric.map((index) => (
            <label key={index} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={spec.y.includes(index)}
                onChange={(event) => {
                  const y = event.target.checked
                    ? [...spec.y, index].sort((a, b) => a - b)
                    : spec.y.filter((c) => c !== index);
                  if (y.length > 0) setSpec({ ...spec, y });
                }}
                className="accent-teal-700"
              />
              {names[index]}
            </label>
          ))}
        </fieldset>
        <div className="ml-auto flex gap-1">
          <button
            type="button"
            onClick={() => void exportAs('png')}
            className={BUTTON}
            disabled={spec.type === 'number'}
          >
            Export PNG
          </button>
          <button
            type="button"
            onClick={() => void exportAs('svg')}
            className={BUTTON}
            disabled={spec.type === 'number'}
          >
            Export SVG
          </button>
        </div>
      </div>
      <div ref={drawing} style={{ height }} data-chart-type={spec.type} className="min-w-0">
        {spec.type === 'number' ? (
          <BigNumber result={result} column={spec.y[0] ?? 0} name={seriesName(0)} />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {drawChart(spec, data.points, data.numericX, seriesName)}
          </ResponsiveContainer>
        )}
      </div>
      {data.note && <figcaption className="text-xs text-amber-800">{data.note}</figcaption>}
      {exportError && (
        <p role="alert" className="text-xs text-red-700">
          {exportError}
        </p>
      )}
    </figure>
  );
}

const SELECT = 'rounded border border-slate-300 bg-white px-1 py-0.5 text-xs text-slate-800';
const BUTTON =
  'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:border-teal-600 hover:text-teal-800 disabled:opacity-50';
const AXIS = { stroke: 'currentColor', tick: { fill: 'currentColor', fontSize: 11 } } as const;
const TOOLTIP_STYLE = { contentStyle: { fontSize: 12, color: '#0f172a' } };

function drawChart(
  spec: ChartSpec,
  points: ReturnType<typeof chartData>['points'],
  numericX: boolean,
  seriesName: (s: number) => string,
) {
  const colour = (s: number) => SERIES_COLOURS[s % SERIES_COLOURS.length]!;
  const xAxis = (
    <XAxis
      dataKey="x"
      type={numericX ? 'number' : 'category'}
      domain={['auto', 'auto']}
      {...AXIS}
    />
  );
  const common = { data: points, margin: { top: 8, right: 16, bottom: 8, left: 8 } };
  const legend = spec.y.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null;
  switch (spec.type) {
    case 'line':
    case 'area': {
      const Chart = spec.type === 'line' ? LineChart : AreaChart;
      return (
        <Chart {...common}>
          <CartesianGrid strokeOpacity={0.15} stroke="currentColor" />
          {xAxis}
          <YAxis {...AXIS} />
          <Tooltip {...TOOLTIP_STYLE} />
          {legend}
          {spec.y.map((_, s) =>
            spec.type === 'line' ? (
              <Line
                key={s}
                dataKey={`s${s}`}
                name={seriesName(s)}
                stroke={colour(s)}
                dot={points.length <= 60}
                isAnimationActive={false}
                connectNulls
              />
            ) : (
              <Area
                key={s}
                dataKey={`s${s}`}
                name={seriesName(s)}
                stroke={colour(s)}
                fill={colour(s)}
                fillOpacity={0.25}
                isAnimationActive={false}
                connectNulls
              />
            ),
          )}
        </Chart>
      );
    }
    case 'scatter':
      return (
        <ScatterChart {...common}>
          <CartesianGrid strokeOpacity={0.15} stroke="currentColor" />
          {xAxis}
          <YAxis {...AXIS} type="number" dataKey="s0" name={seriesName(0)} />
          <Tooltip {...TOOLTIP_STYLE} />
          {legend}
          {spec.y.map((_, s) => (
            <Scatter
              key={s}
              data={points.map((p) => ({ x: p.x, s0: p[`s${s}`] }))}
              name={seriesName(s)}
              fill={colour(s)}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      );
    case 'pie':
      return (
        <PieChart>
          <Tooltip {...TOOLTIP_STYLE} />
          <Legend
            wrapperStyle={{ fontSize: 12 }}
            layout="vertical"
            align="right"
            verticalAlign="middle"
          />
          <Pie
            data={points}
            dataKey="s0"
            nameKey="x"
            name={seriesName(0)}
            isAnimationActive={false}
            label={{ fill: 'currentColor', fontSize: 11 }}
            outerRadius="75%"
          >
            {points.map((_, i) => (
              <Cell key={i} fill={colour(i)} />
            ))}
          </Pie>
        </PieChart>
      );
    default:
      return (
        <BarChart {...common}>
          <CartesianGrid strokeOpacity={0.15} stroke="currentColor" vertical={false} />
          {xAxis}
          <YAxis {...AXIS} />
          <Tooltip {...TOOLTIP_STYLE} cursor={{ fillOpacity: 0.1 }} />
          {legend}
          {spec.y.map((_, s) => (
            <Bar
              key={s}
              dataKey={`s${s}`}
              name={seriesName(s)}
              fill={colour(s)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      );
  }
}

function BigNumber({
  result,
  column,
  name,
}: {
  result: ChartViewProps['result'];
  column: number;
  name: string;
}) {
  const value = result.rows[0]?.[column] ?? null;
  const text =
    typeof value === 'number'
      ? value.toLocaleString('en-US', { maximumFractionDigits: 6 })
      : String(value);
  return (
    <div className="flex h-full flex-col items-center justify-center" data-testid="big-number">
      <span className="text-5xl font-semibold text-current tabular-nums">{text}</span>
      <span className="mt-2 text-sm text-slate-500">{name}</span>
    </div>
  );
}
