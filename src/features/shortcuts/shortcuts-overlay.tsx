/**
 * The "?" overlay, and the page-wide shortcuts it lists (views by Alt+digit, the theme by Alt+T).
 * Shortcuts inside a widget (Enter in the question, Ctrl/Cmd+Enter in an editor) live with it.
 */
import { useEffect, useRef, useState } from 'react';
import { nextThemePreference } from '../../core/theme/color-scheme';
import { useAppStore } from '../../state/store';
import { ModalDialog } from '../../ui/modal-dialog';
import { isTypingTarget, shortcutGroups, viewIndexForKey } from './shortcut-list';

export interface ShortcutView<Id extends string> {
  id: Id;
  label: string;
}

export interface KeyboardShortcutsProps<Id extends string> {
  views: readonly ShortcutView<Id>[];
  onShowView(id: Id): void;
}

export function KeyboardShortcuts<Id extends string>({
  views,
  onShowView,
}: KeyboardShortcutsProps<Id>) {
  const [open, setOpen] = useState(false);
  const latest = useRef({ views, onShowView });
  useEffect(() => {
    latest.current = { views, onShowView };
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const index = viewIndexForKey(event);
      const view = index === null ? undefined : latest.current.views[index];
      if (view) {
        event.preventDefault();
        latest.current.onShowView(view.id);
        return;
      }
      if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyT') {
        event.preventDefault();
        const { themePreference, setThemePreference } = useAppStore.getState();
        setThemePreference(nextThemePreference(themePreference));
        return;
      }
      if (event.key === '?' && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target)) {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="?"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        className="rounded border border-slate-300 px-2 py-1 text-sm text-slate-700 hover:bg-slate-100"
      >
        ?
      </button>
      {open && <ShortcutsDialog views={views} onClose={() => setOpen(false)} />}
    </>
  );
}

function ShortcutsDialog({
  views,
  onClose,
}: {
  views: readonly { label: string }[];
  onClose(): void;
}) {
  return (
    <ModalDialog title="Keyboard shortcuts" widthClass="w-[min(36rem,92vw)]" onClose={onClose}>
      {/* Focusable so the list can be scrolled from the keyboard once it outgrows the dialog. */}
      <div
        tabIndex={0}
        role="region"
        aria-label="Shortcut list"
        className="max-h-[70vh] space-y-4 overflow-auto px-4 py-3 focus:outline-2 focus:outline-teal-500"
      >
        {shortcutGroups(views).map((group) => (
          <section key={group.title}>
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
              {group.title}
            </h3>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.keys} className="contents">
                  <dt>
                    <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">
                      {shortcut.keys}
                    </kbd>
                  </dt>
                  <dd className="text-slate-700">{shortcut.action}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </ModalDialog>
  );
}
