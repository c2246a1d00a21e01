/** Shared class names of the Evaluate view. */
export const BUTTON =
  'rounded border border-slate-300 bg-white px-3 py-1 text-sm text-slate-800 hover:bg-slate-50 disabled:opacity-50';
export const PRIMARY =
  'rounded bg-teal-700 px-3 py-1 text-sm font-medium text-white hover:bg-teal-800 disabled:opacity-50';
export const SECTION = 'rounded-lg border border-slate-200 bg-white p-4';
export const HEADING = 'mb-2 text-sm font-semibold text-slate-800';
