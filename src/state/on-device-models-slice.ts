/**
 * The on-device engine (WebGPU + web-llm): the GPU's capabilities, the catalogue of Qwen2.5
 * builds and custom models, the pick, the window to load with, the models stored in the
 * browser, and loading one. The load itself goes through the engine slice.
 */
import { AppError, toErrorPayload, type ErrorPayload } from '../core/errors';
import {
  appConfigFor,
  buildCatalogue,
  customEntry,
  suggestModel,
  validateCustomModel,
  type CatalogueEntry,
  type CustomModelInput,
} from '../services/llm/model-catalogue';
import { detectGpuCapabilities, type GpuCapabilities } from '../services/llm/webgpu-capabilities';
import {
  deleteStoredModel,
  estimateStorage,
  listStoredModels,
  type StorageEstimate,
  type StoredModel,
} from '../services/llm/webllm-cache';
import { WebLlmEngine } from '../services/llm/webllm-engine';
import { webLlmModelList } from '../services/llm/webllm-worker-client';
import { loadEngineSettings } from '../services/storage/engine-settings-store';
import { persistEngineSettings, type EngineTarget } from './engine-slice';
import type { SliceCreator } from './slice';

export type { CatalogueEntry, CustomModelInput } from '../services/llm/model-catalogue';
export type { GpuCapabilities } from '../services/llm/webgpu-capabilities';
export type { StorageEstimate, StoredModel } from '../services/llm/webllm-cache';

export interface OnDeviceModelsSlice {
  /** null until checked. */
  gpu: GpuCapabilities | null;
  detectGpu(): Promise<GpuCapabilities>;
  /** Qwen2.5 models from web-llm plus custom ones; null until web-llm's list has loaded. */
  catalogue: CatalogueEntry[] | null;
  catalogueError: ErrorPayload | null;
  loadCatalogue(): Promise<void>;
  selectedModelId: string | null;
  selectModel(modelId: string): void;
  customModels: CustomModelInput[];
  /** Returns what is wrong with the input, or null when it was added (and selected). */
  addCustomModel(input: CustomModelInput): string | null;
  removeCustomModel(modelId: string): void;
  /** Downloads (or reads from the cache) and loads the selected model. */
  loadWebLlmModel(modelId?: string): Promise<void>;
  storedModels: StoredModel[] | null;
  storageEstimate: StorageEstimate | null;
  refreshStoredModels(): Promise<void>;
  deleteStoredModel(modelId: string): Promise<void>;
  /** The on-device window to load with (web-llm's context_window_size). */
  webllmContextWindow: number;
  setWebllmContextWindow(tokens: number): void;
}

function labelOf(entry: CatalogueEntry): string {
  return entry.quantization && entry.family !== 'custom'
    ? `${entry.label} · ${entry.quantization}`
    : entry.label;
}

const withCustom = (prebuilt: CatalogueEntry[], custom: CustomModelInput[]) => [
  ...prebuilt.filter((e) => e.family !== 'custom'),
  ...custom.map(customEntry),
];

