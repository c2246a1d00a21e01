/** Class names the knowledge view's pieces share. */
export const INPUT =
  'mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-teal-600 focus:outline-none';
export const SECONDARY =
  'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-50';
export const SMALL =
  'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100 disabled:opacity-50';
export const CARD = 'rounded-lg border border-slate-200 bg-white p-4';
