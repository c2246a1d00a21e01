/**
 * Always in the header: which engine and model are active and their state. Clicking it opens
 * the Model view, where every state can be acted on.
 */
import { useId } from 'react';
import { useAppStore } from '../../state/store';
import { ENGINE_NAMES, shortModelName, statusWords } from './status-text';

const DOT: Record<string, string> = {
  not_loaded: 'bg-slate-300',
  loading: 'bg-amber-400 animate-pulse',
  ready: 'bg-emerald-500',
  generating: 'bg-sky-500 animate-pulse',
  failed: 'bg-red-500',
};

export function EngineStatusChip({ onOpen }: { onOpen: () => void }) {
  const status = useAppStore((s) => s.engineStatus);
  const target = useAppStore((s) => s.engineTarget);
  const choice = useAppStore((s) => s.engineChoice);
  const gpuMissing = useAppStore((s) => s.gpu !== null && s.gpu.availability !== 'available');
  const selected = useAppStore((s) => s.selectedModelId);
  const serverModel = useAppStore((s) => s.serverSettings.model);
  const serverEndpoint = useAppStore((s) => s.serverSettings.endpoint);

  const kind = target?.kind ?? choice;
  const model =
    target?.label ??
    (kind === 'webllm'
      ? gpuMissing
        ? 'WebGPU unavailable'
        : selected
          ? shortModelName(selected)
          : 'no model'
      : serverModel || hostOf(serverEndpoint) || 'no server');
  const window = useAppStore((s) => s.engine?.contextWindow ?? null);
  const words = statusWords(status, kind, true);
  const windowText = window !== null ? `${formatWindow(window)} window` : null;
  const full = `${ENGINE_NAMES[kind]} · ${model} · ${statusWords(status, kind)}${windowText ? ` · ${window?.toLocaleString('en-US')}-token context window` : ''}`;
  const descriptionId = useId();

  return (
    <button
      type="button"
      onClick={onOpen}
      title={`${full} (open the Model view)`}
      // The name is the chip's visible text (WCAG 2.5.3, label in name); the long form of each
      // part is its description.
      aria-describedby={descriptionId}
      data-testid="engine-status-chip"
      data-state={status.state}
      className="flex max-w-lg min-w-0 items-center gap-2 whitespace-nowrap rounded-full border border-slate-200 bg-slate-50 px-3 py-1 text-xs text-slate-700 hover:border-teal-600 hover:bg-white"
    >
      <span
        className={`h-2 w-2 shrink-0 rounded-full ${DOT[status.state] ?? 'bg-slate-300'}`}
        aria-hidden
      />
      <span className="shrink-0 font-medium text-slate-500">{ENGINE_NAMES[kind]}</span>
      <span className="max-w-[9rem] min-w-0 truncate font-medium text-slate-800 2xl:max-w-[14rem]">
        {model}
      </span>
      <span className={`truncate ${status.state === 'failed' ? 'text-red-700' : 'text-slate-500'}`}>
        {words}
      </span>
      {windowText && (
        <span className="hidden shrink-0 text-slate-500 lg:inline" data-testid="engine-window">
          {windowText}
        </span>
      )}
      <span id={descriptionId} hidden>
        Model engine: {full}. Opens the Model view.
      </span>
    </button>
  );
}

/** 4,096 -> "4k", 32,768 -> "32k", 5,000 -> "5,000". */
function formatWindow(tokens: number): string {
  return tokens % 1024 === 0 ? `${tokens / 1024}k` : tokens.toLocaleString('en-US');
}

function hostOf(endpoint: string): string | null {
  try {
    return new URL(endpoint).host;
  } catch {
    return null;
  }
}
