/**
 * The cards and card sections of the capabilities beyond ROUTE's stages: the grammar a call
 * was constrained by, the agreement vote (groups, meter, SQL differences, cost) and the result
 * checks (findings, and whether a correction made them go away).
 */
import type { StageRecord } from '../../core/history/run-record';
import type { StageReport } from '../../core/pipeline/events';
import { agreementText } from '../../core/vote/vote';
import { formatBytes } from '../../core/format-bytes';
import { useAppStore } from '../../state/store';
import { rowCount } from '../../ui/cell-format';
import { StageCard } from './stage-card';
import { useStage } from './use-stage';

type Report<K extends StageReport['kind']> = Extract<StageReport, { kind: K }>;

function reportsOf<K extends StageReport['kind']>(stage: StageRecord | null, kind: K): Report<K>[] {
  return (stage?.reports ?? []).filter((r): r is Report<K> => r.kind === kind);
}

/** "Constrained to the schema: 273 rules, 27.7 kB, compiled in 41 ms", or why not. */
export function GrammarSection({ stage }: { stage: StageRecord | null }) {
  const grammars = reportsOf(stage, 'grammar');
  if (grammars.length === 0) return null;
  return (
    <ul className="space-y-0.5 text-xs" data-testid="grammar-section">
      {grammars.map((g, i) => (
        <li key={i} className={g.constrained ? 'text-teal-800' : 'text-amber-800'}>
          {g.constrained
            ? `Constrained to the schema: grammar of ${g.rules} rules, ${formatBytes(g.bytes)}${
                g.compileMs !== null ? `, compiled in ${Math.round(g.compileMs)} ms` : ''
              }.`
            : `Not constrained: ${g.reason}.`}
        </li>
      ))}
    </ul>
  );
}

/** Words of `sql` that `base` does not have, marked: a small LCS over whitespace-split words. */
function wordDiff(base: string, sql: string): { word: string; changed: boolean }[] {
  const a = base.split(/\s+/);
  const b = sql.split(/\s+/);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      (lcs[i] as number[])[j] =
        a[i] === b[j]
          ? ((lcs[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lcs[i + 1] as number[])[j] as number, (lcs[i] as number[])[j + 1] as number);
  const out: { word: string; changed: boolean }[] = [];
  let i = 0;
  let j = 0;
  while (j < b.length) {
    if (i < a.length && a[i] === b[j]) {
      out.push({ word: b[j] as string, changed: false });
      i++;
      j++;
    } else if (
      i < a.length &&
      ((lcs[i + 1] as number[])[j] as number) >= ((lcs[i] as number[])[j + 1] as number)
    )
      i++;
    else out.push({ word: b[j++] as string, changed: true });
  }
  return out;
}

function Meter({ agreeing, total }: { agreeing: number; total: number }) {
  const share = total > 0 ? agreeing / total : 0;
  return (
    <div className="flex items-center gap-2" data-testid="agreement-meter">
      <div
        className="h-2 w-40 overflow-hidden rounded bg-slate-200"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={agreeing}
        aria-label="Samples that agree"
      >
        <div className="h-full bg-teal-600" style={{ width: `${share * 100}%` }} />
      </div>
      <span className="text-sm font-medium text-slate-800">
        {agreementText({ agreeing, total })}
      </span>
    </div>
  );
}

export function VoteCard() {
  const stage = useStage('sample_vote');
  const on = useAppStore((s) => s.pipelineSettings.samples > 1);
  const [vote] = reportsOf(stage, 'vote');
  const winner = vote?.groups[0];
  return (
    <StageCard
      id="sample_vote"
      stage={stage}
      idleNote={on ? undefined : 'off: switched off for the next run.'}
    >
      <GrammarSection stage={stage} />
      {vote && (
        <div className="space-y-2 text-sm">
          <Meter agreeing={vote.agreeing} total={vote.total} />
          <p className="text-xs text-slate-600">
            Cost of the extra samples: {vote.completionTokens ?? '?'} tokens,{' '}
            {(vote.elapsedMs / 1000).toFixed(1)} s.
          </p>
          <ol className="space-y-1">
            {vote.groups.map((group, g) => (
              <li key={g} className="rounded border border-slate-200 p-2" data-testid="vote-group">
                <div className="text-xs text-slate-600">
                  {g === 0 ? 'Largest group' : `Group ${g + 1}`}: samples{' '}
                  {group.members.map((m) => m + 1).join(', ')} ({rowCount(group.rowCount)})
                  {group.members.includes(0) ? ' · includes SQL₀' : ''}
                </div>
                <code className="block text-xs whitespace-pre-wrap text-slate-800">
                  {g === 0 || !winner
                    ? group.sql
                    : wordDiff(winner.sql, group.sql).map((w, k) => (
                        <span
                          key={k}
                          className={w.changed ? 'bg-amber-100 text-amber-900' : undefined}
                        >
                          {w.word}{' '}
                        </span>
                      ))}
                </code>
              </li>
            ))}
          </ol>
          {vote.samples.some((s) => s.problem) && (
            <ul className="text-xs text-rose-700">
              {vote.samples.map((s, i) =>
                s.problem ? (
                  <li key={i}>
                    Sample {i + 1}: {s.problem}.
                  </li>
                ) : null,
              )}
            </ul>
          )}
        </div>
      )}
    </StageCard>
  );
}

export function ResultChecksCard() {
  const stage = useStage('result_checks');
  const on = useAppStore((s) => s.pipelineSettings.resultChecks);
  const all = reportsOf(stage, 'checks');
  const checks = all.find((r) => r.of === undefined);
  const first = all.find((r) => r.of === 'first_sql');
  const onFirst = new Set(first?.findings.map((f) => f.key));
  const onCurrent = new Set(checks?.findings.map((f) => f.key));
  return (
    <StageCard
      id="result_checks"
      stage={stage}
      idleNote={on ? undefined : 'off: switched off for the next run.'}
    >
      <GrammarSection stage={stage} />
      {first && (
        <div className="space-y-1 text-sm" data-testid="result-findings-first">
          <p className="text-xs text-slate-600">
            {first.findings.length === 0
              ? 'On SQL₀, before noise correction replaced it, the checks found nothing.'
              : 'Found on SQL₀, before noise correction replaced it:'}
          </p>
          {first.findings.length > 0 && (
            <ul className="list-disc space-y-0.5 pl-5 text-slate-800">
              {first.findings.map((f) => (
                <li key={f.key}>
                  {f.sentence}
                  {!onCurrent.has(f.key) && checks && (
                    <span className="text-teal-800"> Gone after noise correction.</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {checks && (
        <div className="space-y-1 text-sm" data-testid="result-findings">
          {checks.findings.length === 0 ? (
            <p className="text-slate-700">
              No check found anything suspicious{first ? ' on the current SQL' : ''}. (Checks run on
              this computer only.)
            </p>
          ) : (
            <>
              <p className="text-xs text-slate-600">
                Found on the current SQL (checked on this computer only):
              </p>
              <ul className="list-disc space-y-0.5 pl-5 text-slate-800">
                {checks.findings.map((f) => (
                  <li key={f.key}>
                    {f.sentence}
                    {first && !onFirst.has(f.key) && (
                      <span className="text-amber-800"> Brought in by noise correction.</span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {checks.after && (
            <p className="text-xs text-slate-600">
              {checks.after.length === 0
                ? 'On the corrected SQL the checks find nothing.'
                : `On the corrected SQL: ${checks.after.map((f) => f.sentence).join(' ')}`}
            </p>
          )}
        </div>
      )}
    </StageCard>
  );
}
