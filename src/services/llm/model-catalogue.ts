/**
 * The models the picker offers: the Qwen2.5-Coder, Qwen2.5 Instruct and Qwen3 builds from web-llm's
 * own `prebuiltAppConfig` (the only list whose model libraries match the installed web-llm),
 * plus custom MLC models given by URL. Pure: the records come in as an argument, because
 * importing web-llm here would put its 6 MB into the first-paint bundle.
 */
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import type { GpuCapabilities } from './webgpu-capabilities';
import { formatBytes } from '../../core/format-bytes';

export type ModelFamily = 'Qwen2.5-Coder' | 'Qwen2.5' | 'Qwen3';
export type Quantization = 'q4f16_1' | 'q4f32_1';

export const FAMILIES: ModelFamily[] = ['Qwen2.5-Coder', 'Qwen2.5', 'Qwen3'];
/** Qwen2.5's sizes, then Qwen3's (0.6B to 8B; web-llm has no larger Qwen3 build). */
export const SIZES = ['0.5B', '1.5B', '3B', '7B', '0.6B', '1.7B', '4B', '8B'] as const;
export type ModelSize = (typeof SIZES)[number];

export interface CatalogueEntry {
  modelId: string;
  /** "Qwen2.5-Coder 1.5B" */
  label: string;
  family: ModelFamily | 'custom';
  size: ModelSize | null;
  quantization: Quantization | null;
  /** Bytes to download; null when unknown (custom models). */
  downloadBytes: number | null;
  /** True when `downloadBytes` is worked out from the parameter count, not measured. */
  downloadIsEstimate: boolean;
  vramMb: number | null;
  lowResource: boolean;
  record: ModelRecord;
}

export interface CustomModelInput {
  modelId: string;
  /** Where the weights (mlc-chat-config.json, tensor-cache.json, shards) live. */
  modelUrl: string;
  /** The compiled model library (.wasm). */
  modelLibUrl: string;
}

// Parameter counts of the Qwen2.5 and Qwen3 releases, in billions (the names round them).
const PARAMS_BILLIONS: Record<ModelSize, number> = {
  '0.5B': 0.494,
  '1.5B': 1.54,
  '3B': 3.09,
  '7B': 7.62,
  '0.6B': 0.596,
  '1.7B': 1.72,
  '4B': 4.02,
  '8B': 8.19,
};
// q4 weights with one scale per group of 32: 4 bits + 16 or 32 bits / 32.
const BITS_PER_WEIGHT: Record<Quantization, number> = { q4f16_1: 4.5, q4f32_1: 5 };

const ID_PATTERN = /^Qwen2\.5-(Coder-)?(0\.5B|1\.5B|3B|7B)-Instruct-(q4f16_1|q4f32_1)-MLC$/;
/** Qwen3's builds are hybrid: one model that thinks, or not when asked (`enable_thinking`). */
const QWEN3_ID_PATTERN = /^Qwen3-(0\.6B|1\.7B|4B|8B)-(q4f16_1|q4f32_1)-MLC$/;

/** The family, size and quantization a web-llm model id names, when it is one we offer. */
function parseModelId(
  modelId: string,
): { family: ModelFamily; size: ModelSize; quantization: Quantization } | null {
  const qwen25 = ID_PATTERN.exec(modelId);
  if (qwen25)
    return {
      family: qwen25[1] ? 'Qwen2.5-Coder' : 'Qwen2.5',
      size: qwen25[2] as ModelSize,
      quantization: qwen25[3] as Quantization,
    };
  const qwen3 = QWEN3_ID_PATTERN.exec(modelId);
  if (qwen3)
    return {
      family: 'Qwen3',
      size: qwen3[1] as ModelSize,
      quantization: qwen3[2] as Quantization,
    };
  return null;
}

/** Whether a web-llm model thinks before it answers (a Qwen3 build, unless switched off). */
export function isThinkingFamily(modelId: string): boolean {
  return parseModelId(modelId)?.family === 'Qwen3';
}

export function estimateDownloadBytes(size: ModelSize, quantization: Quantization): number {
  return Math.round((PARAMS_BILLIONS[size] * 1e9 * BITS_PER_WEIGHT[quantization]) / 8);
}

