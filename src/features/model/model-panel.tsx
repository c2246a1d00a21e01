/**
 * The Model view: pick the engine (this device's GPU or an OpenAI-compatible server), set it
 * up, and try it.
 */
import type { EngineKind } from '../../services/llm/engine';
import { useAppStore } from '../../state/store';
import { ServerSection } from './server-section';
import { ENGINE_NAMES, statusWords } from './status-text';
import { TryItBox } from './try-it-box';
import { WebGpuSection } from './webgpu-section';

const CHOICES: { kind: EngineKind; label: string; hint: string }[] = [
  {
    kind: 'webllm',
    label: 'On this device (WebGPU)',
    hint: 'Qwen2.5 runs in this browser on your GPU; nothing leaves the computer.',
  },
  {
    kind: 'openai',
    label: 'OpenAI-compatible server',
    hint: 'A model served by Ollama, vLLM, llama.cpp or a hosted API.',
  },
];

export function ModelPanel() {
  const choice = useAppStore((s) => s.engineChoice);
  const chooseEngine = useAppStore((s) => s.chooseEngine);
  const visible = useAppStore((s) => s.activeView === 'model');

  return (
    <div className="mx-auto max-w-4xl space-y-6 p-6">
      <header className="space-y-1">
        <h2 className="text-lg font-semibold text-slate-900">Model</h2>
        <ActiveEngineLine />
      </header>
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="sr-only">Engine</legend>
        {CHOICES.map((c) => (
          <label
            key={c.kind}
            className={`flex cursor-pointer gap-3 rounded-lg border p-3 ${choice === c.kind ? 'border-teal-600 bg-teal-50 ring-1 ring-teal-600' : 'border-slate-200 hover:border-slate-300'}`}
          >
            <input
              type="radio"
              name="engine"
              className="mt-1"
              checked={choice === c.kind}
              onChange={() => chooseEngine(c.kind)}
            />
            <span>
              <span className="block text-sm font-medium text-slate-900">{c.label}</span>
              <span className="block text-xs text-slate-500">{c.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div>{choice === 'webllm' ? <WebGpuSection visible={visible} /> : <ServerSection />}</div>
      <TryItBox />
    </div>
  );
}

function ActiveEngineLine() {
  const target = useAppStore((s) => s.engineTarget);
  const status = useAppStore((s) => s.engineStatus);
  if (!target)
    return (
      <p className="text-sm text-slate-500">No model is active yet. Choose an engine below.</p>
    );
  return (
    <p className="text-sm text-slate-600" data-testid="active-engine">
      Active: <span className="font-medium text-slate-900">{ENGINE_NAMES[target.kind]}</span> ·{' '}
      <span className="font-medium text-slate-900">{target.label}</span> ·{' '}
      {statusWords(status, target.kind, true)}
    </p>
  );
}
