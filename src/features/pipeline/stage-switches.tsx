/** The ablation switches and the prompt style; they apply to the next run and are remembered. */
import { useAppStore } from '../../state/store';
import type { StageSwitch } from '../../state/run-slice';

const SWITCHES: { name: StageSwitch; label: string }[] = [
  { name: 'schemaLinking', label: 'Schema linking' },
  { name: 'noiseCorrection', label: 'Noise correction' },
  { name: 'continuationWriting', label: 'Continuation writing' },
];

export function StageSwitches() {
  const settings = useAppStore((s) => s.pipelineSettings);
  const setStageSwitch = useAppStore((s) => s.setStageSwitch);
  const setPromptStyle = useAppStore((s) => s.setPromptStyle);
  const running = useAppStore((s) => s.run?.status === 'running');
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-700">
      <span className="text-xs font-medium text-slate-500">Stages</span>
      {SWITCHES.map(({ name, label }) => (
        <label key={name} className="inline-flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={settings[name]}
            disabled={running}
            onChange={(event) => setStageSwitch(name, event.target.checked)}
            className="accent-teal-700"
          />
          {label}
        </label>
      ))}
      <label className="ml-auto inline-flex items-center gap-1.5">
        <span className="text-xs font-medium text-slate-500">Prompt style</span>
        <select
          value={settings.promptStyle}
          disabled={running}
          onChange={(event) =>
            setPromptStyle(event.target.value === 'zero_shot' ? 'zero_shot' : 'few_shot')
          }
          className="rounded border border-slate-300 bg-white px-2 py-0.5 text-sm"
        >
          <option value="few_shot">Few-shot (base models)</option>
          <option value="zero_shot">Zero-shot (fine-tuned models)</option>
        </select>
      </label>
    </div>
  );
}
