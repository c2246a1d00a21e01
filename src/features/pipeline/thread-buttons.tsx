/**
 * Follow-up and New question, and what the question box is writing: the first question of a
 * new thread, or the next turn of the shown run's thread (with the earlier turns as context).
 */
import { followUpUnavailable, threadOf } from '../../core/thread/thread';
import { useAppStore } from '../../state/store';
import { MarkCorrectButton } from './mark-correct';

export interface TurnBeingWritten {
  label: string;
  description: string;
  placeholder: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function useTurnBeingWritten(): TurnBeingWritten {
  const mode = useAppStore((s) => (s.run === null ? 'new' : s.nextTurn));
  // The turn index of the run shown: the box writes the one after it, or it again.
  const shownTurn = useAppStore((s) => (s.run ? threadOf(s.run).turn : 0));
  if (mode === 'again') {
    return {
      label: 'Question',
      description: `Turn ${shownTurn + 1} of its thread, asked again with ${plural(shownTurn, 'earlier turn')} as context`,
      placeholder: 'Which five artists have the most albums?',
    };
  }
  if (mode === 'new') {
    return {
      label: 'Question',
      description: 'Starts a new thread',
      placeholder: 'Which five artists have the most albums?',
    };
  }
  const earlier = shownTurn + 1;
  return {
    label: 'Follow-up question',
    description: `Turn ${earlier + 1} of this thread: asked with ${plural(earlier, 'earlier turn')} as context`,
    placeholder: 'Ask a follow-up, e.g. “only for 2010” or “and their emails?”',
  };
}

const BUTTON =
  'rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-400 aria-pressed:border-teal-600 aria-pressed:bg-teal-50 aria-pressed:text-teal-800';

export function ThreadButtons({ focusQuestion }: { focusQuestion: () => void }) {
  const unavailable = useAppStore((s) => followUpUnavailable(s.run));
  const followingUp = useAppStore((s) => s.nextTurn === 'follow_up');
  const hasRun = useAppStore((s) => s.run !== null);
  const running = useAppStore((s) => s.run?.status === 'running');
  const followUp = useAppStore((s) => s.followUp);
  const newQuestion = useAppStore((s) => s.newQuestion);
  const nothingToLeave = !hasRun && !followingUp;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={BUTTON}
        disabled={unavailable !== null}
        aria-pressed={followingUp && unavailable === null}
        aria-describedby={unavailable ? 'follow-up-reason' : undefined}
        title={
          unavailable ?? 'Ask the next question in this thread, with the earlier ones as context'
        }
        onClick={() => {
          followUp();
          focusQuestion();
        }}
      >
        Follow-up
      </button>
      <button
        type="button"
        className={BUTTON}
        disabled={running || nothingToLeave}
        title={
          running
            ? 'Wait for this run to finish (or stop it)'
            : 'Start a fresh thread (the runs so far stay in History)'
        }
        onClick={() => {
          newQuestion();
          focusQuestion();
        }}
      >
        New question
      </button>
      <MarkCorrectButton />
      {unavailable && (
        <span id="follow-up-reason" className="text-xs text-slate-500">
          {unavailable}
        </span>
      )}
    </div>
  );
}
