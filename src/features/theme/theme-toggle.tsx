/** The header's theme button: System -> Light -> Dark, remembered in this browser. */
import { nextThemePreference, type ThemePreference } from '../../core/theme/color-scheme';
import { useAppStore } from '../../state/store';
import { useColorScheme } from '../../ui/color-scheme';

const LABEL: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const ICON: Record<ThemePreference, string> = { system: '◐', light: '☀', dark: '☾' };

export function ThemeToggle() {
  const preference = useAppStore((s) => s.themePreference);
  const setPreference = useAppStore((s) => s.setThemePreference);
  const scheme = useColorScheme();
  const next = nextThemePreference(preference);
  const shown = preference === 'system' ? `System (${scheme})` : LABEL[preference];
  return (
    <button
      type="button"
      onClick={() => setPreference(next)}
      aria-label={`Theme: ${shown}. Switch to ${LABEL[next]}`}
      title={`Theme: ${shown} (Alt+T switches to ${LABEL[next]})`}
      aria-keyshortcuts="Alt+T"
      className="rounded border border-slate-300 px-2 py-1 text-sm text-slate-700 hover:bg-slate-100"
    >
      <span aria-hidden="true">{ICON[preference]}</span>{' '}
      {/* The icon alone on narrow windows; the name says the theme either way. */}
      <span className="hidden 2xl:inline">{LABEL[preference]}</span>
    </button>
  );
}
