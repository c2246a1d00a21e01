/**
 * Threads of follow-up questions. A run record knows its thread (id, turn index) and keeps the
 * earlier turns as they stood when it was asked, so a record alone can be shown, exported and
 * re-run with its context, even after the earlier runs were deleted from History.
 *
 * A turn's context is its question and its final (adopted) SQL. A turn that failed, was
 * stopped or adopted no SQL stays in the thread and still gives its question, without SQL.
 */
import type { EarlierTurn } from './earlier-turn';
import type { RunRecord, ThreadLink, ThreadTurn } from '../history/run-record';

/** A record's thread; one saved before threads existed is a thread of one turn, its own. */
export function threadOf(run: RunRecord): { id: string; turn: number } {
  return run.thread ? { id: run.thread.id, turn: run.thread.turn } : { id: run.id, turn: 0 };
}

/** The earlier turns a record was asked after, oldest first (none for a first question). */
export function earlierTurns(run: RunRecord): ThreadTurn[] {
  return run.thread?.earlier ?? [];
}

/** A finished run as a later turn keeps it. */
export function turnOf(run: RunRecord): ThreadTurn {
  return {
    runId: run.id,
    question: run.question,
    sql: run.finalSql,
    rowCount: run.resultSummary?.rowCount ?? null,
    status: run.status,
  };
}

export function firstTurn(threadId: string): ThreadLink {
  return { id: threadId, turn: 0, earlier: [] };
}

/**
 * The link of a follow-up to `previous`: its thread, the next turn, and every turn up to and
 * including `previous` as context. `threadId` gives the follow-up a thread of its own (a branch
 * from a turn that already has a later one), keeping the same earlier turns.
 */
export function followUpLink(previous: RunRecord, threadId?: string): ThreadLink {
  const earlier = [...earlierTurns(previous), turnOf(previous)];
  return { id: threadId ?? threadOf(previous).id, turn: earlier.length, earlier };
}

/** Whether some other record is a later turn of the same thread (a follow-up would branch). */
export function hasLaterTurn(run: RunRecord, history: readonly RunRecord[]): boolean {
  const { id, turn } = threadOf(run);
  return history.some((other) => {
    if (other.id === run.id) return false;
    const link = threadOf(other);
    return link.id === id && link.turn > turn;
  });
}

/** What the prompts get: each earlier turn's question and final SQL. */
export function promptContext(link: ThreadLink | undefined): EarlierTurn[] {
  return (link?.earlier ?? []).map((turn) => ({ question: turn.question, sql: turn.sql }));
}

/** Why Follow-up cannot be pressed now, or null when it can. */
export function followUpUnavailable(run: RunRecord | null): string | null {
  if (!run) return 'A follow-up builds on an answered question: ask one first.';
  if (run.status === 'running') return 'Wait for this run to finish (or stop it) to follow up.';
  return null;
}

/** The most earlier turns any prompt of the run left out to fit the window, and that window. */
export function turnsLeftOut(run: RunRecord): { turns: number; window: number | null } {
  let turns = 0;
  let window: number | null = null;
  for (const stage of Object.values(run.stages)) {
    for (const call of stage.calls) {
      const left = call.budget?.turnsLeftOut ?? 0;
      if (left > turns) {
        turns = left;
        window = call.budget?.window ?? null;
      }
    }
  }
  return { turns, window };
}
