/**
 * One zustand store made of typed slices. Each slice owns its state and the actions that
 * orchestrate services; components read it through narrow selectors.
 */
import { create } from 'zustand';
import { createBenchmarkSlice, type BenchmarkSlice } from './benchmark-slice';
import { createDataLabSlice, type DataLabSlice } from './data-lab-slice';
import { createDatabaseSlice, type DatabaseSlice } from './database-slice';
import { createExplainSlice, type ExplainSlice } from './explain-slice';
import { createHistorySlice, type HistorySlice } from './history-slice';
import { createImportSlice, type ImportSlice } from './import-slice';
import { createKnowledgeSlice, type KnowledgeSlice } from './knowledge-slice';
import { createEngineSlice, type EngineSlice } from './engine-slice';
import { createEvalConfigSlice, type EvalConfigSlice } from './eval-config-slice';
import { createEvalPredictionsSlice, type EvalPredictionsSlice } from './eval-predictions-slice';
import { createEvalRunSlice, type EvalRunSlice } from './eval-run-slice';
import { createEvalSession } from './eval-session';
import { createNetworkSlice, type NetworkSlice } from './network-slice';
import { createOnDeviceModelsSlice, type OnDeviceModelsSlice } from './on-device-models-slice';
import { createPipelineSettingsSlice, type PipelineSettingsSlice } from './pipeline-settings-slice';
import { createRunSlice, type RunSlice } from './run-slice';
import { createServerAccessSlice, type ServerAccessSlice } from './server-access-slice';
import { createServerConnectionSlice, type ServerConnectionSlice } from './server-connection-slice';
import { createThemeSlice, type ThemeSlice } from './theme-slice';
import { createThreadSlice, type ThreadSlice } from './thread-slice';
import { createViewSlice, type ViewSlice } from './view-slice';

export type AppState = DatabaseSlice &
  ExplainSlice &
  ImportSlice &
  EngineSlice &
  OnDeviceModelsSlice &
  ServerConnectionSlice &
  ServerAccessSlice &
  RunSlice &
  ThreadSlice &
  PipelineSettingsSlice &
  HistorySlice &
  ViewSlice &
  DataLabSlice &
  ThemeSlice &
  NetworkSlice &
  BenchmarkSlice &
  EvalConfigSlice &
  EvalRunSlice &
  EvalPredictionsSlice &
  KnowledgeSlice;

export const useAppStore = create<AppState>()((...args) => {
  // The evaluation slices share, outside the state, the benchmark's files, databases and run.
  const evalSession = createEvalSession();
  return {
    ...createDatabaseSlice(...args),
    ...createExplainSlice(...args),
    ...createImportSlice(...args),
    ...createEngineSlice(...args),
    ...createOnDeviceModelsSlice(...args),
    ...createServerConnectionSlice(...args),
    ...createServerAccessSlice(...args),
    ...createRunSlice(...args),
    ...createThreadSlice(...args),
    ...createPipelineSettingsSlice(...args),
    ...createHistorySlice(...args),
    ...createViewSlice(...args),
    ...createDataLabSlice(...args),
    ...createThemeSlice(...args),
    ...createNetworkSlice(...args),
    ...createBenchmarkSlice(evalSession)(...args),
    ...createEvalConfigSlice(evalSession)(...args),
    ...createEvalRunSlice(evalSession)(...args),
    ...createEvalPredictionsSlice(evalSession)(...args),
    ...createKnowledgeSlice(...args),
  };
});
