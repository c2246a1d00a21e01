/**
 * The cache manager: models kept in this browser, their size, and deleting them; with the
 * storage estimate so that a quota error can be answered by freeing space here.
 */
import { formatModelSize } from '../../services/llm/model-catalogue';
import { useAppStore } from '../../state/store';

export function StoredModels() {
  const storedModels = useAppStore((s) => s.storedModels);
  const estimate = useAppStore((s) => s.storageEstimate);
  const catalogue = useAppStore((s) => s.catalogue);
  const deleteStoredModel = useAppStore((s) => s.deleteStoredModel);
  const refreshStoredModels = useAppStore((s) => s.refreshStoredModels);

  const labelOf = (id: string) => {
    const entry = catalogue?.find((e) => e.modelId === id);
    return entry
      ? `${entry.label}${entry.quantization && entry.family !== 'custom' ? ` · ${entry.quantization}` : ''}`
      : id;
  };

  return (
    <section aria-labelledby="stored-models-heading" className="space-y-2">
      <div className="flex items-baseline justify-between">
        <h3 id="stored-models-heading" className="text-sm font-semibold text-slate-900">
          Stored in this browser
        </h3>
        <button
          type="button"
          onClick={() => void refreshStoredModels()}
          className="text-xs text-slate-500 underline hover:text-slate-800"
        >
          Refresh
        </button>
      </div>
      {estimate && estimate.usageBytes !== null && estimate.quotaBytes !== null && (
        <p className="text-xs text-slate-500" data-testid="storage-estimate">
          This site uses {formatModelSize(estimate.usageBytes)} of the{' '}
          {formatModelSize(estimate.quotaBytes)} the browser allows it.
        </p>
      )}
      {storedModels === null ? (
        <p className="text-xs text-slate-500">Checking…</p>
      ) : storedModels.length === 0 ? (
        <p className="text-xs text-slate-500">
          No model is stored yet. A downloaded model stays here, so the next load needs no download.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
          {storedModels.map((m) => (
            <li key={m.modelId} className="flex items-center gap-3 px-3 py-1.5">
              <span className="flex-1 text-slate-800">
                {labelOf(m.modelId)}
                {!m.complete && (
                  <span className="ml-2 text-xs text-amber-700">(partial download)</span>
                )}
              </span>
              <span className="tabular-nums text-slate-600">{formatModelSize(m.bytes)}</span>
              <button
                type="button"
                onClick={() => void deleteStoredModel(m.modelId)}
                className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:border-red-400 hover:text-red-700"
                aria-label={`Delete ${labelOf(m.modelId)}`}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
