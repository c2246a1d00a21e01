/**
 * The frame every stage card shares: title and state, time and tokens, each model call's
 * prompt (folded) and streamed answer, the verdict, and the stage's error. The stage-specific
 * output (checklist, SQL editors, result grid) comes in as children.
 */
import { memo, useId, useState, type ReactNode } from 'react';
import { STAGE_TITLES } from '../../core/pipeline/stages';
import type { CallRecord, StageRecord, StageStatus } from '../../core/history/run-record';
import { stageTokens, stageTokensPerSecond } from '../../core/history/run-record';
import type { ChatMessage } from '../../core/llm/chat';
import type { StageId } from '../../core/pipeline/events';
import { useAppStore } from '../../state/store';
import { ErrorNotice } from '../../ui/error-notice';
import { formatRate, formatSeconds } from './format';
import { cutLabel } from '../../core/pipeline/cut-answers';
import { describeRetries } from '../../core/llm/retry';
import { useElapsed } from './use-elapsed';
import { KnowledgeLine } from './knowledge-line';
import { ThinkingDetails } from './thinking-details';

const BADGE: Record<StageStatus, string> = {
  idle: 'bg-slate-100 text-slate-500',
  running: 'bg-teal-100 text-teal-800',
  done: 'bg-emerald-50 text-emerald-700',
  failed: 'bg-rose-50 text-rose-700',
  skipped: 'bg-slate-100 text-slate-600',
  stale: 'bg-amber-50 text-amber-700',
  stopped: 'bg-slate-200 text-slate-700',
};

const BADGE_TEXT: Record<StageStatus, string> = {
  idle: 'waiting',
  running: 'running',
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
  stale: 'stale',
  stopped: 'stopped',
};

const CALL_LABEL: Record<CallRecord['call'], string> = {
  schema_links: 'Schema links',
  pseudo_sql: 'Pseudo-SQL',
  sql: 'Answer',
  samples: 'Samples',
};

/** Memoised on the messages: a streaming answer re-renders its card, not its long prompt. */
const PromptDetails = memo(function PromptDetails({ messages }: { messages: ChatMessage[] }) {
  const [copied, setCopied] = useState(false);
  const text = messages.map((m) => `### ${m.role}\n${m.content}`).join('\n\n');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard refused (no permission, insecure origin): the text stays selectable below.
    }
  };
  return (
    // Copy sits beside the summary, not inside it: a button within a summary is a control
    // nested in a control (axe: nested-interactive).
    <div className="relative">
      <details className="group rounded border border-slate-200 bg-slate-50">
        <summary className="flex cursor-pointer items-center gap-2 py-1 pr-16 pl-2 text-xs text-slate-600 select-none">
          <span>
            Prompt · {messages.length} messages ·{' '}
            {messages.reduce((n, m) => n + m.content.length, 0).toLocaleString()} characters
          </span>
        </summary>
        <div className="max-h-80 space-y-2 overflow-auto border-t border-slate-200 p-2">
          {messages.map((message, index) => (
            <div key={index}>
              <div className="text-[11px] font-medium tracking-wide text-slate-500 uppercase">
                {message.role}
              </div>
              <pre className="font-mono text-xs whitespace-pre-wrap text-slate-800">
                {message.content}
              </pre>
            </div>
          ))}
        </div>
      </details>
      <button
        type="button"
        onClick={() => void copy()}
        className="absolute top-0.5 right-1 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100"
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
});

/**
 * The prompt's tokens as counted before sending beside the engine's own count, the window they
 * were fitted to, and what fitting did.
 */
