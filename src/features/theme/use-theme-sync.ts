/** Keeps the page's scheme in step with the stored choice and, for "system", with the OS. */
import { useEffect } from 'react';
import { resolveColorScheme } from '../../core/theme/color-scheme';
import { useAppStore } from '../../state/store';
import { applyColorScheme, onSystemSchemeChange, systemPrefersDark } from '../../ui/color-scheme';

export function useThemeSync(): void {
  const preference = useAppStore((s) => s.themePreference);
  useEffect(() => {
    const apply = () => applyColorScheme(resolveColorScheme(preference, systemPrefersDark()));
    apply();
    return preference === 'system' ? onSystemSchemeChange(apply) : undefined;
  }, [preference]);
}
