/**
 * localStorage as the settings stores use it: storage can be missing (Node) or blocked (privacy
 * settings), and writes can fail (full); the app then keeps working and only forgets.
 */

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function defaultStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** A secret (an API key) under its own storage key: '' when absent or unreadable. */
export function loadSecret(key: string, storage: StorageLike | null = defaultStorage()): string {
  try {
    return storage?.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** Stores a secret under its own key; an empty one removes the key. */
export function saveSecret(
  key: string,
  value: string,
  storage: StorageLike | null = defaultStorage(),
): void {
  try {
    if (value) storage?.setItem(key, value);
    else storage?.removeItem(key);
  } catch {
    // Full or blocked storage: the value still applies to this visit.
  }
}
