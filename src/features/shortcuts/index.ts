export { KeyboardShortcuts } from './shortcuts-overlay';
