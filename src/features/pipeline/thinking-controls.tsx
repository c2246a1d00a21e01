/**
 * The Thinking switch for the next runs (the model's default, on, off) and the tokens a thinking
 * model may think on top of the answer room. The switch reaches the model where its server
 * takes one: Qwen3's `enable_thinking` (vLLM, llama.cpp, web-llm), Ollama's `think`, else
 * `/think` or `/no_think` in the prompt.
 */
import { useState } from 'react';
import { useAppStore } from '../../state/store';
import {
  DEFAULT_THINKING_ALLOWANCE,
  THINKING_ALLOWANCE_RANGE,
  THINKING_MODE_LABELS,
  THINKING_MODES,
  validThinkingAllowance,
  type ThinkingMode,
} from '../../core/llm/thinking';

export function ThinkingControls() {
  const mode = useAppStore((s) => s.pipelineSettings.thinking ?? 'server_default');
  const allowance = useAppStore(
    (s) => s.pipelineSettings.thinkingAllowance ?? DEFAULT_THINKING_ALLOWANCE,
  );
  const setThinking = useAppStore((s) => s.setThinking);
  const running = useAppStore((s) => s.run?.status === 'running');
  const thinks = useAppStore((s) => s.engine?.thinking);
  // Only this control sets the allowance, so the draft starts from it and follows the typing.
  const [draft, setDraft] = useState(String(allowance));
  const invalid = validThinkingAllowance(Number(draft)) === null;
  return (
    <div className="inline-flex flex-wrap items-center gap-x-3 gap-y-1">
      <label
        className="inline-flex items-center gap-1.5"
        title={
          thinks ? thinks.detail : 'Whether a thinking model (Qwen3, R1) reasons before it answers'
        }
      >
        <span>Thinking</span>
        <select
          aria-label="Thinking"
          value={mode}
          disabled={running}
          onChange={(event) => setThinking({ thinking: event.target.value as ThinkingMode })}
          className="rounded border border-slate-300 bg-white px-2 py-0.5 text-sm"
        >
          {THINKING_MODES.map((m) => (
            <option key={m} value={m}>
              {THINKING_MODE_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
      <label
        className="inline-flex items-center gap-1.5"
        title="Tokens a thinking model may think, added to the answer limit and fitted to the window; a model that does not think gets none"
      >
        <span>allowance</span>
        <input
          type="number"
          aria-label="Thinking allowance (tokens)"
          aria-invalid={invalid}
          min={THINKING_ALLOWANCE_RANGE.min}
          max={THINKING_ALLOWANCE_RANGE.max}
          step={256}
          value={draft}
          disabled={running || mode === 'off'}
          onChange={(event) => {
            setDraft(event.target.value);
            const tokens = validThinkingAllowance(Number(event.target.value));
            if (tokens !== null) setThinking({ thinkingAllowance: tokens });
          }}
          className={`w-20 rounded border bg-white px-2 py-0.5 text-sm ${invalid ? 'border-rose-500' : 'border-slate-300'}`}
        />
        <span className="text-xs text-slate-500">tokens</span>
      </label>
    </div>
  );
}
