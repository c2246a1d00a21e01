/** The engine state in a few words, shared by the header chip and the Model view. */
import type { EngineKind, LoadProgress } from '../../services/llm/engine';
import type { EngineStatus } from '../../state/model-slice';

export const ENGINE_NAMES: Record<EngineKind, string> = {
  webllm: 'On this device',
  openai: 'Server',
};

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function formatMb(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${Math.round(bytes / 1e6)} MB`;
}

/** "42% · 365 of 866 MB · 0:12" */
export function progressSummary(progress: LoadProgress): string {
  const parts: string[] = [];
  if (progress.fraction !== null) parts.push(`${Math.floor(progress.fraction * 100)}%`);
  if (progress.loadedBytes !== null) {
    parts.push(progress.totalBytes !== null ? `${formatMb(progress.loadedBytes)} of ${formatMb(progress.totalBytes)}` : formatMb(progress.loadedBytes));
  }
  parts.push(`${formatElapsed(progress.elapsedMs)} elapsed`);
  return parts.join(' · ');
}

export function statusWords(status: EngineStatus, kind: EngineKind | null): string {
  switch (status.state) {
    case 'not_loaded':
      return kind === 'openai' ? 'not connected' : 'not loaded';
    case 'loading':
      if (kind === 'openai') return 'connecting…';
      return status.progress.fraction !== null && status.progress.fraction > 0
        ? `downloading ${Math.floor(status.progress.fraction * 100)}%`
        : 'loading…';
    case 'ready':
      return 'ready';
    case 'generating':
      return 'generating';
    case 'failed':
      return `failed: ${status.error.message}`;
  }
}
