/**
 * History: the runs kept in IndexedDB, newest first. A finished run is saved here (compacted);
 * one can be reopened on the Ask view, exported or deleted. A failed write is shown and
 * changes nothing else.
 */
import { toErrorPayload, type ErrorPayload } from '../core/errors';
import { exportRun, type ExportedFile } from '../core/history/export-run';
import { compactForHistory, type RunRecord } from '../core/history/run-record';
import { createHistoryStore } from '../services/storage/history-store';
import type { SliceCreator } from './slice';

export type HistoryStatus =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready' }
  | { state: 'failed'; error: ErrorPayload };

export interface HistorySlice {
  history: RunRecord[];
  historyStatus: HistoryStatus;
  /** A history write that failed; the run itself is unaffected. */
  historyError: ErrorPayload | null;
  loadHistory(): Promise<void>;
  /** Puts a run (compacted) at the top of History and saves it, replacing an earlier save. */
  saveRunToHistory(run: RunRecord): Promise<void>;
  openHistoryRun(id: string): void;
  deleteHistoryRun(id: string): Promise<void>;
  exportHistoryRun(id: string, format: 'json' | 'markdown'): ExportedFile | null;
}

export const createHistorySlice: SliceCreator<HistorySlice> = (set, get) => {
  const historyStore = createHistoryStore();

  return {
    history: [],
    historyStatus: { state: 'idle' },
    historyError: null,

    loadHistory: async () => {
      set({ historyStatus: { state: 'loading' } });
      try {
        const history = await historyStore.list();
        set({ history, historyStatus: { state: 'ready' } });
      } catch (error) {
        set({ historyStatus: { state: 'failed', error: toErrorPayload(error) } });
      }
    },

    saveRunToHistory: async (run) => {
      const kept = compactForHistory(run);
      set((s) => ({ history: [kept, ...s.history.filter((r) => r.id !== kept.id)] }));
      try {
        await historyStore.save(kept);
        set({ historyError: null });
      } catch (error) {
        set({ historyError: toErrorPayload(error) });
      }
    },

    openHistoryRun: (id) => {
      const run = get().history.find((r) => r.id === id);
      if (run) get().openRun(run);
    },

    deleteHistoryRun: async (id) => {
      set((s) => ({
        history: s.history.filter((r) => r.id !== id),
        ...(s.run?.id === id && s.runReadOnly ? { run: null, runReadOnly: false } : {}),
      }));
      try {
        await historyStore.remove(id);
      } catch (error) {
        set({ historyError: toErrorPayload(error) });
      }
    },

    exportHistoryRun: (id, format) => {
      const run =
        get().history.find((r) => r.id === id) ?? (get().run?.id === id ? get().run : null);
      return run ? exportRun(run, format) : null;
    },
  };
};
