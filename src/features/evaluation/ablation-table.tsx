/** The ablation: EX per setting and difficulty, a chart of it, and what each stage did. */
import { useMemo } from 'react';
import {
  NOT_SCORED,
  SCORED_STAGES,
  STAGE_NAMES,
  agreementLabel,
  agreementSignal,
  percent,
  summaryTable,
  type SummaryTable,
} from '../../core/eval';
import { formatReasonCounts } from '../../core/llm/retry';
import { useAppStore } from '../../state/store';
import { HEADING, SECTION } from './styles';

const TH = 'border-b border-slate-200 px-2 py-1 text-left font-medium text-slate-600';
const TD = 'border-b border-slate-100 px-2 py-1 tabular-nums';

export function AblationTable() {
  const results = useAppStore((s) => s.evalResults);
  const settings = useAppStore((s) => s.evalConfig.settingsUsed);
  const table = useMemo(() => summaryTable(results, settings), [results, settings]);
  const rows = table.rows.filter(
    (r) => r.summary.overall.total > 0 || r.summary.goldFailed > 0 || r.summary.unscored > 0,
  );
  if (rows.length === 0) return null;
  // Questions a server error left unscored are counted apart, with EX over all beside.
  const anyUnscored = rows.some((r) => r.summary.unscored > 0);
  const anyRetried = rows.some((r) => Object.keys(r.summary.retries).length > 0);
  const shown: SummaryTable = { ...table, rows };
  return (
    <section className={SECTION} aria-label="Ablation">
      <h2 className={HEADING}>Execution accuracy</h2>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="ablation-table">
          <thead>
            <tr>
              <th className={TH}>Setting</th>
              {[...table.difficulties, 'all'].map((d) => (
                <th key={d} className={TH}>
                  {d}
                </th>
              ))}
              {anyUnscored && (
                <>
                  <th className={TH}>{NOT_SCORED}</th>
                  <th className={TH}>all, unscored as wrong</th>
                </>
              )}
              {anyRetried && <th className={TH}>retried calls</th>}
              <th className={TH}>calls / q</th>
              <th className={TH}>tokens / q</th>
              <th className={TH}>s / q</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ setting, summary }) => (
              <tr key={setting.id}>
                <td className={TD}>{setting.label}</td>
                {table.difficulties.map((d) => {
                  const t = summary.byDifficulty[d];
                  return (
                    <td key={d} className={TD} title={t ? `${t.matched} of ${t.total}` : ''}>
                      {t ? `${percent(t)} (${t.matched}/${t.total})` : '-'}
                    </td>
                  );
                })}
                <td className={`${TD} font-semibold`}>
                  {percent(summary.overall)} ({summary.overall.matched}/{summary.overall.total})
                </td>
                {anyUnscored && (
                  <>
                    <td className={TD} data-testid="unscored-count">
                      {summary.unscored}
                    </td>
                    <td className={TD}>
                      {percent(summary.overAll)} ({summary.overAll.matched}/{summary.overAll.total})
                    </td>
                  </>
                )}
                {anyRetried && (
                  <td className={TD} data-testid="retried-calls">
                    {formatReasonCounts(summary.retries)}
                  </td>
                )}
                <td className={TD}>{summary.callsPerQuestion.toFixed(2)}</td>
                <td className={TD}>
                  {Math.round(summary.tokensPerQuestion).toLocaleString('en-US')}
                </td>
                <td className={TD}>{summary.secondsPerQuestion.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ExChart table={shown} />
      <StageTable table={shown} />
      <AgreementTable table={shown} />
    </section>
  );
}

