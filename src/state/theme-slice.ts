/** The theme choice (system, light or dark), remembered in localStorage. */
import type { ThemePreference } from '../core/theme/color-scheme';
import { loadThemePreference, saveThemePreference } from '../services/storage/theme-store';
import type { SliceCreator } from './slice';

export interface ThemeSlice {
  themePreference: ThemePreference;
  setThemePreference(preference: ThemePreference): void;
}

export const createThemeSlice: SliceCreator<ThemeSlice> = (set) => ({
  themePreference: loadThemePreference(),
  setThemePreference: (preference) => {
    saveThemePreference(preference);
    set({ themePreference: preference });
  },
});
