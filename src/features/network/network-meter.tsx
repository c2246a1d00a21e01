/**
 * The header's network meter: how many requests this page sent to other hosts since it opened,
 * and, unfolded, every host with its requests and bytes, what offline mode refused, and the
 * offline-mode switch. The page's own files are listed last and apart: they are the app itself.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatBytes } from '../../core/format-bytes';
import { foreignRequestCount, groupByHost } from '../../core/network/network-policy';
import { useAppStore } from '../../state/store';

export function NetworkMeter() {
  const requests = useAppStore((s) => s.networkRequests);
  const [open, setOpen] = useState(false);
  const panelRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const traffic = useMemo(() => groupByHost(requests, location.origin), [requests]);
  const foreign = foreignRequestCount(traffic);
  const refused = traffic.reduce((sum, t) => sum + t.refused, 0);
  const offlineMode = useAppStore((s) => s.offlineMode);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target))
        setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const summary = `${foreign} ${foreign === 1 ? 'request' : 'requests'} to other hosts`;
  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls="network-meter-panel"
        // The name is the visible text (label in name); the long form is the description.
        aria-describedby="network-meter-description"
        data-testid="network-meter"
        data-foreign-requests={foreign}
        onClick={() => setOpen((was) => !was)}
        className="flex items-center gap-1.5 rounded-full border border-slate-200 bg-slate-50 px-3 py-1 text-xs whitespace-nowrap text-slate-700 hover:border-teal-600"
      >
        <span aria-hidden="true">{offlineMode ? '⛔' : '⇅'}</span>
        <span className="font-medium">{foreign}</span>
        <span className="text-slate-600">sent out</span>
        {refused > 0 && <span className="text-red-700">· {refused} refused</span>}
        <span id="network-meter-description" hidden>
          {`Network: ${summary}${refused ? `, ${refused} refused` : ''}${offlineMode ? ', offline mode on' : ''}`}
        </span>
      </button>
      {open && (
        <div
          ref={panelRef}
          id="network-meter-panel"
          role="region"
          aria-label="Network activity"
          className="absolute right-0 z-40 mt-2 w-[min(34rem,92vw)] rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-xl"
        >
          <p className="mb-2 text-slate-700">
            What this page and its workers fetched since it opened, by host. Your database and
            questions stay in this browser unless a server engine is in use.
          </p>
          <TrafficTable traffic={traffic} />
          <OfflineModeSwitch />
        </div>
      )}
    </div>
  );
}

function TrafficTable({ traffic }: { traffic: ReturnType<typeof groupByHost> }) {
  if (traffic.length === 0) return <p className="text-slate-600">Nothing yet.</p>;
  return (
    <table className="w-full text-left text-xs" aria-label="Requests by host">
      <thead className="text-slate-600">
        <tr>
          <th className="py-1 font-medium">Host</th>
          <th className="py-1 text-right font-medium">Requests</th>
          <th className="py-1 text-right font-medium">Bytes</th>
          <th className="py-1 text-right font-medium">Refused</th>
        </tr>
      </thead>
      <tbody>
        {traffic.map((t) => (
          <tr key={t.host} className="border-t border-slate-100" data-host={t.host}>
            <td className="max-w-[16rem] truncate py-1 font-mono" title={t.host}>
              {t.host}
              {t.ownOrigin && <span className="ml-1 font-sans text-slate-600">(this app)</span>}
            </td>
            <td className="py-1 text-right tabular-nums">{t.requests}</td>
            <td
              className="py-1 text-right tabular-nums"
              title="As the browser reports it: 0 for files from the cache, and for servers that do not send Timing-Allow-Origin"
            >
              {formatBytes(t.bytes)}
            </td>
            <td className={`py-1 text-right tabular-nums ${t.refused ? 'text-red-700' : ''}`}>
              {t.refused}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OfflineModeSwitch() {
  const offlineMode = useAppStore((s) => s.offlineMode);
  const setOfflineMode = useAppStore((s) => s.setOfflineMode);
  const state = useAppStore((s) => s.serviceWorkerState);
  const endpoint = useAppStore((s) =>
    s.engineChoice === 'openai' ? s.serverSettings.endpoint : null,
  );
  const enforced = state === 'ready' || state === 'installing';
  return (
    <div className="mt-3 border-t border-slate-200 pt-3">
      <label className="flex items-center gap-2 font-medium text-slate-800">
        <input
          type="checkbox"
          checked={offlineMode}
          disabled={!enforced}
          onChange={(event) => setOfflineMode(event.target.checked)}
        />
        Offline mode
      </label>
      <p className="mt-1 text-xs text-slate-600">
        {enforced
          ? `Refuses every request that is not to this app${endpoint ? ` or to ${endpoint}` : ''}; refused requests are counted above.`
          : 'Needs the service worker, which this browser (or the development server) does not run.'}
      </p>
    </div>
  );
}
