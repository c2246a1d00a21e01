/**
 * The question box, the optional hint, Ask and Stop, and the thread buttons (Follow-up, New
 * question). Enter asks; Shift+Enter adds a line. The box says which turn it writes.
 */
import { useRef, type FormEvent, type KeyboardEvent } from 'react';
import { useAppStore } from '../../state/store';
import { ShareButton } from './share-button';
import { ThreadButtons, useTurnBeingWritten } from './thread-buttons';

export function AskForm() {
  const question = useAppStore((s) => s.questionDraft);
  const hint = useAppStore((s) => s.hintDraft);
  const setQuestion = useAppStore((s) => s.setQuestionDraft);
  const setHint = useAppStore((s) => s.setHintDraft);
  const ask = useAppStore((s) => s.ask);
  const stop = useAppStore((s) => s.stop);
  const running = useAppStore((s) => s.run?.status === 'running');
  const askError = useAppStore((s) => s.askError);
  const showView = useAppStore((s) => s.showView);
  const warmTokenizer = useAppStore((s) => s.warmTokenizer);
  const box = useRef<HTMLTextAreaElement>(null);
  const turn = useTurnBeingWritten();

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!running) void ask();
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form onSubmit={submit} className="space-y-2">
      {/* The turn is the box's description, not part of its name. */}
      <div>
        <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
          <label htmlFor="question-box" className="text-sm font-medium text-slate-700">
            {turn.label}
          </label>
          <span id="question-turn" className="text-xs text-slate-500" data-testid="question-turn">
            {turn.description}
          </span>
        </div>
        <textarea
          id="question-box"
          ref={box}
          value={question}
          onChange={(event) => setQuestion(event.target.value)}
          onFocus={warmTokenizer}
          onKeyDown={onKey}
          rows={2}
          aria-describedby="question-turn"
          placeholder={turn.placeholder}
          className="w-full resize-y rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-teal-600 focus:ring-1 focus:ring-teal-600 focus:outline-none"
        />
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <label className="min-w-64 flex-1">
          <span className="mb-1 block text-xs font-medium text-slate-600">Hint</span>
          <input
            type="text"
            value={hint}
            onChange={(event) => setHint(event.target.value)}
            placeholder="Optional, e.g. “long tracks are longer than 5 minutes”"
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm focus:border-teal-600 focus:ring-1 focus:ring-teal-600 focus:outline-none"
          />
        </label>
        <button
          type="submit"
          disabled={running || !question.trim()}
          className="rounded-md bg-teal-700 px-4 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-teal-800 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          Ask
        </button>
        <button
          type="button"
          onClick={stop}
          disabled={!running}
          className="rounded-md border border-slate-300 bg-white px-4 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-500"
        >
          Stop
        </button>
      </div>
      <ThreadButtons focusQuestion={() => box.current?.focus()} />
      <ShareButton />
      {askError && (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          <span>{askError.message}</span>
          {askError.nextStep && <span className="text-amber-800">{askError.nextStep}</span>}
          {askError.code === 'model_not_loaded' && (
            <button
              type="button"
              onClick={() => showView('model')}
              className="ml-auto rounded border border-amber-300 bg-white px-2 py-0.5 text-xs hover:bg-amber-100"
            >
              Open the Model view
            </button>
          )}
        </div>
      )}
    </form>
  );
}
