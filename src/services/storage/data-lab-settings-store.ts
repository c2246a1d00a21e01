/**
 * The Data view's settings, remembered between visits in localStorage. The strong and weak
 * servers' API keys are not here: they are kept per server origin (api-key-store.ts).
 */
import { defaultStorage } from './local-storage';

export const DATA_LAB_SETTINGS_KEY = 'ttsql.data-lab-settings.v1';

export interface EndpointSettings {
  endpoint: string;
  model: string;
}

export interface DataLabSettings {
  strong: EndpointSettings;
  /** The weak model: the engine active in the Model view, or a second server. */
  weakSource: 'active' | 'server';
  weak: EndpointSettings;
  target: number;
  samples: number;
  concurrency: number;
  withEvidence: boolean;
}

export const DEFAULT_DATA_LAB_SETTINGS: DataLabSettings = {
  strong: { endpoint: 'http://localhost:8000/v1', model: '' },
  weakSource: 'active',
  weak: { endpoint: 'http://localhost:11434/v1', model: '' },
  target: 50,
  samples: 1,
  concurrency: 4,
  withEvidence: true,
};

const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
const whole = (value: unknown, fallback: number, max: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max
    ? value
    : fallback;

function endpointOf(value: unknown, fallback: EndpointSettings): EndpointSettings {
  const v = (value ?? {}) as Partial<EndpointSettings>;
  return { endpoint: text(v.endpoint, fallback.endpoint), model: text(v.model, fallback.model) };
}

export function loadDataLabSettings(storage = defaultStorage()): DataLabSettings {
  const d = DEFAULT_DATA_LAB_SETTINGS;
  try {
    const saved = JSON.parse(
      storage?.getItem(DATA_LAB_SETTINGS_KEY) ?? '{}',
    ) as Partial<DataLabSettings>;
    return {
      strong: endpointOf(saved.strong, d.strong),
      weakSource: saved.weakSource === 'server' ? 'server' : 'active',
      weak: endpointOf(saved.weak, d.weak),
      target: whole(saved.target, d.target, 100_000),
      samples: whole(saved.samples, d.samples, 16),
      concurrency: whole(saved.concurrency, d.concurrency, 64),
      withEvidence: typeof saved.withEvidence === 'boolean' ? saved.withEvidence : d.withEvidence,
    };
  } catch {
    return structuredClone(d);
  }
}

export function saveDataLabSettings(settings: DataLabSettings, storage = defaultStorage()): void {
  // Field by field: nothing else (a key typed into the wrong field) rides along.
  const { strong, weakSource, weak, target, samples, concurrency, withEvidence } = settings;
  const clean: DataLabSettings = {
    strong: { endpoint: strong.endpoint, model: strong.model },
    weakSource,
    weak: { endpoint: weak.endpoint, model: weak.model },
    target,
    samples,
    concurrency,
    withEvidence,
  };
  try {
    storage?.setItem(DATA_LAB_SETTINGS_KEY, JSON.stringify(clean));
  } catch {
    // Full or blocked storage: the settings still apply to this visit.
  }
}