/**
 * The Qwen2.5 and Qwen3 entries of web-llm's catalogue: Coder first, then Qwen2.5, then Qwen3,
 * small to large, f16 before f32.
 */
export function buildCatalogue(records: readonly ModelRecord[]): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const record of records) {
    const parsed = parseModelId(record.model_id);
    if (!parsed) continue;
    const { family, size, quantization } = parsed;
    // web-llm's records carry no download size; a measured one would be a `download_bytes` field.
    const measured = (record as { download_bytes?: unknown }).download_bytes;
    entries.push({
      modelId: record.model_id,
      label: `${family} ${size}`,
      family,
      size,
      quantization,
      downloadBytes:
        typeof measured === 'number' ? measured : estimateDownloadBytes(size, quantization),
      downloadIsEstimate: typeof measured !== 'number',
      vramMb: record.vram_required_MB ?? null,
      lowResource: record.low_resource_required ?? false,
      record,
    });
  }
  const rank = (e: CatalogueEntry) =>
    FAMILIES.indexOf(e.family as ModelFamily) * 100 +
    SIZES.indexOf(e.size as ModelSize) * 10 +
    (e.quantization === 'q4f16_1' ? 0 : 1);
  return entries.sort((a, b) => rank(a) - rank(b));
}

/** Checks a custom model's fields; returns the problem in words, or null when usable. */
export function validateCustomModel(
  input: CustomModelInput,
  existingIds: readonly string[],
): string | null {
  const id = input.modelId.trim();
  if (!id) return 'Give the model an id (any name, e.g. my-route-qwen-1.5b-q4f32_1).';
  if (existingIds.includes(id)) return `A model named "${id}" is already in the list.`;
  for (const [label, value] of [
    ['Model URL', input.modelUrl],
    ['Model library URL', input.modelLibUrl],
  ] as const) {
    try {
      const url = new URL(value.trim());
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return `${label} must be an http(s) URL.`;
    } catch {
      return `${label} is not a URL.`;
    }
  }
  if (!/\.wasm(\?|$)/.test(input.modelLibUrl.trim()))
    return 'Model library URL should point at the compiled .wasm file.';
  return null;
}

export function customEntry(input: CustomModelInput): CatalogueEntry {
  const quantization = /q4f32_1/.test(input.modelId)
    ? 'q4f32_1'
    : /q4f16_1/.test(input.modelId)
      ? 'q4f16_1'
      : null;
  return {
    modelId: input.modelId.trim(),
    label: input.modelId.trim(),
    family: 'custom',
    size: null,
    quantization,
    downloadBytes: null,
    downloadIsEstimate: false,
    vramMb: null,
    lowResource: false,
    record: {
      model: input.modelUrl.trim(),
      model_id: input.modelId.trim(),
      model_lib: input.modelLibUrl.trim(),
    },
  };
}

/** The app config web-llm loads from: the offered models plus the custom ones. */
export function appConfigFor(entries: readonly CatalogueEntry[]): AppConfig {
  return { model_list: entries.map((entry) => entry.record) };
}

export interface VariantChoice {
  quantization: Quantization;
  /** Why, for the UI. */
  reason: string;
}

/** f16 weights are smaller and faster, but need the `shader-f16` WebGPU feature. */
export function chooseVariant(gpu: GpuCapabilities): VariantChoice {
  if (gpu.shaderF16) {
    return {
      quantization: 'q4f16_1',
      reason: 'Your GPU supports shader-f16, so the smaller, faster q4f16_1 builds are used.',
    };
  }
  return {
    quantization: 'q4f32_1',
    reason:
      'Your GPU does not offer the shader-f16 feature, so the q4f32_1 builds (32-bit float math, a little larger) are used.',
  };
}

const GIB = 1024 ** 3;

