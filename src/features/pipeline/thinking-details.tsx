/**
 * A call's thinking, apart from its answer and folded by default: the reasoning a thinking model
 * did before it answered, streamed while it arrives. Nothing in it was parsed.
 */
import type { CallRecord } from '../../core/history/run-record';

export function ThinkingDetails({ call, streaming }: { call: CallRecord; streaming: boolean }) {
  const thinking = call.thinking ?? '';
  if (!thinking) return null;
  const fmt = (n: number) => n.toLocaleString('en-US');
  // While it streams the answer is still empty: the thinking is what is arriving.
  const arriving = streaming && !call.answer;
  const size =
    call.thinkingTokens != null
      ? `${fmt(call.thinkingTokens)} tokens`
      : `${fmt(thinking.length)} characters`;
  return (
    <details
      className="group rounded border border-violet-200 bg-violet-50/50"
      data-testid="thinking"
    >
      <summary className="cursor-pointer py-1 pl-2 text-xs text-violet-800 select-none">
        Thinking · {size}
        {arriving && ' · thinking…'}
        {call.cutWhileThinking && ' · ran out while thinking'}
      </summary>
      <pre
        aria-label="Thinking"
        className="max-h-64 overflow-auto border-t border-violet-200 p-2 font-mono text-xs whitespace-pre-wrap text-slate-700"
      >
        {thinking}
      </pre>
      <p className="border-t border-violet-200 px-2 py-1 text-[11px] text-slate-500">
        The model&apos;s reasoning before its answer: shown as it came, never read for SQL, tables
        or a verdict.
      </p>
    </details>
  );
}
