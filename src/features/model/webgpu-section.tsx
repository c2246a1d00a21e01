/**
 * The on-device engine: what this GPU can do, the Qwen2.5 picker with sizes, download with
 * progress and cancel, failures with a next step, stored models, and custom MLC models.
 */
import { useEffect, useState } from 'react';
import {
  chooseVariant,
  formatModelSize,
  isSmallDevice,
  kvCacheBytes,
  suggestModel,
  WINDOW_CHOICES,
  type CatalogueEntry,
} from '../../services/llm/model-catalogue';
import { formatBytes } from '../../core/format-bytes';
import type { GpuCapabilities } from '../../state/on-device-models-slice';
import { useAppStore } from '../../state/store';
import { ErrorNotice } from '../../ui/error-notice';
import { LoadProgressBar } from './load-progress-bar';
import { StoredModels } from './stored-models';
import { CustomModelForm } from './custom-model-form';

export function WebGpuSection({ visible }: { visible: boolean }) {
  const gpu = useAppStore((s) => s.gpu);
  const detectGpu = useAppStore((s) => s.detectGpu);
  const loadCatalogue = useAppStore((s) => s.loadCatalogue);
  const refreshStoredModels = useAppStore((s) => s.refreshStoredModels);
  const chooseEngine = useAppStore((s) => s.chooseEngine);

  useEffect(() => {
    if (!visible) return;
    // web-llm's model list comes with the library: fetched when this view is first shown.
    void detectGpu().then((caps) => {
      if (caps.availability === 'available') void loadCatalogue().then(() => refreshStoredModels());
    });
  }, [visible, detectGpu, loadCatalogue, refreshStoredModels]);

  if (!gpu)
    return <p className="text-sm text-slate-500">Checking what this browser’s GPU can do…</p>;

  if (gpu.availability !== 'available') {
    return (
      <div
        className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
        data-testid="webgpu-missing"
      >
        <h3 className="text-base font-semibold">WebGPU is not available here</h3>
        <p className="mt-1">{gpu.reason}</p>
        <p className="mt-1">
          Running Qwen2.5 on this device needs WebGPU. You can still use the playground with a model
          on a server: any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, LM Studio or a
          hosted API).
        </p>
        <button
          type="button"
          onClick={() => chooseEngine('openai')}
          className="mt-3 rounded-md bg-teal-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-teal-800"
        >
          Use an OpenAI-compatible server instead
        </button>
      </div>
    );
  }

  return (
    <div className="space-y-5">
      <CapabilitySummary gpu={gpu} />
      <ModelPicker gpu={gpu} />
      <StoredModels />
      <CustomModelForm />
    </div>
  );
}

function mb(bytes: number | null): string {
  return bytes === null ? '?' : formatModelSize(bytes);
}

function CapabilitySummary({ gpu }: { gpu: GpuCapabilities }) {
  const variant = chooseVariant(gpu);
  return (
    <div
      className="rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700"
      data-testid="gpu-summary"
    >
      <p>
        <span className="font-medium text-slate-900">WebGPU is available</span>
        {gpu.adapterName && <> · {gpu.adapterName}</>}
        {gpu.isFallbackAdapter && <> · software adapter (slow)</>}
      </p>
      <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-500">
        <div>
          <dt className="inline">shader-f16: </dt>
          <dd className="inline font-medium text-slate-700">{gpu.shaderF16 ? 'yes' : 'no'}</dd>
        </div>
        <div>
          <dt className="inline">largest buffer: </dt>
          <dd className="inline font-medium text-slate-700">{mb(gpu.maxBufferSize)}</dd>
        </div>
        <div>
          <dt className="inline">largest storage binding: </dt>
          <dd className="inline font-medium text-slate-700">
            {mb(gpu.maxStorageBufferBindingSize)}
          </dd>
        </div>
        {gpu.deviceMemoryGb !== null && (
          <div>
            <dt className="inline">device memory: </dt>
            <dd className="inline font-medium text-slate-700">about {gpu.deviceMemoryGb} GB</dd>
          </div>
        )}
      </dl>
      <p className="mt-2" data-testid="variant-reason">
        Builds: <span className="font-mono font-medium text-slate-900">{variant.quantization}</span>
        . {variant.reason}
      </p>
    </div>
  );
}