export const createOnDeviceModelsSlice: SliceCreator<OnDeviceModelsSlice> = (set, get) => {
  const initial = loadEngineSettings();
  const persist = () => persistEngineSettings(get());

  return {
    gpu: null,
    catalogue: null,
    catalogueError: null,
    selectedModelId: initial.webllmModelId,
    customModels: initial.customModels,
    storedModels: null,
    storageEstimate: null,

    webllmContextWindow: initial.webllmContextWindow,
    setWebllmContextWindow(tokens) {
      set({ webllmContextWindow: tokens });
      persist();
    },

    async detectGpu() {
      const existing = get().gpu;
      if (existing) return existing;
      const gpu = await detectGpuCapabilities();
      set({ gpu });
      return gpu;
    },

    async loadCatalogue() {
      if (get().catalogue) return;
      try {
        const [modelList, gpu] = await Promise.all([webLlmModelList(), get().detectGpu()]);
        const catalogue = withCustom(buildCatalogue(modelList), get().customModels);
        const selected = get().selectedModelId;
        const keep = selected && catalogue.some((e) => e.modelId === selected);
        // A saved f16 pick on a GPU without shader-f16 would only fail later: suggest again.
        const stale =
          keep &&
          !gpu.shaderF16 &&
          catalogue.find((e) => e.modelId === selected)?.quantization === 'q4f16_1';
        set({
          catalogue,
          catalogueError: null,
          selectedModelId:
            keep && !stale ? selected : (suggestModel(catalogue, gpu)?.entry.modelId ?? null),
        });
      } catch (error) {
        set({
          catalogueError: toErrorPayload(
            new AppError(
              'fetch_failed',
              'The list of on-device models could not be loaded.',
              'Check your connection and reload the page.',
              String(error),
            ),
          ),
        });
      }
    },

    selectModel(modelId) {
      set({ selectedModelId: modelId });
      persist();
    },

    addCustomModel(input) {
      const existing = (get().catalogue ?? [])
        .map((e) => e.modelId)
        .concat(get().customModels.map((m) => m.modelId));
      const problem = validateCustomModel(input, existing);
      if (problem) return problem;
      const clean = {
        modelId: input.modelId.trim(),
        modelUrl: input.modelUrl.trim(),
        modelLibUrl: input.modelLibUrl.trim(),
      };
      const customModels = [...get().customModels, clean];
      const catalogue = get().catalogue;
      set({
        customModels,
        catalogue: catalogue ? withCustom(catalogue, customModels) : null,
        selectedModelId: clean.modelId,
      });
      persist();
      return null;
    },

    removeCustomModel(modelId) {
      const customModels = get().customModels.filter((m) => m.modelId !== modelId);
      const catalogue = get().catalogue;
      const next = catalogue ? withCustom(catalogue, customModels) : null;
      const selected = get().selectedModelId === modelId ? null : get().selectedModelId;
      const gpu = get().gpu;
      set({
        customModels,
        catalogue: next,
        selectedModelId:
          selected ?? (next && gpu ? (suggestModel(next, gpu)?.entry.modelId ?? null) : null),
      });
      persist();
    },

    async loadWebLlmModel(modelId) {
      await get().loadCatalogue();
      const catalogue = get().catalogue;
      const id = modelId ?? get().selectedModelId;
      const entry = catalogue?.find((e) => e.modelId === id);
      if (!catalogue || !entry) {
        const error = get().catalogueError;
        get().failEngineLoad(
          { kind: 'webllm', modelId: id ?? '', label: id ?? 'no model' },
          error
            ? AppError.fromPayload(error)
            : new AppError(
                'model_not_found',
                'Pick a model first.',
                'Choose one in the model list.',
              ),
        );
        return;
      }
      const target: EngineTarget = {
        kind: 'webllm',
        modelId: entry.modelId,
        label: labelOf(entry),
      };
      set({ engineChoice: 'webllm', selectedModelId: entry.modelId });
      persist();
      const gpu = await get().detectGpu();
      if (gpu.availability !== 'available') {
        get().failEngineLoad(
          target,
          new AppError(
            'webgpu_unavailable',
            gpu.reason,
            'Use the OpenAI-compatible server engine instead.',
          ),
        );
        return;
      }
      if (entry.quantization === 'q4f16_1' && !gpu.shaderF16) {
        get().failEngineLoad(
          target,
          new AppError(
            'no_shader_f16',
            'This GPU does not offer shader-f16, which the q4f16_1 builds need.',
            'Pick the q4f32_1 build of the same model.',
          ),
        );
        return;
      }
      const engine = new WebLlmEngine(entry.modelId, appConfigFor(catalogue), {
        contextWindow: get().webllmContextWindow,
      });
      await get().loadEngine(engine, target, () => void get().refreshStoredModels());
      // A failed or cancelled download may leave partial files: show them so they can be deleted.
      if (get().engineStatus.state !== 'ready') void get().refreshStoredModels();
    },

    async refreshStoredModels() {
      const catalogue = get().catalogue;
      try {
        const [storedModels, storageEstimate] = await Promise.all([
          catalogue ? listStoredModels(catalogue, appConfigFor(catalogue)) : Promise.resolve(null),
          estimateStorage(),
        ]);
        set({ storedModels, storageEstimate });
      } catch {
        set({ storedModels: [], storageEstimate: await estimateStorage().catch(() => null) });
      }
    },

    async deleteStoredModel(modelId) {
      const catalogue = get().catalogue;
      if (!catalogue) return;
      const { engine, engineTarget } = get();
      // Deleting the files of the loaded model would break it mid-use.
      if (engine && engineTarget?.kind === 'webllm' && engineTarget.modelId === modelId)
        await get().unloadEngine();
      await deleteStoredModel(modelId, appConfigFor(catalogue));
      await get().refreshStoredModels();
    },
  };
};