function PromptBudgetLine({ call }: { call: CallRecord }) {
  const budget = call.budget;
  if (!budget) return null;
  const fmt = (n: number) => n.toLocaleString('en-US');
  const reported = call.usage?.promptTokens;
  return (
    <div className="space-y-0.5 text-xs text-slate-500" data-testid="prompt-budget">
      <p>
        <span title={`counted with ${budget.countedBy}, chat template included`}>
          prompt {fmt(budget.promptTokens)} tokens counted
        </span>
        {budget.engineCount && (
          <span>
            {' '}
            · {fmt(budget.engineCount.tokens)} by {budget.engineCount.by}
          </span>
        )}
        {reported != null && <span> · {fmt(reported)} by the engine</span>}
        {budget.window !== null && (
          <span>
            {' '}
            · fits {fmt(budget.window)} with{' '}
            {budget.thinkingAllowance
              ? `${fmt(budget.answerTokens - budget.thinkingAllowance)} for the answer + ${fmt(budget.thinkingAllowance)} for thinking`
              : `${fmt(budget.answerTokens)} for the answer`}
          </span>
        )}
      </p>
      {budget.notes.map((note) => (
        <p key={note} className="text-amber-700" data-testid="fit-note">
          {note}
        </p>
      ))}
    </div>
  );
}

function CallView({ call, streaming }: { call: CallRecord; streaming: boolean }) {
  // "retried twice: 429, 503, waited 1.5 s": the server's hiccups, not the model's doing.
  const retried = describeRetries(call.retries);
  return (
    <div className="space-y-1">
      <div className="flex items-baseline gap-2 text-xs text-slate-500">
        <span className="font-medium text-slate-700">{CALL_LABEL[call.call]}</span>
        {call.usage?.completionTokens != null && <span>{call.usage.completionTokens} tokens</span>}
        {call.finishReason === 'length' && (
          <span className="font-medium text-amber-700" data-cut={call.cut ?? 'answer_limit'}>
            {call.cutWhileThinking
              ? 'ran out while thinking'
              : cutLabel(call.cut ?? 'answer_limit')}
          </span>
        )}
        {retried && (
          <span className="text-amber-700" data-testid="call-retries">
            {retried}
          </span>
        )}
      </div>
      <PromptBudgetLine call={call} />
      <KnowledgeLine call={call} />
      <PromptDetails messages={call.messages} />
      <ThinkingDetails call={call} streaming={streaming} />
      <pre
        aria-label={call.call === 'sql' ? 'Answer' : `${CALL_LABEL[call.call]} answer`}
        className="max-h-64 overflow-auto rounded border border-slate-200 bg-white p-2 font-mono text-xs whitespace-pre-wrap text-slate-800"
      >
        {call.answer}
        {streaming && (
          <span className="ml-0.5 inline-block h-3 w-1.5 animate-pulse bg-teal-600 align-middle" />
        )}
        {!call.answer && !streaming && (
          <span className="text-slate-500">
            {call.cutWhileThinking
              ? '(no answer: the model ran out while thinking)'
              : '(no answer)'}
          </span>
        )}
      </pre>
    </div>
  );
}

function Verdict({ stage }: { stage: StageRecord }) {
  const verdict = stage.verdict;
  if (!verdict) return null;
  // Adoption by noise correction or continuation writing is news; elsewhere it only says
  // where the current SQL came from, which may well be a failing one.
  const news = stage.id === 'noise_correction' || stage.id === 'continuation_writing';
  if (verdict.kind === 'adopted') {
    return (
      <p
        className={`rounded px-2 py-1 text-sm ${news ? 'bg-emerald-50 text-emerald-800' : 'bg-slate-50 text-slate-700'}`}
        data-verdict="adopted"
      >
        {verdict.reason}
      </p>
    );
  }
  const text =
    verdict.kind === 'skipped' && !verdict.reason.toLowerCase().startsWith('skipped')
      ? `skipped: ${verdict.reason}`
      : verdict.reason;
  return (
    <p
      className="rounded bg-slate-100 px-2 py-1 text-sm text-slate-700"
      data-verdict={verdict.kind}
    >
      {text}
    </p>
  );
}

export function StageError({ stage }: { stage: StageRecord }) {
  if (!stage.error || stage.error.code === 'aborted') return null;
  return <ErrorNotice error={stage.error} />;
}

