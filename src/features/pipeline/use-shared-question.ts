/**
 * A share link's `q=` fills the question box once, on the first load. It is never asked by
 * itself: the person reads it, picks a model, and presses Ask.
 */
import { useEffect } from 'react';
import { readShareLink } from '../../core/share-link';
import { useAppStore } from '../../state/store';

let applied = false; // once per page: StrictMode mounts twice in development

export function useSharedQuestion(): void {
  const setQuestionDraft = useAppStore((s) => s.setQuestionDraft);
  const showView = useAppStore((s) => s.showView);
  useEffect(() => {
    if (applied) return;
    applied = true;
    const { question } = readShareLink(window.location.search);
    if (!question) return;
    setQuestionDraft(question);
    showView('ask');
  }, [setQuestionDraft, showView]);
}
