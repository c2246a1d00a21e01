/**
 * The page: a header with the database and engine at a glance, the database sidebar, and the
 * main views (Ask, SQL, Model, History, Data). Features are composed here and know nothing of each
 * other; they talk through the store.
 */
import { DataLabPanel } from '../features/data-lab';
import { DatabasePanel, DropZone, useDatabaseBootstrap } from '../features/database';
import { DiagramPanel } from '../features/diagram';
import { SqlEditorPanel } from '../features/editor';
import { HistoryPanel } from '../features/history';
import { EngineStatusChip, ModelPanel, useEngineBootstrap } from '../features/model';
import { PipelinePanel, useSharedQuestion } from '../features/pipeline';
import { QueryResultsPanel } from '../features/results';
import { useAppStore } from '../state/store';
import type { MainView } from '../state/view-slice';

const VIEWS: { id: MainView; label: string }[] = [
  { id: 'ask', label: 'Ask' },
  { id: 'sql', label: 'SQL' },
  { id: 'diagram', label: 'Diagram' },
  { id: 'model', label: 'Model' },
  { id: 'history', label: 'History' },
  { id: 'data', label: 'Data' },
];

export function App() {
  useDatabaseBootstrap();
  useEngineBootstrap();
  useSharedQuestion();
  const activeView = useAppStore((s) => s.activeView);
  const showView = useAppStore((s) => s.showView);

  return (
    <DropZone>
      <div className="flex h-screen flex-col">
        <header className="flex items-center gap-4 border-b border-slate-200 bg-white px-4 py-2">
          <h1 className="text-lg font-semibold text-teal-800">Text-to-SQL Playground</h1>
          <nav className="flex gap-1" role="tablist" aria-label="Views">
            {VIEWS.map((view) => (
              <button
                key={view.id}
                role="tab"
                aria-selected={activeView === view.id}
                onClick={() => showView(view.id)}
                className={
                  'rounded px-3 py-1 text-sm ' +
                  (activeView === view.id
                    ? 'bg-teal-700 text-white'
                    : 'text-slate-700 hover:bg-slate-100')
                }
              >
                {view.label}
              </button>
            ))}
          </nav>
          <div className="ml-auto">
            <EngineStatusChip onOpen={() => showView('model')} />
          </div>
        </header>
        <div className="flex min-h-0 flex-1">
          <aside className="w-80 shrink-0 overflow-hidden border-r border-slate-200 bg-white">
            <DatabasePanel />
          </aside>
          <main className="min-w-0 flex-1 overflow-auto">
            {/* Views stay mounted (hidden) so that editors and streams keep their state. */}
            <section hidden={activeView !== 'ask'} className="h-full">
              <PipelinePanel />
            </section>
            <section hidden={activeView !== 'sql'} className="flex h-full flex-col">
              <SqlEditorPanel />
              <QueryResultsPanel />
            </section>
            <section hidden={activeView !== 'diagram'} className="h-full">
              <DiagramPanel />
            </section>
            <section hidden={activeView !== 'model'} className="h-full">
              <ModelPanel />
            </section>
            <section hidden={activeView !== 'history'} className="h-full">
              <HistoryPanel />
            </section>
            <section hidden={activeView !== 'data'} className="h-full">
              <DataLabPanel />
            </section>
          </main>
        </div>
      </div>
    </DropZone>
  );
}
