/**
 * History as threads: a thread's turns together, in turn order (a turn asked again sits after
 * its first asking), threads newest first by their latest turn. Records without a thread are
 * threads of one turn.
 */
import type { RunRecord } from '../history/run-record';
import { threadOf } from './thread';

export interface ThreadGroup {
  id: string;
  /** In turn order, then by when each was asked. */
  turns: RunRecord[];
  /** When the newest of its turns was asked. */
  latestAt: number;
}

export function groupThreads(history: readonly RunRecord[]): ThreadGroup[] {
  const groups = new Map<string, ThreadGroup>();
  for (const run of history) {
    const { id } = threadOf(run);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { id, turns: [], latestAt: run.createdAt }));
    group.turns.push(run);
    group.latestAt = Math.max(group.latestAt, run.createdAt);
  }
  for (const group of groups.values()) {
    group.turns.sort((a, b) => threadOf(a).turn - threadOf(b).turn || a.createdAt - b.createdAt);
  }
  return [...groups.values()].sort((a, b) => b.latestAt - a.latestAt);
}

/** The turn a thread continues from: its last turn (the newest asking of it). */
export function latestTurn(group: ThreadGroup): RunRecord {
  return group.turns[group.turns.length - 1] as RunRecord;
}