/** Why this device should start with the 0.5B model rather than 1.5B, or null when it need not. */
export function smallDeviceReason(gpu: GpuCapabilities): string | null {
  if (gpu.isFallbackAdapter)
    return 'this is a software GPU adapter (slow, no graphics card behind it)';
  if (gpu.maxBufferSize !== null && gpu.maxBufferSize < GIB)
    return 'this GPU allows only small buffers';
  if (gpu.maxStorageBufferBindingSize !== null && gpu.maxStorageBufferBindingSize < 512 * 1024 ** 2)
    return 'this GPU allows only small storage buffers';
  if (gpu.deviceMemoryGb !== null && gpu.deviceMemoryGb <= 4)
    return `this device reports ${gpu.deviceMemoryGb} GB of memory`;
  return null;
}

export function isSmallDevice(gpu: GpuCapabilities): boolean {
  return smallDeviceReason(gpu) !== null;
}

export interface Suggestion {
  entry: CatalogueEntry;
  reason: string;
}

/** The default pick: Qwen2.5-Coder 1.5B, or 0.5B on small devices, in the usable variant. */
export function suggestModel(
  catalogue: readonly CatalogueEntry[],
  gpu: GpuCapabilities,
): Suggestion | null {
  const { quantization } = chooseVariant(gpu);
  const smallBecause = smallDeviceReason(gpu);
  const small = smallBecause !== null;
  const size: ModelSize = small ? '0.5B' : '1.5B';
  const entry =
    catalogue.find(
      (e) => e.family === 'Qwen2.5-Coder' && e.size === size && e.quantization === quantization,
    ) ??
    catalogue.find((e) => e.quantization === quantization) ??
    null;
  if (!entry) return null;
  const reason = small
    ? `Suggested: Qwen2.5-Coder 0.5B, because ${smallBecause}.`
    : 'Suggested: Qwen2.5-Coder 1.5B, a good balance of SQL quality and speed.';
  return { entry, reason };
}

/** Entries this GPU can run: without shader-f16, the f16 builds would fail after downloading. */
export function usableEntries(
  catalogue: readonly CatalogueEntry[],
  gpu: GpuCapabilities,
): CatalogueEntry[] {
  return catalogue.filter(
    (e) => e.family === 'custom' || gpu.shaderF16 || e.quantization !== 'q4f16_1',
  );
}

/** "about 826 MB", "1.7 GB", or "size unknown". */
export function formatModelSize(bytes: number | null, estimate = false): string {
  if (bytes === null) return 'size unknown';
  return estimate ? `about ${formatBytes(bytes)}` : formatBytes(bytes);
}

/**
 * The key/value cache shape of each Qwen2.5 size (Coder the same), from the models' config.json:
 * num_hidden_layers, num_key_value_heads, and head_dim = hidden_size / num_attention_heads.
 */
const KV_SHAPE: Record<ModelSize, { layers: number; kvHeads: number; headDim: number }> = {
  '0.5B': { layers: 24, kvHeads: 2, headDim: 64 },
  '1.5B': { layers: 28, kvHeads: 2, headDim: 128 },
  '3B': { layers: 36, kvHeads: 2, headDim: 128 },
  '7B': { layers: 28, kvHeads: 4, headDim: 128 },
  // Qwen3 (config.json: head_dim 128 and 8 KV heads at every size).
  '0.6B': { layers: 28, kvHeads: 8, headDim: 128 },
  '1.7B': { layers: 28, kvHeads: 8, headDim: 128 },
  '4B': { layers: 36, kvHeads: 8, headDim: 128 },
  '8B': { layers: 36, kvHeads: 8, headDim: 128 },
};

/** The windows offered at load: web-llm's 4,096 and larger ones up to Qwen2.5's and Qwen3's 32,768. */
export const WINDOW_CHOICES = [4096, 8192, 16384, 32768] as const;

/**
 * Bytes of KV cache for a window: keys and values, per layer, per KV head, per head dimension,
 * in the build's activation type (f16 for q4f16_1, f32 for q4f32_1). Null for custom models.
 */
export function kvCacheBytes(entry: CatalogueEntry, windowTokens: number): number | null {
  if (!entry.size || !entry.quantization) return null;
  const { layers, kvHeads, headDim } = KV_SHAPE[entry.size];
  const bytesPerValue = entry.quantization === 'q4f16_1' ? 2 : 4;
  return 2 * layers * kvHeads * headDim * bytesPerValue * windowTokens;
}
