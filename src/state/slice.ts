import type { StateCreator } from 'zustand';
import type { AppState } from './store';

/** A slice creator that can read and write the whole store (type-only import: no cycle). */
export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;
