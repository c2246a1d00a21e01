/**
 * A quick check that the active engine answers: one prompt, the streamed reply, speed figures,
 * and Stop. It talks to the real engine; the tokens live in this component's state so that
 * streaming re-renders only this box.
 */
import { useRef, useState } from 'react';
import { toErrorPayload, type ErrorPayload } from '../../core/errors';
import type { ChatUsage, RetryNote } from '../../core/llm/chat';
import { describeRetries, retryNoteOf } from '../../core/llm/retry';
import { useAppStore } from '../../state/store';
import { ErrorNotice } from '../../ui/error-notice';

const DEFAULT_PROMPT =
  'Write one SQLite query that lists the five longest tracks from a table track(name, milliseconds).';

function rate(value: number | null): string | null {
  return value === null || !Number.isFinite(value)
    ? null
    : value >= 100
      ? value.toFixed(0)
      : value.toFixed(1);
}

function usageLine(usage: ChatUsage, chars: number): string {
  const parts: string[] = [];
  if (usage.completionTokens !== null) parts.push(`${usage.completionTokens} tokens`);
  else parts.push(`${chars} characters`);
  const decode = rate(usage.decodeTokensPerSecond);
  const prefill = rate(usage.prefillTokensPerSecond);
  if (decode) parts.push(`${decode} tokens/s`);
  if (prefill) parts.push(`prefill ${prefill} tokens/s`);
  return parts.join(' · ');
}

export function TryItBox() {
  const ready = useAppStore((s) => s.engine !== null && s.engineStatus.state === 'ready');
  const busyElsewhere = useAppStore((s) => s.engineStatus.state === 'generating');
  const setGenerating = useAppStore((s) => s.setGenerating);
  const [prompt, setPrompt] = useState(DEFAULT_PROMPT);
  const [output, setOutput] = useState('');
  const [running, setRunning] = useState(false);
  const [stats, setStats] = useState<string | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const controller = useRef<AbortController | null>(null);

  const send = async () => {
    const engine = useAppStore.getState().engine;
    if (!engine || !prompt.trim()) return;
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    setOutput('');
    setStats(null);
    setError(null);
    setGenerating(true);
    let text = '';
    const retries: RetryNote[] = [];
    try {
      for await (const event of engine.streamChat(
        { messages: [{ role: 'user', content: prompt }], temperature: 0, maxTokens: 256 },
        abort.signal,
      )) {
        // The check shows everything the model sent, its thinking included.
        if (event.type === 'token' || event.type === 'thinking') {
          text += event.text;
          setOutput(text);
        } else if (event.type === 'retry') {
          // The try broke off for a passing reason (a 503, a cut stream): it starts again.
          retries.push(retryNoteOf(event));
          text = '';
          setOutput('');
          setStats(describeRetries(retries));
        } else {
          const retried = describeRetries(retries);
          setStats(usageLine(event.usage, text.length) + (retried ? ` · ${retried}` : ''));
        }
      }
    } catch (caught) {
      // The partial answer stays on screen next to the message.
      const payload = toErrorPayload(caught);
      if (payload.code !== 'aborted') setError(payload);
      else setStats(`Stopped after ${text.length} characters`);
    } finally {
      setGenerating(false);
      setRunning(false);
      controller.current = null;
    }
  };

  return (
    <section
      aria-labelledby="try-it-heading"
      className="space-y-2 rounded-lg border border-slate-200 p-4"
    >
      <h3 id="try-it-heading" className="text-sm font-semibold text-slate-900">
        Try it
      </h3>
      <p className="text-xs text-slate-500">
        Send one prompt to the active model to check that it answers, and how fast.
      </p>
      <form
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <input
          aria-label="Prompt"
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-teal-600 focus:outline-none"
        />
        {running ? (
          // Its own key: reusing Send's DOM node would let this click's default action submit
          // the form again once the stream has stopped and the button turned back into Send.
          <button
            key="stop"
            type="button"
            onClick={(event) => {
              event.preventDefault();
              controller.current?.abort();
            }}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:border-red-400 hover:text-red-700"
          >
            Stop
          </button>
        ) : (
          <button
            key="send"
            type="submit"
            disabled={!ready || busyElsewhere || !prompt.trim()}
            title={ready ? undefined : 'Load a model or connect to a server first'}
            className="rounded-md bg-teal-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-teal-800 disabled:cursor-not-allowed disabled:opacity-50"
          >
            Send
          </button>
        )}
      </form>
      {!ready && !running && (
        <p className="text-xs text-slate-500">Load a model or connect to a server to try it.</p>
      )}
      {(output || running) && (
        <pre
          aria-label="Model answer"
          aria-live="polite"
          data-testid="try-it-output"
          className="max-h-64 overflow-auto whitespace-pre-wrap rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"
        >
          {output}
          {running && <span className="animate-pulse">▍</span>}
        </pre>
      )}
      {stats && (
        <p className="text-xs tabular-nums text-slate-500" data-testid="try-it-stats">
          {stats}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
