/**
 * Threads of follow-up questions: what the question box writes next (a new thread, the shown
 * run's next turn, or the shown turn asked again), the thread a new question joins, and a
 * thread's export. The run slice asks `threadForAsk` when a question is asked.
 */
import { AppError } from '../core/errors';
import type { ExportedFile } from '../core/history/export-run';
import type { ThreadLink } from '../core/history/run-record';
import { exportThread } from '../core/thread/export-thread';
import { groupThreads } from '../core/thread/group-threads';
import { firstTurn, followUpLink, followUpUnavailable, hasLaterTurn } from '../core/thread/thread';
import type { SliceCreator } from './slice';
import type { AppState } from './store';

export interface ThreadSlice {
  /**
   * What the question box writes: the first question of a new thread, a follow-up to the run
   * shown (its thread's next turn, with the earlier turns as context), or the shown turn asked
   * again with the same earlier turns (a later turn reopened from History).
   */
  nextTurn: 'new' | 'follow_up' | 'again';
  /** Turns the question box into the next turn of the shown run's thread. */
  followUp(): void;
  /** Starts a fresh thread: the run shown is put away (it stays in History). */
  newQuestion(): void;
  exportHistoryThread(threadId: string, format: 'json' | 'markdown'): ExportedFile | null;
}

/**
 * The thread a new question joins: a fresh one; in follow-up mode, the shown run's (a branch
 * of its own when that run already has a later turn); asked again, the shown turn's own place.
 * A turn on another database than its earlier turns' is refused: their SQL would not fit.
 */
export function threadForAsk(
  state: AppState,
  runId: string,
  schemaHash: string,
): { link: ThreadLink } | { error: AppError } {
  const { nextTurn, run: previous, history } = state;
  if (nextTurn === 'new' || !previous || previous.status === 'running')
    return { link: firstTurn(runId) };
  const again = nextTurn === 'again' ? previous.thread : undefined;
  if (nextTurn === 'again' && !again) return { link: firstTurn(runId) };
  if (previous.database.schemaHash !== schemaHash) {
    return {
      error: new AppError(
        'unknown',
        `This thread's earlier questions were asked on ${previous.database.name}, not on the database open now.`,
        'Press New question to start a thread on the open database, or open that database again.',
      ),
    };
  }
  if (again) return { link: again };
  return { link: followUpLink(previous, hasLaterTurn(previous, history) ? runId : undefined) };
}

export const createThreadSlice: SliceCreator<ThreadSlice> = (set, get) => ({
  nextTurn: 'new',

  followUp: () => {
    if (followUpUnavailable(get().run) !== null) return;
    // Pressed again while writing a follow-up, it keeps what was typed.
    const fresh = get().nextTurn === 'follow_up' ? {} : { questionDraft: '', hintDraft: '' };
    set({ nextTurn: 'follow_up', askError: null, ...fresh });
  },

  newQuestion: () => {
    if (get().runInProgress()) return;
    set({
      nextTurn: 'new',
      run: null,
      runReadOnly: false,
      questionDraft: '',
      hintDraft: '',
      askError: null,
    });
  },

  exportHistoryThread: (threadId, format) => {
    const group = groupThreads(get().history).find((g) => g.id === threadId);
    return group ? exportThread(group, format) : null;
  },
});
