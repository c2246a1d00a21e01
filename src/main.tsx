import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { resolveColorScheme } from './core/theme/color-scheme';
import { loadThemePreference } from './services/storage/theme-store';
import { applyColorScheme, systemPrefersDark } from './ui/color-scheme';
import './index.css';

// The scheme is set before the first render, so a dark page never flashes white.
applyColorScheme(resolveColorScheme(loadThemePreference(), systemPrefersDark()));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
