/**
 * Narrow subscriptions for the stage cards: each card reads only its own stage object, which
 * the run slice replaces only for that stage's events, so a token re-renders one card.
 */
import type { StageRecord } from '../../core/history/run-record';
import type { StageId } from '../../core/pipeline/events';
import { useAppStore } from '../../state/store';

export function useStage(id: StageId): StageRecord | null {
  return useAppStore((s) => s.run?.stages[id] ?? null);
}

/** Whether the person may edit stage outputs now: a finished live run, not a reopened one. */
export function useCanEdit(): boolean {
  return useAppStore((s) => s.run !== null && !s.runReadOnly && s.run.status !== 'running');
}
