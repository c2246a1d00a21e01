/** 12345 → "12,345": one grouping for counts everywhere (grid, charts, imports). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
