/** The ablation switches and the prompt style; they apply to the next run and are remembered. */
import { useAppStore } from '../../state/store';
import type { PromptStyle, StageSwitch } from '../../state/pipeline-settings-slice';
import { VOTE_SAMPLE_CHOICES } from '../../core/pipeline/defaults';
import { ThinkingControls } from './thinking-controls';

const SWITCHES: { name: StageSwitch; label: string; title?: string }[] = [
  { name: 'schemaLinking', label: 'Schema linking' },
  { name: 'noiseCorrection', label: 'Noise correction' },
  { name: 'continuationWriting', label: 'Continuation writing' },
];

/** Beyond ROUTE's stages: each its own switch per run. */
const EXTRAS: { name: StageSwitch; label: string; title: string }[] = [
  {
    name: 'constrainSql',
    label: 'SQL constrained to the schema',
    title:
      'Decode SQL under a grammar of the schema, so only its tables and columns can be written',
  },
  {
    name: 'resultChecks',
    label: 'Result checks',
    title: 'Look for values no row holds, join fan-out and NULL columns, and ask once for a fix',
  },
];

export function StageSwitches() {
  const settings = useAppStore((s) => s.pipelineSettings);
  const setStageSwitch = useAppStore((s) => s.setStageSwitch);
  const setPromptStyle = useAppStore((s) => s.setPromptStyle);
  const setVoteSamples = useAppStore((s) => s.setVoteSamples);
  const running = useAppStore((s) => s.run?.status === 'running');
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-700">
      <span className="text-xs font-medium text-slate-500">Stages</span>
      {[...SWITCHES, { name: null, label: 'Beyond the reference', title: '' }, ...EXTRAS].map(
        ({ name, label, title }) =>
          name === null ? (
            <span key={label} className="text-xs font-medium text-slate-500">
              {label}
            </span>
          ) : (
            <label key={name} className="inline-flex items-center gap-1.5" title={title}>
              <input
                type="checkbox"
                checked={settings[name]}
                disabled={running}
                onChange={(event) => setStageSwitch(name, event.target.checked)}
                className="accent-teal-700"
              />
              {label}
            </label>
          ),
      )}
      <label className="inline-flex items-center gap-1.5">
        <span>Agreement vote</span>
        <select
          aria-label="Agreement vote samples"
          value={settings.samples}
          disabled={running}
          onChange={(event) => setVoteSamples(Number(event.target.value))}
          className="rounded border border-slate-300 bg-white px-2 py-0.5 text-sm"
        >
          <option value={1}>off</option>
          {VOTE_SAMPLE_CHOICES.map((k) => (
            <option key={k} value={k}>
              {k} samples
            </option>
          ))}
        </select>
      </label>
      <ThinkingControls />
      <label className="ml-auto inline-flex items-center gap-1.5">
        <span className="text-xs font-medium text-slate-500">Prompt style</span>
        <select
          value={settings.promptStyle}
          disabled={running}
          onChange={(event) => setPromptStyle(event.target.value as PromptStyle)}
          className="rounded border border-slate-300 bg-white px-2 py-0.5 text-sm"
        >
          <option value="few_shot">Few-shot (base models)</option>
          <option value="zero_shot">Zero-shot (fine-tuned models)</option>
          <option value="omnisql">OmniSQL (OmniSQL, CSC-SQL, SLM-SQL)</option>
        </select>
      </label>
    </div>
  );
}
