/**
 * One zustand store made of typed slices. Each slice owns its state and the actions that
 * orchestrate services; components read it through narrow selectors.
 */
import { create } from 'zustand';
import { createDatabaseSlice, type DatabaseSlice } from './database-slice';
import { createEvalSlice, type EvalSlice } from './eval-slice';
import { createModelSlice, type ModelSlice } from './model-slice';
import { createRunSlice, type RunSlice } from './run-slice';
import { createViewSlice, type ViewSlice } from './view-slice';

export type AppState = DatabaseSlice & ModelSlice & RunSlice & ViewSlice & EvalSlice;

export const useAppStore = create<AppState>()((...args) => ({
  ...createDatabaseSlice(...args),
  ...createModelSlice(...args),
  ...createRunSlice(...args),
  ...createViewSlice(...args),
  ...createEvalSlice(...args),
}));
