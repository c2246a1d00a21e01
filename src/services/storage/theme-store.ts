/** The theme choice remembered between visits (localStorage: read before the first paint). */
import { parseThemePreference, type ThemePreference } from '../../core/theme/color-scheme';

export const THEME_STORAGE_KEY = 'ttsql.theme';

export function loadThemePreference(): ThemePreference {
  try {
    return parseThemePreference(localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    // Storage blocked or absent (Node): follow the system.
    return 'system';
  }
}

export function saveThemePreference(preference: ThemePreference): void {
  try {
    if (preference === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Not remembered, still applied.
  }
}
