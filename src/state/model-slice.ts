/**
 * Which engine and model are active, and their state. The engine instance lives here (not in
 * React context) so that the run slice can hand it to the pipeline. This slice also owns the
 * model view's data: GPU capabilities, the catalogue, stored models and the server settings.
 */
import { AppError, toErrorPayload, type ErrorPayload } from '../core/errors';
import type { EngineKind, LlmEngine, LoadProgress } from '../services/llm/engine';
import {
  appConfigFor,
  buildCatalogue,
  customEntry,
  suggestModel,
  validateCustomModel,
  type CatalogueEntry,
  type CustomModelInput,
} from '../services/llm/model-catalogue';
import { OpenAiEngine } from '../services/llm/openai-engine';
import { policyWithRetries } from '../core/llm/retry';
import { detectGpuCapabilities, type GpuCapabilities } from '../services/llm/webgpu-capabilities';
import {
  deleteStoredModel,
  estimateStorage,
  listStoredModels,
  type StorageEstimate,
  type StoredModel,
} from '../services/llm/webllm-cache';
import { WebLlmEngine } from '../services/llm/webllm-engine';
import { loadBundledQwenCounter } from '../services/tokens/token-counters';
import { webLlmModelList } from '../services/llm/webllm-worker-client';
import { keyFor } from '../core/security/api-keys';
import { readServerLink } from '../core/security/server-link';
import {
  loadEngineSettings,
  saveEngineSettings,
  type EngineSettings,
  type ServerSettings,
} from '../services/storage/engine-settings-store';
import type { SliceCreator } from './slice';

export type EngineStatus =
  | { state: 'not_loaded' }
  | { state: 'loading'; progress: LoadProgress }
  | { state: 'ready' }
  | { state: 'generating' }
  | { state: 'failed'; error: ErrorPayload };

/** The engine and model that the status refers to (loaded, loading, or failed to load). */
export interface EngineTarget {
  kind: EngineKind;
  modelId: string;
  /** "Qwen2.5-Coder 1.5B · q4f32_1", or the server model name. */
  label: string;
}

export type { ServerSettings } from '../services/storage/engine-settings-store';
export type { CatalogueEntry, CustomModelInput } from '../services/llm/model-catalogue';
export type { GpuCapabilities } from '../services/llm/webgpu-capabilities';
export type { StorageEstimate, StoredModel } from '../services/llm/webllm-cache';

export interface ModelSlice {
  /** The loaded engine, or null. The pipeline uses it through `ChatModel`. */
  engine: LlmEngine | null;
  engineStatus: EngineStatus;
  /** Marks generation start/end so the status chip can say "generating". */
  setGenerating(generating: boolean): void;
  /**
   * Starts loading the engine's tokenizer (megabytes of vocabulary, once per visit) while the
   * person writes a question, so Ask does not wait for it.
   */
  warmTokenizer(): void;

  /** The engine picked in the Model view (what Load/Connect acts on). */
  engineChoice: EngineKind;
  engineTarget: EngineTarget | null;
  chooseEngine(kind: EngineKind): void;
  unloadEngine(): Promise<void>;
  /**
   * Restores the last settings. `?endpoint=&model=` in the address connects only when it names
   * the server already in use; any other server becomes a proposal the person must accept.
   */
  bootstrapEngine(params: { endpoint: string | null; model: string | null }): Promise<void>;

  // On this device (WebGPU + web-llm)
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
  /** Cancels a download or a connection in progress. */
  cancelLoad(): void;
  storedModels: StoredModel[] | null;
  storageEstimate: StorageEstimate | null;
  refreshStoredModels(): Promise<void>;
  deleteStoredModel(modelId: string): Promise<void>;

  // OpenAI-compatible server
  serverSettings: ServerSettings;
  /** The on-device window to load with (web-llm's context_window_size). */
  webllmContextWindow: number;
  setWebllmContextWindow(tokens: number): void;
  /** Model ids from the server's `GET /v1/models`; null when unknown or not offered. */
  serverModels: string[] | null;
  setServerSettings(patch: Partial<ServerSettings>): void;
  connectServer(): Promise<void>;
}

function labelOf(entry: CatalogueEntry): string {
  return entry.quantization && entry.family !== 'custom'
    ? `${entry.label} · ${entry.quantization}`
    : entry.label;
}