function ModelPicker({ gpu }: { gpu: GpuCapabilities }) {
  const catalogue = useAppStore((s) => s.catalogue);
  const catalogueError = useAppStore((s) => s.catalogueError);
  const selectedModelId = useAppStore((s) => s.selectedModelId);
  const selectModel = useAppStore((s) => s.selectModel);
  const removeCustomModel = useAppStore((s) => s.removeCustomModel);
  const storedModels = useAppStore((s) => s.storedModels);
  const [showAll, setShowAll] = useState(false);

  if (catalogueError) return <ErrorNotice error={catalogueError} />;
  if (!catalogue) return <p className="text-sm text-slate-500">Loading the model list…</p>;

  const variant = chooseVariant(gpu).quantization;
  const suggestion = suggestModel(catalogue, gpu);
  const shown = catalogue.filter(
    (e) =>
      e.family === 'custom' ||
      e.quantization === variant ||
      (showAll && gpu.shaderF16) ||
      e.modelId === selectedModelId,
  );
  const stored = new Map((storedModels ?? []).map((m) => [m.modelId, m]));

  return (
    <section aria-labelledby="model-picker-heading" className="space-y-2">
      <div className="flex items-baseline justify-between gap-4">
        <h3 id="model-picker-heading" className="text-sm font-semibold text-slate-900">
          Choose a model
        </h3>
        {gpu.shaderF16 && (
          <label className="flex items-center gap-1.5 text-xs text-slate-600">
            <input
              type="checkbox"
              checked={showAll}
              onChange={(e) => setShowAll(e.target.checked)}
            />
            Also show the q4f32_1 builds
          </label>
        )}
      </div>
      {suggestion && (
        <p className="text-xs text-slate-500" data-testid="suggestion">
          {suggestion.reason}
          {isSmallDevice(gpu) ? '' : ' Larger models write better SQL but need more GPU memory.'}
        </p>
      )}
      <div
        className="overflow-hidden rounded-lg border border-slate-200"
        role="radiogroup"
        aria-label="Model to run on this device"
      >
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className="px-3 py-1.5 font-medium">Model</th>
              <th className="px-3 py-1.5 font-medium">Build</th>
              <th className="px-3 py-1.5 text-right font-medium">Download</th>
              <th className="px-3 py-1.5 text-right font-medium">GPU memory</th>
              <th className="px-3 py-1.5 font-medium">Stored</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <PickerRow
                key={entry.modelId}
                entry={entry}
                selected={entry.modelId === selectedModelId}
                suggested={entry.modelId === suggestion?.entry.modelId}
                storedBytes={stored.get(entry.modelId)}
                onSelect={() => selectModel(entry.modelId)}
                onRemove={
                  entry.family === 'custom' ? () => removeCustomModel(entry.modelId) : undefined
                }
              />
            ))}
          </tbody>
        </table>
      </div>
      <LoadControls />
    </section>
  );
}

