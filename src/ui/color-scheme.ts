/**
 * The page's colour scheme lives in one place: the `dark` class on <html> (src/ui/dark-palette.css
 * turns the whole palette around under it). Widgets that draw their own colours (Monaco, charts,
 * diagrams) read it with `useColorScheme()` and repaint when it changes.
 */
import { useSyncExternalStore } from 'react';
import type { ColorScheme } from '../core/theme/color-scheme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
}

/** Calls back when the operating system switches between light and dark. */
export function onSystemSchemeChange(callback: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => undefined;
  const query = matchMedia(DARK_QUERY);
  query.addEventListener('change', callback);
  return () => query.removeEventListener('change', callback);
}

export function applyColorScheme(scheme: ColorScheme): void {
  const root = document.documentElement;
  root.classList.toggle('dark', scheme === 'dark');
  root.dataset.colorScheme = scheme;
}

function currentScheme(): ColorScheme {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}

function subscribe(callback: () => void): () => void {
  const observer = new MutationObserver(callback);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

/** The scheme on screen now; re-renders the caller when it changes. */
export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribe, currentScheme, () => 'light');
}
