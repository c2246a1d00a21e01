/** The engine state in a few words, shared by the header chip and the Model view. */
import type { ErrorCode } from '../../core/errors';
import { formatBytes } from '../../core/format-bytes';
import type { EngineKind, LoadProgress } from '../../services/llm/engine';
import type { EngineStatus } from '../../state/engine-slice';

export const ENGINE_NAMES: Record<EngineKind, string> = {
  webllm: 'On this device',
  openai: 'Server',
};

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** "42% · 365 MB of 826 MB · 0:12 elapsed" */
export function progressSummary(progress: LoadProgress): string {
  const parts: string[] = [];
  if (progress.fraction !== null) parts.push(`${Math.floor(progress.fraction * 100)}%`);
  if (progress.loadedBytes !== null) {
    parts.push(
      progress.totalBytes !== null
        ? `${formatBytes(progress.loadedBytes)} of ${formatBytes(progress.totalBytes)}`
        : formatBytes(progress.loadedBytes),
    );
  }
  parts.push(`${formatElapsed(progress.elapsedMs)} elapsed`);
  return parts.join(' · ');
}

/** Why it failed, in two or three words, for places with little room. */
const SHORT_FAILURES: Partial<Record<ErrorCode, string>> = {
  cors: 'cannot reach the server',
  network: 'network error',
  unauthorized: 'API key refused',
  model_not_found: 'model not found',
  model_download_failed: 'download failed',
  storage_quota: 'out of storage',
  device_lost: 'GPU device lost',
  model_too_large: 'model too large',
  webgpu_unavailable: 'no WebGPU',
  no_shader_f16: 'needs shader-f16',
  timeout: 'timed out',
  stream_dropped: 'connection dropped',
  server_error: 'server error',
  fetch_failed: 'bad endpoint',
};

export function statusWords(status: EngineStatus, kind: EngineKind | null, short = false): string {
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
      return `failed: ${short ? (SHORT_FAILURES[status.error.code] ?? 'error') : status.error.message}`;
  }
}

/** "Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC" -> "Qwen2.5-Coder-1.5B · q4f32_1" */
export function shortModelName(modelId: string): string {
  const match = /^(.*?)-Instruct-(q\w+?)-MLC$/.exec(modelId);
  return match ? `${match[1]} · ${match[2]}` : modelId;
}
