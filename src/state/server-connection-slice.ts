/**
 * The OpenAI-compatible server engine: its settings (endpoint, model, streaming, time limit,
 * kind, window, retries), the models it lists, and connecting to it. The key a request carries
 * comes from the server access slice (one key per origin); the load goes through the engine slice.
 */
import { AppError } from '../core/errors';
import { policyWithRetries } from '../core/llm/retry';
import { keyFor } from '../core/security/api-keys';
import { OpenAiEngine } from '../services/llm/openai-engine';
import { loadBundledQwenCounter } from '../services/tokens/token-counters';
import { loadEngineSettings, type ServerSettings } from '../services/storage/engine-settings-store';
import { persistEngineSettings, type EngineTarget } from './engine-slice';
import type { SliceCreator } from './slice';

export type { ServerSettings } from '../services/storage/engine-settings-store';

export interface ServerConnectionSlice {
  serverSettings: ServerSettings;
  /** Model ids from the server's `GET /v1/models`; null when unknown or not offered. */
  serverModels: string[] | null;
  setServerSettings(patch: Partial<ServerSettings>): void;
  connectServer(): Promise<void>;
}

export const createServerConnectionSlice: SliceCreator<ServerConnectionSlice> = (set, get) => {
  const persist = () => persistEngineSettings(get());

  return {
    serverSettings: loadEngineSettings().server,
    serverModels: null,

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
        get().failEngineLoad(
          target,
          error instanceof AppError ? error : new AppError('fetch_failed', String(error)),
        );
        return;
      }
      await get().loadEngine(engine, target, () => {
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
