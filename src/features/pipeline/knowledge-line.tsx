/**
 * What a call's prompt used of the database's knowledge ("2 remembered examples; descriptions
 * of 6 columns"), what fitting left out, and a link to each example used.
 */
import { knowledgeNote } from '../../core/budget/call-prompt';
import type { CallRecord } from '../../core/history/run-record';
import { useAppStore } from '../../state/store';

export function KnowledgeLine({ call }: { call: CallRecord }) {
  const showExample = useAppStore((s) => s.showExample);
  const use = call.knowledge;
  if (!use) return null;
  return (
    <div className="space-y-0.5 text-xs text-slate-600" data-testid="knowledge-used">
      <p>Knowledge: {knowledgeNote(use)}</p>
      {use.examples.length > 0 && (
        <ol className="list-decimal pl-5">
          {use.examples.map((example) => (
            <li key={example.id}>
              <a
                href={`#knowledge-example-${example.id}`}
                className="text-teal-800 underline hover:text-teal-900"
                onClick={(e) => {
                  e.preventDefault();
                  showExample(example.id);
                }}
              >
                {example.question}
              </a>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
