/**
 * The active engine and its state: which engine is chosen, the one loaded (or loading, or
 * failed), one load at a time, and the start-up that restores the last set-up. The engine
 * instance lives here (not in React context) so that the run slice can hand it to the pipeline.
 * What to load comes from the on-device models slice and the server connection slice.
 */
import { toErrorPayload, type AppError, type ErrorPayload } from '../core/errors';
import type { EngineKind, LlmEngine, LoadProgress } from '../services/llm/engine';
import { readServerLink } from '../core/security/server-link';
import {
  loadEngineSettings,
  saveEngineSettings,
  type EngineSettings,
} from '../services/storage/engine-settings-store';
import type { SliceCreator } from './slice';
import type { AppState } from './store';

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

export interface EngineSlice {
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
  /** Cancels a download or a connection in progress. */
  cancelLoad(): void;
  /**
   * Unloads the current engine and loads this one; `onLoaded` runs once it is ready. A newer
   * load, an unload or a failure voids it (one load at a time).
   */
  loadEngine(engine: LlmEngine, target: EngineTarget, onLoaded?: () => void): Promise<void>;
  /** Ends any load in progress and shows why this engine cannot load. */
  failEngineLoad(target: EngineTarget, error: AppError): void;
  /**
   * Restores the last settings. `?endpoint=&model=` in the address connects only when it names
   * the server already in use; any other server becomes a proposal the person must accept.
   */
  bootstrapEngine(params: { endpoint: string | null; model: string | null }): Promise<void>;
}

/** The engine choices are saved as one record, whichever slice changed them. */
export function persistEngineSettings(s: AppState): void {
  const settings: EngineSettings = {
    choice: s.engineChoice,
    webllmModelId: s.selectedModelId,
    customModels: s.customModels,
    server: s.serverSettings,
    webllmContextWindow: s.webllmContextWindow,
  };
  saveEngineSettings(settings);
}

export const createEngineSlice: SliceCreator<EngineSlice> = (set, get) => {
  const initial = loadEngineSettings();
  // Outside the state: one load at a time, and results of a superseded load are dropped.
  let loadController: AbortController | null = null;
  let loadToken = 0;

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

  return {
    engine: null,
    engineStatus: { state: 'not_loaded' },
    engineChoice: initial.choice,
    engineTarget: null,

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
      persistEngineSettings(get());
    },

    async unloadEngine() {
      supersedeLoad();
      const engine = get().engine;
      set({ engine: null, engineStatus: { state: 'not_loaded' } });
      if (engine) await engine.unload().catch(() => {});
    },

    cancelLoad() {
      if (get().engineStatus.state !== 'loading') return;
      loadController?.abort();
    },

    async loadEngine(engine, target, onLoaded) {
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
        onLoaded?.();
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
    },

    failEngineLoad(target, error) {
      supersedeLoad();
      set({
        engineTarget: target,
        engineStatus: { state: 'failed', error: toErrorPayload(error) },
      });
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
  };
};