function PickerRow(props: {
  entry: CatalogueEntry;
  selected: boolean;
  suggested: boolean;
  storedBytes: { bytes: number; complete: boolean } | undefined;
  onSelect: () => void;
  onRemove?: () => void;
}) {
  const { entry, selected, suggested, storedBytes } = props;
  return (
    <tr
      className={`border-t border-slate-100 ${selected ? 'bg-teal-50' : 'hover:bg-slate-50'}`}
      data-model-id={entry.modelId}
    >
      <td className="px-3 py-1.5">
        <label className="flex cursor-pointer items-center gap-2">
          <input
            type="radio"
            name="webllm-model"
            checked={selected}
            onChange={props.onSelect}
            aria-label={`${entry.label} ${entry.quantization ?? ''}`.trim()}
          />
          <span className="font-medium text-slate-900">{entry.label}</span>
          {suggested && (
            <span className="rounded bg-teal-100 px-1.5 text-[11px] font-medium text-teal-800">
              suggested
            </span>
          )}
          {entry.family === 'custom' && (
            <span className="rounded bg-violet-100 px-1.5 text-[11px] font-medium text-violet-800">
              custom
            </span>
          )}
          {entry.family === 'Qwen3' && (
            <span
              className="rounded bg-violet-50 px-1.5 text-[11px] font-medium text-violet-800"
              title="Qwen3 reasons before it answers unless the Ask view's Thinking switch is off; thinking needs its own token allowance in the window"
            >
              thinks
            </span>
          )}
        </label>
      </td>
      <td className="px-3 py-1.5 font-mono text-xs text-slate-600">{entry.quantization ?? '—'}</td>
      <td className="px-3 py-1.5 text-right tabular-nums text-slate-700">
        {formatModelSize(entry.downloadBytes, entry.downloadIsEstimate)}
      </td>
      <td className="px-3 py-1.5 text-right tabular-nums text-slate-700">
        {entry.vramMb === null ? '—' : formatModelSize(entry.vramMb * 1024 * 1024)}
      </td>
      <td className="px-3 py-1.5 text-xs text-slate-600">
        {storedBytes ? (storedBytes.complete ? 'yes' : 'partly') : ''}
        {props.onRemove && (
          <button
            type="button"
            onClick={props.onRemove}
            className="ml-2 text-slate-500 hover:text-red-700"
            aria-label={`Remove ${entry.label} from the list`}
          >
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}

function LoadControls() {
  const status = useAppStore((s) => s.engineStatus);
  const target = useAppStore((s) => s.engineTarget);
  const selectedModelId = useAppStore((s) => s.selectedModelId);
  const storedModels = useAppStore((s) => s.storedModels);
  const loadWebLlmModel = useAppStore((s) => s.loadWebLlmModel);
  const cancelLoad = useAppStore((s) => s.cancelLoad);
  const unloadEngine = useAppStore((s) => s.unloadEngine);

  const mine = target?.kind === 'webllm';
  const loading = mine && status.state === 'loading';
  const loadedHere =
    mine &&
    target?.modelId === selectedModelId &&
    (status.state === 'ready' || status.state === 'generating');
  const stored = storedModels?.some((m) => m.modelId === selectedModelId && m.complete);

  return (
    <div className="space-y-2 pt-1">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          disabled={!selectedModelId || loading || loadedHere}
          onClick={() => void loadWebLlmModel()}
          className="rounded-md bg-teal-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-teal-800 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {stored ? 'Load' : 'Download and load'}
        </button>
        {loading && (
          <button
            type="button"
            onClick={cancelLoad}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:border-red-400 hover:text-red-700"
          >
            Cancel
          </button>
        )}
        {mine && (status.state === 'ready' || status.state === 'generating') && (
          <>
            <span className="text-sm text-emerald-700">✓ {target?.label} is loaded</span>
            <button
              type="button"
              onClick={() => void unloadEngine()}
              className="text-sm text-slate-500 underline hover:text-slate-800"
            >
              Unload
            </button>
          </>
        )}
      </div>
      <WindowChoice />
      {loading && status.state === 'loading' && <LoadProgressBar progress={status.progress} />}
      {mine && status.state === 'failed' && <ErrorNotice error={status.error} />}
    </div>
  );
}

/** The context window to load with, and what a larger one costs in GPU memory. */
function WindowChoice() {
  const window = useAppStore((s) => s.webllmContextWindow);
  const setWindow = useAppStore((s) => s.setWebllmContextWindow);
  const entry = useAppStore(
    (s) => s.catalogue?.find((e) => e.modelId === s.selectedModelId) ?? null,
  );
  const base = entry ? kvCacheBytes(entry, WINDOW_CHOICES[0]) : null;
  const cost = (tokens: number) => {
    const bytes = entry ? kvCacheBytes(entry, tokens) : null;
    if (bytes === null || base === null) return '';
    return tokens === WINDOW_CHOICES[0]
      ? ` (${formatBytes(bytes)} of KV cache)`
      : ` (+${formatBytes(bytes - base)} of GPU memory)`;
  };
  return (
    <label className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
      Context window
      <select
        aria-label="Context window"
        className="rounded-md border border-slate-300 bg-white px-2 py-1"
        value={window}
        onChange={(e) => setWindow(Number(e.target.value))}
      >
        {WINDOW_CHOICES.map((tokens) => (
          <option key={tokens} value={tokens}>
            {tokens.toLocaleString('en-US')} tokens{cost(tokens)}
          </option>
        ))}
      </select>
      <span className="text-xs text-slate-400">
        prompts are fitted to it; takes effect at the next load
      </span>
    </label>
  );
}
