/**
 * The remembered examples: question, hint and SQL, each editable and deletable; an example
 * whose SQL no longer runs on the database is flagged (and left out of prompts).
 */
import { useEffect, useRef, useState } from 'react';
import type { KnowledgeExample } from '../../core/knowledge/types';
import { useAppStore } from '../../state/store';
import { INPUT, SMALL } from './styles';

const SOURCE: Record<KnowledgeExample['source'], string> = {
  run: 'marked correct',
  data_lab: 'data lab',
  file: 'knowledge file',
  benchmark: 'benchmark',
};

function ExampleItem({ example, focused }: { example: KnowledgeExample; focused: boolean }) {
  const editExample = useAppStore((s) => s.editExample);
  const deleteExample = useAppStore((s) => s.deleteExample);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(example);
  const item = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focused) item.current?.scrollIntoView({ block: 'center' });
  }, [focused]);
  return (
    <li
      ref={item}
      id={`knowledge-example-${example.id}`}
      data-testid="knowledge-example"
      className={`space-y-1 px-4 py-3 ${focused ? 'bg-teal-50' : ''}`}
    >
      {editing ? (
        <>
          <label className="block text-xs text-slate-600">
            Question
            <input
              className={INPUT}
              value={draft.question}
              onChange={(e) => setDraft({ ...draft, question: e.target.value })}
            />
          </label>
          <label className="block text-xs text-slate-600">
            Hint
            <input
              className={INPUT}
              value={draft.hint}
              onChange={(e) => setDraft({ ...draft, hint: e.target.value })}
            />
          </label>
          <label className="block text-xs text-slate-600">
            SQL
            <textarea
              className={`${INPUT} font-mono`}
              rows={3}
              value={draft.sql}
              onChange={(e) => setDraft({ ...draft, sql: e.target.value })}
            />
          </label>
          <div className="flex gap-1">
            <button
              type="button"
              className={SMALL}
              onClick={() => {
                void editExample(example.id, {
                  question: draft.question,
                  hint: draft.hint,
                  sql: draft.sql,
                });
                setEditing(false);
              }}
            >
              Save
            </button>
            <button type="button" className={SMALL} onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="text-sm font-medium text-slate-800">{example.question}</p>
          {example.hint && <p className="text-xs text-slate-600">Hint: {example.hint}</p>}
          <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs whitespace-pre-wrap text-slate-800">
            {example.sql}
          </pre>
          {example.broken && (
            <p className="text-xs text-rose-700" data-testid="example-broken">
              No longer runs on this database ({example.broken}); left out of prompts until fixed.
            </p>
          )}
          <div className="flex flex-wrap items-center gap-1 text-xs text-slate-500">
            <span>{SOURCE[example.source]}</span>
            <button
              type="button"
              className={SMALL}
              onClick={() => {
                setDraft(example);
                setEditing(true);
              }}
            >
              Edit
            </button>
            <button type="button" className={SMALL} onClick={() => void deleteExample(example.id)}>
              Delete
            </button>
          </div>
        </>
      )}
    </li>
  );
}

export function ExampleList({ examples }: { examples: readonly KnowledgeExample[] }) {
  const focused = useAppStore((s) => s.focusedExampleId);
  if (examples.length === 0)
    return (
      <p className="px-4 py-3 text-sm text-slate-500">
        No remembered answer yet. Press &ldquo;Mark as correct&rdquo; on a finished run (or in
        History), or add the Data view&apos;s accepted pairs.
      </p>
    );
  return (
    <ul className="divide-y divide-slate-100" aria-label="Remembered examples">
      {[...examples].reverse().map((example) => (
        <ExampleItem key={example.id} example={example} focused={focused === example.id} />
      ))}
    </ul>
  );
}
