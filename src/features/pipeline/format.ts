export function formatSeconds(ms: number | null): string {
  if (ms == null) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatRate(perSecond: number | null): string {
  return perSecond == null ? '–' : `${perSecond.toFixed(1)} tok/s`;
}
