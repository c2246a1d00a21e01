export { ThemeToggle } from './theme-toggle';
export { useThemeSync } from './use-theme-sync';
