/**
 * The page: a header with the database and engine at a glance, the database sidebar, and the
 * main views (Ask, SQL, Model, History, Evaluate, Data). Features are composed here and know nothing of each
 * other; they talk through the store.
 */
import { DataLabPanel } from '../features/data-lab';
import { DatabasePanel, DropZone, useDatabaseBootstrap } from '../features/database';
import { DiagramPanel } from '../features/diagram';
import { SqlEditorPanel } from '../features/editor';
import { EvaluationPanel } from '../features/evaluation';
import { HistoryPanel } from '../features/history';
import { KnowledgePanel } from '../features/knowledge';
import {
  EngineStatusChip,
  ModelPanel,
  ServerProposalBanner,
  useEngineBootstrap,
} from '../features/model';
import { NetworkMeter, OfflineStatus, useNetworkBootstrap } from '../features/network';
import { PipelinePanel, useSharedQuestion } from '../features/pipeline';
import { QueryResultsPanel } from '../features/results';
import { KeyboardShortcuts } from '../features/shortcuts';
import { ThemeToggle, useThemeSync } from '../features/theme';
import { useAppStore } from '../state/store';
import type { MainView } from '../state/view-slice';
import { panelId, tabId, ViewTabs } from '../ui/view-tabs';

const VIEWS: { id: MainView; label: string }[] = [
  { id: 'ask', label: 'Ask' },
  { id: 'sql', label: 'SQL' },
  { id: 'diagram', label: 'Diagram' },
  { id: 'model', label: 'Model' },
  { id: 'history', label: 'History' },
  { id: 'knowledge', label: 'Knowledge' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'data', label: 'Data' },
];

export function App() {
  useDatabaseBootstrap();
  useEngineBootstrap();
  useSharedQuestion();
  const activeView = useAppStore((s) => s.activeView);
  const showView = useAppStore((s) => s.showView);
  useThemeSync();
  useNetworkBootstrap();
  // Each view is a tab panel, named by its tab, hidden (not unmounted) when another is shown.
  const panelProps = (id: MainView) => ({
    id: panelId(id),
    role: 'tabpanel',
    'aria-labelledby': tabId(id),
    hidden: activeView !== id,
  });

  return (
    <DropZone>
      <div className="flex h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-1 focus:text-sm focus:shadow"
        >
          Skip to the main view
        </a>
        {/* One row on wide screens (1,536 px); below, the view tabs take a row of their own. */}
        <header className="flex flex-wrap items-center gap-x-3 gap-y-1.5 border-b border-slate-200 bg-white px-4 py-2">
          <h1 className="text-lg font-semibold whitespace-nowrap text-teal-800">
            Text-to-SQL<span className="hidden 2xl:inline"> Playground</span>
          </h1>
          <nav aria-label="Views" className="order-last basis-full 2xl:order-none 2xl:basis-auto">
            <ViewTabs views={VIEWS} active={activeView} onSelect={showView} />
          </nav>
          <div className="ml-auto flex min-w-0 items-center gap-2">
            <OfflineStatus />
            <EngineStatusChip onOpen={() => showView('model')} />
            <NetworkMeter />
            <ThemeToggle />
            <KeyboardShortcuts views={VIEWS} onShowView={showView} />
          </div>
        </header>
        <ServerProposalBanner />
        <div className="flex min-h-0 flex-1">
          <aside className="w-64 shrink-0 overflow-hidden border-r border-slate-200 bg-white lg:w-80">
            <DatabasePanel />
          </aside>
          <main id="main" className="min-w-0 flex-1 overflow-auto">
            {/* Views stay mounted (hidden) so that editors and streams keep their state. */}
            <section {...panelProps('ask')} className="h-full">
              <PipelinePanel />
            </section>
            <section {...panelProps('sql')} className="flex h-full flex-col">
              <SqlEditorPanel />
              <QueryResultsPanel />
            </section>
            <section {...panelProps('diagram')} className="h-full">
              <DiagramPanel />
            </section>
            <section {...panelProps('model')} className="h-full">
              <ModelPanel />
            </section>
            <section {...panelProps('history')} className="h-full">
              <HistoryPanel />
            </section>
            <section {...panelProps('knowledge')} className="h-full">
              <KnowledgePanel />
            </section>
            <section {...panelProps('evaluate')} className="h-full">
              <EvaluationPanel />
            </section>
            <section {...panelProps('data')} className="h-full">
              <DataLabPanel />
            </section>
          </main>
        </div>
      </div>
    </DropZone>
  );
}
