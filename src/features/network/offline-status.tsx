/** "Ready to work offline" once everything is cached, and the prompt when a new version waits. */
import { useAppStore } from '../../state/store';

export function OfflineStatus() {
  const state = useAppStore((s) => s.serviceWorkerState);
  const updateWaiting = useAppStore((s) => s.updateWaiting);
  const applyUpdate = useAppStore((s) => s.applyUpdate);

  if (updateWaiting)
    return (
      <div
        role="status"
        className="flex items-center gap-2 rounded-full border border-amber-300 bg-amber-50 px-3 py-1 text-xs text-amber-900"
      >
        A new version is ready.
        <button
          type="button"
          onClick={() => void applyUpdate()}
          className="rounded bg-amber-700 px-2 py-0.5 font-medium text-white hover:bg-amber-800"
        >
          Reload
        </button>
      </div>
    );
  if (state === 'ready')
    return (
      <span
        role="status"
        title="The app, sql.js, the editor and the sample database are cached: it opens and runs SQL without a network."
        className="rounded-full border border-emerald-200 bg-emerald-50 px-3 py-1 text-xs whitespace-nowrap text-emerald-800"
      >
        Ready offline
      </span>
    );
  if (state === 'installing')
    return (
      <span role="status" className="text-xs whitespace-nowrap text-slate-600">
        Preparing offline use…
      </span>
    );
  return null;
}
