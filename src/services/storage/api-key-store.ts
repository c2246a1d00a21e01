/**
 * API keys in localStorage, one per server origin (see core/security/api-keys.ts), under a
 * storage key of their own so that settings can be read, exported or shared without them.
 * Keys saved by earlier versions (one for the Model view, one each for the Data view's strong
 * and weak servers) move on first load to the origin of the endpoint saved beside them.
 */
import { migrateLegacyKeys, type ApiKeys, type LegacyKey } from '../../core/security/api-keys';
import { defaultStorage, loadSecret, saveSecret, type StorageLike } from './local-storage';

export const API_KEYS_STORAGE_KEY = 'ttsql.api-keys.v2';

/** Where earlier versions kept keys, and where the endpoint each belonged to was saved. */
const LEGACY_KEYS = [
  { storageKey: 'ttsql.openai-api-key', settingsKey: 'ttsql.engine-settings.v1', path: ['server'] },
  {
    storageKey: 'ttsql.data-lab.strong-api-key',
    settingsKey: 'ttsql.data-lab-settings.v1',
    path: ['strong'],
  },
  {
    storageKey: 'ttsql.data-lab.weak-api-key',
    settingsKey: 'ttsql.data-lab-settings.v1',
    path: ['weak'],
  },
] as const;

/** Each earlier version's defaults, for a key saved while its endpoint was never changed. */
const LEGACY_DEFAULT_ENDPOINTS: Record<string, string> = {
  'ttsql.openai-api-key': 'http://localhost:11434/v1',
  'ttsql.data-lab.strong-api-key': 'http://localhost:8000/v1',
  'ttsql.data-lab.weak-api-key': 'http://localhost:11434/v1',
};

function savedEndpoint(storage: StorageLike, settingsKey: string, path: readonly string[]) {
  try {
    let value: unknown = JSON.parse(storage.getItem(settingsKey) ?? 'null');
    for (const step of path) value = (value as Record<string, unknown> | null)?.[step];
    const endpoint = (value as { endpoint?: unknown } | undefined)?.endpoint;
    return typeof endpoint === 'string' ? endpoint : null;
  } catch {
    return null;
  }
}

function parseKeys(raw: string | null): ApiKeys {
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
      ),
    );
  } catch {
    return {};
  }
}

function writeKeys(keys: ApiKeys, storage: StorageLike | null): void {
  if (Object.keys(keys).length === 0) saveSecret(API_KEYS_STORAGE_KEY, '', storage);
  else saveSecret(API_KEYS_STORAGE_KEY, JSON.stringify(keys), storage);
}

/** The keys by origin, after moving any key an earlier version saved (and removing its copy). */
export function loadApiKeys(storage: StorageLike | null = defaultStorage()): ApiKeys {
  if (!storage) return {};
  const keys = parseKeys(loadSecret(API_KEYS_STORAGE_KEY, storage));
  const legacy: LegacyKey[] = [];
  for (const { storageKey, settingsKey, path } of LEGACY_KEYS) {
    const key = loadSecret(storageKey, storage);
    if (!key) continue;
    const endpoint =
      savedEndpoint(storage, settingsKey, path) ?? LEGACY_DEFAULT_ENDPOINTS[storageKey] ?? '';
    legacy.push({ key, endpoint });
  }
  if (legacy.length === 0) return keys;
  const migrated = migrateLegacyKeys(keys, legacy);
  writeKeys(migrated, storage);
  for (const { storageKey } of LEGACY_KEYS) saveSecret(storageKey, '', storage);
  return migrated;
}

export function saveApiKeys(keys: ApiKeys, storage: StorageLike | null = defaultStorage()): void {
  writeKeys(keys, storage);
}
