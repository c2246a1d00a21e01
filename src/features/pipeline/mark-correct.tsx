/**
 * "Mark as correct" on a finished run: its question, final SQL (as edited) and hint become a
 * remembered example of the open database, which similar questions then get in their prompts.
 */
import { answerOf } from '../../state/knowledge-slice';
import { useAppStore } from '../../state/store';

const BUTTON =
  'rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-400';

export function MarkCorrectButton() {
  const run = useAppStore((s) => s.run);
  const remembered = useAppStore(
    (s) => s.run !== null && (s.knowledge?.examples.some((e) => e.runId === s.run?.id) ?? false),
  );
  const markRunCorrect = useAppStore((s) => s.markRunCorrect);
  const showView = useAppStore((s) => s.showView);
  if (!run || run.status === 'running' || !answerOf(run)) return null;
  if (remembered)
    return (
      <button type="button" className={BUTTON} onClick={() => showView('knowledge')}>
        Remembered ✓
      </button>
    );
  return (
    <button
      type="button"
      className={BUTTON}
      title="Remember this question and its final SQL: similar questions get it as a worked example"
      onClick={() => void markRunCorrect(run)}
    >
      Mark as correct
    </button>
  );
}
