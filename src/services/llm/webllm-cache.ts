/**
 * The model files web-llm keeps in the browser's Cache Storage ("webllm/model", "webllm/wasm",
 * "webllm/config"): which models are there, how much space they take, and deleting one.
 * Partial downloads (a cancelled load) are listed too, since they take space as well.
 */
import type { AppConfig } from '@mlc-ai/web-llm';
import type { CatalogueEntry } from './model-catalogue';
import { webLlmDeleteModel, webLlmHasModel } from './webllm-worker-client';

export interface StoredModel {
  modelId: string;
  bytes: number;
  /** False for a download that stopped part-way. */
  complete: boolean;
}

export interface StorageEstimate {
  usageBytes: number | null;
  quotaBytes: number | null;
}

/** web-llm's own rule (cleanModelUrl): weights live under `<model>/resolve/main/`. */
export function modelFilesPrefix(modelUrl: string): string {
  let url = modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  try {
    return new URL(url, typeof location === 'undefined' ? undefined : location.href).href;
  } catch {
    return url;
  }
}

async function sizeOf(cache: Cache, request: Request): Promise<number> {
  const response = await cache.match(request);
  if (!response) return 0;
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length) && length > 0) return length;
  // Cached blobs are backed by disk; asking their size does not read them.
  return (await response.blob()).size;
}

export async function listStoredModels(
  entries: readonly CatalogueEntry[],
  appConfig: AppConfig,
): Promise<StoredModel[]> {
  if (typeof caches === 'undefined') return [];
  const names = await caches.keys();
  if (!names.some((name) => name.startsWith('webllm/'))) return [];
  const modelCache = await caches.open('webllm/model');
  const wasmCache = await caches.open('webllm/wasm');
  const modelKeys = await modelCache.keys();
  const wasmKeys = await wasmCache.keys();
  const stored: StoredModel[] = [];
  for (const entry of entries) {
    const prefix = modelFilesPrefix(entry.record.model);
    const files = modelKeys.filter((request) => request.url.startsWith(prefix));
    if (files.length === 0) continue;
    let bytes = 0;
    for (const request of files) bytes += await sizeOf(modelCache, request);
    for (const request of wasmKeys.filter((r) => r.url === entry.record.model_lib))
      bytes += await sizeOf(wasmCache, request);
    const complete = await webLlmHasModel(entry.modelId, appConfig).catch(() => false);
    stored.push({ modelId: entry.modelId, bytes, complete });
  }
  return stored;
}

export async function deleteStoredModel(modelId: string, appConfig: AppConfig): Promise<void> {
  await webLlmDeleteModel(modelId, appConfig);
}

export async function estimateStorage(): Promise<StorageEstimate> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate)
    return { usageBytes: null, quotaBytes: null };
  const estimate = await navigator.storage.estimate();
  return { usageBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null };
}