export const createModelSlice: SliceCreator<ModelSlice> = (set, get) => {
  const initial = loadEngineSettings();
  // Outside the state: one load at a time, and results of a superseded load are dropped.
  let loadController: AbortController | null = null;
  let loadToken = 0;

  const persist = () => {
    const s = get();
    const settings: EngineSettings = {
      choice: s.engineChoice,
      webllmModelId: s.selectedModelId,
      customModels: s.customModels,
      server: s.serverSettings,
      webllmContextWindow: s.webllmContextWindow,
    };
    saveEngineSettings(settings);
  };

  /** Stops the load in progress and voids whatever it reports later; returns the new token. */
  const supersedeLoad = () => {
    loadController?.abort();
    return ++loadToken;
  };

  /** Unloads the current engine and starts a new load; returns a token and signal for it. */
  const beginLoad = async (target: EngineTarget) => {
    const token = supersedeLoad();
    const controller = new AbortController();
    loadController = controller;
    const previous = get().engine;
    set({
      engine: null,
      engineTarget: target,
      engineStatus: {
        state: 'loading',
        progress: {
          fraction: null,
          loadedBytes: null,
          totalBytes: null,
          text: 'Starting',
          elapsedMs: 0,
        },
      },
    });
    // The GPU cannot hold two models: free the old one first.
    if (previous) await previous.unload().catch(() => {});
    return { token, signal: controller.signal, current: () => token === loadToken };
  };

  const runLoad = async (engine: LlmEngine, target: EngineTarget, after?: () => void) => {
    const { signal, current } = await beginLoad(target);
    try {
      await engine.load((progress) => {
        if (current()) set({ engineStatus: { state: 'loading', progress } });
      }, signal);
      if (!current()) {
        await engine.unload();
        return;
      }
      set({
        engine,
        engineStatus: { state: 'ready' },
        engineTarget: { ...target, modelId: engine.modelId },
      });
      after?.();
    } catch (error) {
      if (!current()) return;
      const payload = toErrorPayload(error);
      set({
        engineStatus:
          payload.code === 'aborted'
            ? { state: 'not_loaded' }
            : { state: 'failed', error: payload },
      });
    } finally {
      if (current()) loadController = null;
    }
  };

  const fail = (target: EngineTarget, error: AppError) => {
    supersedeLoad();
    set({ engineTarget: target, engineStatus: { state: 'failed', error: toErrorPayload(error) } });
  };

  const withCustom = (prebuilt: CatalogueEntry[], custom: CustomModelInput[]) => [
    ...prebuilt.filter((e) => e.family !== 'custom'),
    ...custom.map(customEntry),
  ];

  return {
    engine: null,
    engineStatus: { state: 'not_loaded' },
    engineChoice: initial.choice,
    engineTarget: null,

    gpu: null,
    catalogue: null,
    catalogueError: null,
    selectedModelId: initial.webllmModelId,
    customModels: initial.customModels,
    storedModels: null,
    storageEstimate: null,

    serverSettings: initial.server,
    webllmContextWindow: initial.webllmContextWindow,
    setWebllmContextWindow(tokens) {
      set({ webllmContextWindow: tokens });
      persist();
    },
    serverModels: null,

    setGenerating(generating) {
      const { engine, engineStatus } = get();
      if (!engine) return;
      if (generating && engineStatus.state === 'ready')
        set({ engineStatus: { state: 'generating' } });
      if (!generating && engineStatus.state === 'generating')
        set({ engineStatus: { state: 'ready' } });
    },

    warmTokenizer() {
      // The engine keeps its counter, so warming twice loads once; a failure is the run's to tell.
      void get()
        .engine?.tokenCounter?.()
        .catch(() => null);
    },

    chooseEngine(kind) {
      set({ engineChoice: kind });
      persist();
    },

    async unloadEngine() {
      supersedeLoad();
      const engine = get().engine;
      set({ engine: null, engineStatus: { state: 'not_loaded' } });
      if (engine) await engine.unload().catch(() => {});
    },

    async bootstrapEngine({ endpoint, model }) {
      const link = readServerLink(
        { endpoint, model },
        { endpoint: get().serverSettings.endpoint, active: get().engineChoice === 'openai' },
      );
      if (link.kind === 'current') {
        if (link.model) get().setServerSettings({ model: link.model });
        await get().connectServer();
        return;
      }
      // Anything else a link names waits for a yes; the person's own set-up comes back meanwhile.
      if (link.kind === 'proposal') get().proposeServer(link.proposal);
      if (get().engineChoice === 'openai') {
        const { endpoint: saved, model: savedModel } = get().serverSettings;
        // Only reconnect to a server the person connected to before (a model name was kept).
        if (saved && savedModel) await get().connectServer();
        return;
      }
      const gpu = await get().detectGpu();
      if (gpu.availability !== 'available' || !get().selectedModelId) return;
      // Loading from the cache costs no download; weights are never fetched without a click.
      await get().loadCatalogue();
      await get().refreshStoredModels();
      const id = get().selectedModelId;
      const stored = get().storedModels?.find((m) => m.modelId === id && m.complete);
      if (stored && get().engineStatus.state === 'not_loaded')
        await get().loadWebLlmModel(stored.modelId);
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
        fail(
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
        fail(
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
        fail(
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
      await runLoad(engine, target, () => void get().refreshStoredModels());
      // A failed or cancelled download may leave partial files: show them so they can be deleted.
      if (get().engineStatus.state !== 'ready') void get().refreshStoredModels();
    },

    cancelLoad() {
      if (get().engineStatus.state !== 'loading') return;
      loadController?.abort();
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

    setServerSettings(patch) {
      set({ serverSettings: { ...get().serverSettings, ...patch } });
      persist();
    },

    async connectServer() {
      const { serverSettings, apiKeys } = get();
      set({ engineChoice: 'openai' });
      persist();
      const target: EngineTarget = {
        kind: 'openai',
        modelId: serverSettings.model,
        label: serverSettings.model || 'server model',
      };
      let engine: OpenAiEngine;
      try {
        engine = new OpenAiEngine({
          endpoint: serverSettings.endpoint,
          model: serverSettings.model,
          apiKey: keyFor(apiKeys, serverSettings.endpoint),
          stream: serverSettings.stream,
          firstByteTimeoutMs: serverSettings.timeoutSeconds * 1000,
          serverKind: serverSettings.kind,
          contextWindow: serverSettings.contextWindow,
          loadTokenCounter: loadBundledQwenCounter,
          retry: { policy: policyWithRetries(serverSettings.retries) },
        });
      } catch (error) {
        fail(
          target,
          error instanceof AppError ? error : new AppError('fetch_failed', String(error)),
        );
        return;
      }
      await runLoad(engine, target, () => {
        const model = engine.modelId;
        set({
          serverModels: engine.availableModels,
          engineTarget: { kind: 'openai', modelId: model, label: model },
          serverSettings: { ...get().serverSettings, model },
        });
        persist();
      });
      if (get().engineStatus.state === 'failed' && engine.availableModels)
        set({ serverModels: engine.availableModels });
    },
  };
};
