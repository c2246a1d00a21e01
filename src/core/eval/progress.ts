/** Progress of an evaluation: counts, rate and time left, for the CLI's line and the view's bar. */
import { exLine } from './results';

export interface EvalProgress {
  done: number;
  total: number;
  matched: number;
  /** Scored questions (those whose gold ran). */
  scored: number;
  elapsedMs: number;
  /** Jobs finished in this session (resumed ones do not count towards the rate). */
  doneThisSession: number;
  /** Calls tried again so far, and questions a server error left unscored. */
  retries?: number;
  unscored?: number;
  /** Per endpoint: in flight / concurrency ("a:8000 3/4"), when several serve the run. */
  endpoints?: string;
}

/** Milliseconds left at the rate of this session; null before the first result. */
export function timeLeftMs(p: EvalProgress): number | null {
  if (p.doneThisSession === 0 || p.elapsedMs <= 0) return null;
  return ((p.total - p.done) * p.elapsedMs) / p.doneThisSession;
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export function progressLine(p: EvalProgress): string {
  const rate = p.elapsedMs > 0 ? (p.doneThisSession * 1000) / p.elapsedMs : 0;
  const left = timeLeftMs(p);
  return [
    `[${p.done}/${p.total}]`,
    exLine({ matched: p.matched, total: p.scored }),
    `${rate.toFixed(2)} q/s`,
    left === null ? 'time left: -' : `time left: ${formatDuration(left)}`,
    `retries ${p.retries ?? 0}`,
    ...(p.unscored ? [`${p.unscored} not scored`] : []),
    ...(p.endpoints ? [p.endpoints] : []),
  ].join('  ');
}
