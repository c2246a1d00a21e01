/**
 * The model choice remembered between visits, in localStorage (small and read at start-up).
 * API keys are not here: they are kept per server origin (api-key-store.ts).
 */
import type { EngineKind } from '../llm/engine';
import type { CustomModelInput } from '../llm/model-catalogue';
import { defaultStorage, type StorageLike } from './local-storage';

import { SERVER_KINDS, type ServerKind } from '../llm/server-kind';
import { DEFAULT_RETRY_POLICY, MAX_RETRIES } from '../../core/llm/retry';

export const ENGINE_SETTINGS_KEY = 'ttsql.engine-settings.v1';

export interface ServerSettings {
  endpoint: string;
  model: string;
  /** False for servers that cannot stream. */
  stream: boolean;
  /** Give up when the server sends nothing for this long. */
  timeoutSeconds: number;
  /** What the server is (for its grammar field and `n`); 'auto' asks it on connect. */
  kind: ServerKind | 'auto';
  /** The model's context window, for servers that do not report it; null when not typed. */
  contextWindow: number | null;
  /** How many times a call that failed for a passing reason (429, 5xx, a cut stream) is tried again. */
  retries: number;
}

export interface EngineSettings {
  choice: EngineKind;
  /** The on-device model last picked (a web-llm model id). */
  webllmModelId: string | null;
  customModels: CustomModelInput[];
  server: ServerSettings;
  /** The on-device window chosen at load (4,096 is web-llm's own for every Qwen2.5 build). */
  webllmContextWindow: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  choice: 'webllm',
  webllmModelId: null,
  customModels: [],
  server: {
    endpoint: 'http://localhost:11434/v1',
    model: '',
    stream: true,
    timeoutSeconds: 90,
    kind: 'auto',
    contextWindow: null,
    retries: DEFAULT_RETRY_POLICY.tries - 1,
  },
  webllmContextWindow: 4096,
};

const positiveInt = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;

function isCustomModel(value: unknown): value is CustomModelInput {
  const v = value as CustomModelInput;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.modelId === 'string' &&
    typeof v.modelUrl === 'string' &&
    typeof v.modelLibUrl === 'string'
  );
}

export function loadEngineSettings(storage: StorageLike | null = defaultStorage()): EngineSettings {
  const raw = storage?.getItem(ENGINE_SETTINGS_KEY);
  if (!raw) return structuredClone(DEFAULT_ENGINE_SETTINGS);
  try {
    const saved = JSON.parse(raw) as Partial<EngineSettings>;
    const server: Partial<ServerSettings> = saved.server ?? {};
    return {
      choice: saved.choice === 'openai' ? 'openai' : 'webllm',
      webllmModelId: typeof saved.webllmModelId === 'string' ? saved.webllmModelId : null,
      customModels: Array.isArray(saved.customModels)
        ? saved.customModels.filter(isCustomModel)
        : [],
      server: {
        endpoint:
          typeof server.endpoint === 'string'
            ? server.endpoint
            : DEFAULT_ENGINE_SETTINGS.server.endpoint,
        model: typeof server.model === 'string' ? server.model : '',
        stream: server.stream !== false,
        timeoutSeconds:
          typeof server.timeoutSeconds === 'number' && server.timeoutSeconds > 0
            ? server.timeoutSeconds
            : DEFAULT_ENGINE_SETTINGS.server.timeoutSeconds,
        kind: SERVER_KINDS.includes(server.kind as ServerKind)
          ? (server.kind as ServerKind)
          : 'auto',
        contextWindow: positiveInt(server.contextWindow),
        retries:
          typeof server.retries === 'number' &&
          Number.isInteger(server.retries) &&
          server.retries >= 0 &&
          server.retries <= MAX_RETRIES
            ? server.retries
            : DEFAULT_ENGINE_SETTINGS.server.retries,
      },
      webllmContextWindow:
        positiveInt(saved.webllmContextWindow) ?? DEFAULT_ENGINE_SETTINGS.webllmContextWindow,
    };
  } catch {
    return structuredClone(DEFAULT_ENGINE_SETTINGS);
  }
}

export function saveEngineSettings(
  settings: EngineSettings,
  storage: StorageLike | null = defaultStorage(),
): void {
  // Written field by field so that nothing else (a key pasted into the wrong field) rides along.
  const { choice, webllmModelId, customModels, server, webllmContextWindow } = settings;
  const clean: EngineSettings = {
    choice,
    webllmModelId,
    customModels: customModels.map(({ modelId, modelUrl, modelLibUrl }) => ({
      modelId,
      modelUrl,
      modelLibUrl,
    })),
    server: {
      endpoint: server.endpoint,
      model: server.model,
      stream: server.stream,
      timeoutSeconds: server.timeoutSeconds,
      kind: server.kind,
      contextWindow: server.contextWindow,
      retries: server.retries,
    },
    webllmContextWindow,
  };
  try {
    storage?.setItem(ENGINE_SETTINGS_KEY, JSON.stringify(clean));
  } catch {
    // Full or blocked storage: keep working with what is in memory.
  }
}
