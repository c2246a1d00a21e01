/** Every keyboard shortcut the page answers, as the "?" overlay lists them. */
export interface Shortcut {
  keys: string;
  action: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export interface ViewShortcutTarget {
  label: string;
}

export function shortcutGroups(views: readonly ViewShortcutTarget[]): ShortcutGroup[] {
  return [
    {
      title: 'Anywhere',
      shortcuts: [
        { keys: '?', action: 'Show this list' },
        ...views.map((view, index) => ({
          keys: `Alt+${index + 1}`,
          action: `Show the ${view.label} view`,
        })),
        { keys: '← → Home End', action: 'Move between the view tabs (when a tab has focus)' },
        { keys: 'Alt+T', action: 'Switch the theme (system, light, dark)' },
        { keys: 'Tab / Shift+Tab', action: 'Move to the next / previous control' },
        { keys: 'Esc', action: 'Close a dialog' },
      ],
    },
    {
      title: 'Ask view',
      shortcuts: [
        { keys: 'Enter', action: 'Ask the question' },
        { keys: 'Shift+Enter', action: 'New line in the question' },
      ],
    },
    {
      title: 'SQL editors',
      shortcuts: [
        { keys: 'Ctrl/Cmd+Enter', action: 'Run the SQL (the selection, if any)' },
        { keys: 'Ctrl+Space', action: 'Suggest tables, columns and keywords' },
        { keys: 'Ctrl+M', action: 'Let Tab leave the editor instead of indenting' },
        { keys: 'Alt+F1', action: 'Editor accessibility help' },
      ],
    },
  ];
}

/** Alt+digit picks the view at that position; `code` so that macOS's Option symbols count too. */
export function viewIndexForKey(event: {
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  code: string;
}): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const match = /^Digit([1-9])$/.exec(event.code);
  return match ? Number(match[1]) - 1 : null;
}

/** Typing in a field must never trigger a page shortcut such as "?". */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('.monaco-editor')) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range'].includes(type);
}