function HeaderRow({ heads }: { heads: string[] }) {
  return (
    <thead>
      <tr>
        {heads.map((h) => (
          <th key={h} className={TH}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function StageTable({ table }: { table: SummaryTable }) {
  const lines = table.rows.flatMap(({ setting, summary }) =>
    SCORED_STAGES.filter((s) => summary.stages[s].ran > 0).map((stage) => ({
      key: `${setting.id}/${stage}`,
      setting: setting.label,
      stage: STAGE_NAMES[stage],
      ...summary.stages[stage],
    })),
  );
  if (lines.length === 0) return null;
  return (
    <>
      <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-800">Per stage</h3>
      <table className="w-full text-sm" data-testid="stage-table">
        <HeaderRow
          heads={['Setting', 'Stage', 'ran', 'adopted', 'wrong → right', 'right → wrong']}
        />
        <tbody>
          {lines.map((l) => (
            <tr key={l.key}>
              <td className={TD}>{l.setting}</td>
              <td className={TD}>{l.stage}</td>
              <td className={TD}>{l.ran}</td>
              <td className={TD}>{l.adopted}</td>
              <td className={`${TD} text-teal-800`}>{l.wrongToRight}</td>
              <td className={`${TD} text-red-800`}>{l.rightToWrong}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** EX per agreement level of the vote: is agreement a confidence signal? */
function AgreementTable({ table }: { table: SummaryTable }) {
  const voted = table.rows.filter((r) => r.summary.byAgreement.length > 0);
  if (voted.length === 0) return null;
  return (
    <>
      <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-800">
        EX by agreement (runs that voted)
      </h3>
      <table className="w-full text-sm" data-testid="agreement-table">
        <HeaderRow heads={['Setting', 'Agreement', 'questions', 'EX']} />
        <tbody>
          {voted.flatMap(({ setting, summary }) =>
            summary.byAgreement.map((level) => (
              <tr key={`${setting.id}/${level.agreeing}/${level.total}`}>
                <td className={TD}>{setting.label}</td>
                <td className={TD}>{agreementLabel(level)}</td>
                <td className={TD}>{level.ex.total}</td>
                <td className={TD}>
                  {percent(level.ex)} ({level.ex.matched}/{level.ex.total})
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {voted.map(({ setting, summary }) => {
        const signal = agreementSignal(summary.byAgreement);
        return signal ? (
          <p key={setting.id} className="mt-1 text-xs text-slate-600">
            {setting.label}: {signal}
          </p>
        ) : null;
      })}
    </>
  );
}

const COLOURS = [
  '#0f766e',
  '#2563eb',
  '#d97706',
  '#7c3aed',
  '#db2777',
  '#475569',
  '#65a30d',
  '#0891b2',
];

/** Grouped bars: one group per difficulty (and "all"), one bar per setting. */
function ExChart({ table }: { table: SummaryTable }) {
  const groups = [...table.difficulties, 'all'];
  const bars = table.rows.length;
  const barWidth = 14;
  const groupWidth = Math.max(bars * barWidth + 16, 64);
  const height = 140;
  const width = 40 + groups.length * groupWidth;
  return (
    <figure className="mt-4">
      <svg
        role="img"
        aria-label="Execution accuracy by setting and difficulty"
        viewBox={`0 0 ${width} ${height + 40}`}
        className="max-w-full"
        width={width}
        height={height + 40}
      >
        {[0, 50, 100].map((tick) => {
          const y = 10 + height - (tick / 100) * height;
          return (
            <g key={tick}>
              <line x1={34} x2={width} y1={y} y2={y} stroke="#e2e8f0" />
              <text x={30} y={y + 4} fontSize={10} textAnchor="end" fill="#64748b">
                {tick}%
              </text>
            </g>
          );
        })}
        {groups.map((group, g) => (
          <g key={group} transform={`translate(${40 + g * groupWidth}, 0)`}>
            {table.rows.map(({ setting, summary }, i) => {
              const t = group === 'all' ? summary.overall : summary.byDifficulty[group];
              const value = t && t.total > 0 ? t.matched / t.total : 0;
              const h = value * height;
              return (
                <rect
                  key={setting.id}
                  x={8 + i * barWidth}
                  y={10 + height - h}
                  width={barWidth - 2}
                  height={h}
                  fill={COLOURS[i % COLOURS.length]}
                >
                  <title>{`${setting.label}, ${group}: ${t ? percent(t) : '-'}`}</title>
                </rect>
              );
            })}
            <text
              x={groupWidth / 2}
              y={height + 26}
              fontSize={11}
              textAnchor="middle"
              fill="#334155"
            >
              {group}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="flex flex-wrap gap-3 text-xs text-slate-600">
        {table.rows.map(({ setting }, i) => (
          <span key={setting.id} className="flex items-center gap-1">
            <span
              className="inline-block h-2 w-3"
              style={{ background: COLOURS[i % COLOURS.length] }}
            />
            {setting.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
