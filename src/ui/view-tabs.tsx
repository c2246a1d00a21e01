/**
 * The page's view switcher as an ARIA tab list: one tab in the Tab order (the selected one),
 * arrow keys, Home and End move between tabs and show the view at once.
 */
import { useRef, type KeyboardEvent } from 'react';

export interface ViewTab<Id extends string> {
  id: Id;
  label: string;
}

export const tabId = (id: string) => `view-tab-${id}`;
export const panelId = (id: string) => `view-panel-${id}`;

export interface ViewTabsProps<Id extends string> {
  views: readonly ViewTab<Id>[];
  active: Id;
  onSelect(id: Id): void;
}

export function ViewTabs<Id extends string>({ views, active, onSelect }: ViewTabsProps<Id>) {
  const listRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = views.findIndex((view) => view.id === active);
    const last = views.length - 1;
    const target = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    }[event.key];
    const view = target === undefined ? undefined : views[target];
    if (!view) return;
    event.preventDefault();
    onSelect(view.id);
    listRef.current?.querySelector<HTMLElement>(`#${tabId(view.id)}`)?.focus();
  };

  return (
    <div
      ref={listRef}
      className="flex gap-1 overflow-x-auto"
      role="tablist"
      aria-label="Views"
      onKeyDown={onKeyDown}
    >
      {views.map((view, index) => {
        const selected = view.id === active;
        return (
          <button
            key={view.id}
            id={tabId(view.id)}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={panelId(view.id)}
            aria-keyshortcuts={index < 9 ? `Alt+${index + 1}` : undefined}
            tabIndex={selected ? 0 : -1}
            onClick={() => onSelect(view.id)}
            className={
              'rounded px-3 py-1 text-sm ' +
              (selected ? 'bg-teal-700 text-white' : 'text-slate-700 hover:bg-slate-100')
            }
          >
            {view.label}
          </button>
        );
      })}
    </div>
  );
}
