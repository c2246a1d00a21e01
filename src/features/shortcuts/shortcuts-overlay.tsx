/**
 * The "?" overlay, and the page-wide shortcuts it lists (views by Alt+digit, the theme by Alt+T).
 * Shortcuts inside a widget (Enter in the question, Ctrl/Cmd+Enter in an editor) live with it.
 */
import { useEffect, useRef, useState } from 'react';
import { nextThemePreference } from '../../core/theme/color-scheme';
import { useAppStore } from '../../state/store';
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
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) ref.current?.close();
      }}
      aria-labelledby="shortcuts-title"
      className="m-auto w-[min(36rem,92vw)] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="flex items-center border-b border-slate-200 px-4 py-2">
        <h2 id="shortcuts-title" className="text-sm font-semibold text-slate-800">
          Keyboard shortcuts
        </h2>
        <button
          type="button"
          onClick={() => ref.current?.close()}
          className="ml-auto rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-100"
        >
          Close
        </button>
      </div>
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
    </dialog>
  );
}