export interface StageCardProps {
  id: StageId;
  stage: StageRecord | null;
  /** Shown when the stage has not run yet, e.g. "switched off for this run". */
  idleNote?: string;
  onRerun?: () => void;
  children?: ReactNode;
}

export function StageCard({ id, stage, idleNote, onRerun, children }: StageCardProps) {
  const headingId = useId();
  const status: StageStatus = stage?.status ?? 'idle';
  const running = status === 'running';
  const elapsed = useElapsed(stage?.startedAt ?? null, running, stage?.elapsedMs ?? null);
  const tokens = stage ? stageTokens(stage) : { prompt: null, completion: null };
  const rate = stage ? stageTokensPerSecond(stage) : null;
  const lastCall = stage?.calls[stage.calls.length - 1];
  const runEnded = useAppStore((s) => s.run !== null && s.run.status !== 'running');

  return (
    <section
      aria-labelledby={headingId}
      data-stage={id}
      data-status={status}
      className={
        'rounded-lg border bg-white shadow-sm transition-colors ' +
        (running ? 'border-teal-300' : status === 'stale' ? 'border-amber-200' : 'border-slate-200')
      }
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 px-4 py-2">
        <h3 id={headingId} className="text-sm font-semibold text-slate-800">
          {STAGE_TITLES[id]}
        </h3>
        <span
          data-testid="stage-status"
          className={`rounded-full px-2 py-0.5 text-xs font-medium ${BADGE[status]}`}
        >
          {BADGE_TEXT[status]}
        </span>
        {stage?.edit && <span className="text-xs text-amber-700">edited</span>}
        <dl className="ml-auto flex gap-3 text-xs text-slate-500 tabular-nums">
          <div className="flex gap-1">
            <dt className="sr-only">Time</dt>
            <dd>{formatSeconds(elapsed)}</dd>
          </div>
          {stage && stage.calls.length > 0 && (
            <>
              <div className="flex gap-1">
                <dt className="sr-only">Tokens</dt>
                <dd title="prompt tokens → answer tokens">
                  {tokens.completion == null
                    ? '– tokens'
                    : `${tokens.prompt?.toLocaleString() ?? '?'} → ${tokens.completion.toLocaleString()} tokens`}
                </dd>
              </div>
              <div className="flex gap-1">
                <dt className="sr-only">Speed</dt>
                <dd>{formatRate(rate)}</dd>
              </div>
            </>
          )}
        </dl>
        {stage?.rerunPending && onRerun && (
          <button
            type="button"
            onClick={onRerun}
            className="rounded bg-teal-700 px-3 py-1 text-xs font-medium text-white hover:bg-teal-800"
          >
            Re-run from here
          </button>
        )}
      </header>
      <div className="space-y-3 px-4 py-3">
        {status === 'idle' && (
          <p className="text-sm text-slate-500">
            {idleNote ??
              (runEnded ? 'Not reached in this run.' : 'Waiting for the earlier stages.')}
          </p>
        )}
        {status === 'stale' && (
          <p className="text-sm text-amber-700">
            stale: an earlier stage was edited. Re-run from the edited stage to update this one.
          </p>
        )}
        <div className={status === 'stale' ? 'space-y-3 opacity-60' : 'space-y-3'}>
          {stage?.calls.map((call) => (
            <CallView
              key={call.call}
              call={call}
              streaming={running && call === lastCall && !call.usage}
            />
          ))}
          {stage?.notes.map((note, index) => (
            <p key={index} className="text-xs text-slate-500">
              {note}
            </p>
          ))}
          {stage && <StageError stage={stage} />}
          {stage && <Verdict stage={stage} />}
          {status === 'stopped' && (
            <p className="text-sm text-slate-600">Stopped before this stage finished.</p>
          )}
          {children}
        </div>
      </div>
    </section>
  );
}
