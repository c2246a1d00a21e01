/**
 * Where the data comes from: the strong model (any OpenAI-compatible server, its key kept in this
 * browser only), the weak model (the engine active in the Model view, or a second server), and
 * how much to make.
 */
import { endpointOrigin } from '../../core/security/endpoint-origin';
import { selectApiKey } from '../../state/server-access-slice';
import { useAppStore } from '../../state/store';
import type { DataLabSettings } from '../../state/data-lab-slice';
import { INPUT } from './styles';

type EndpointName = 'strong' | 'weak';

function EndpointFields({ which, label }: { which: EndpointName; label: string }) {
  const settings = useAppStore((s) => s.dataLabSettings[which]);
  // The key kept for this URL's server, shared with every view that talks to the same server.
  const apiKey = useAppStore(selectApiKey(settings.endpoint));
  const keyOrigin = endpointOrigin(settings.endpoint);
  const setSettings = useAppStore((s) => s.setDataLabSettings);
  const setApiKeyFor = useAppStore((s) => s.setApiKeyFor);
  const update = (patch: Partial<DataLabSettings['strong']>) =>
    setSettings({ [which]: { ...settings, ...patch } });
  return (
    <div className="grid gap-2 sm:grid-cols-3">
      <label className="block text-sm">
        <span className="font-medium text-slate-700">{label} server URL</span>
        <input
          className={`${INPUT} font-mono`}
          value={settings.endpoint}
          onChange={(e) => update({ endpoint: e.target.value })}
          placeholder="http://localhost:8000/v1"
          spellCheck={false}
        />
      </label>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">{label} model</span>
        <input
          className={`${INPUT} font-mono`}
          value={settings.model}
          onChange={(e) => update({ model: e.target.value })}
          placeholder="Qwen2.5-Coder-32B-Instruct"
          spellCheck={false}
        />
      </label>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">{label} server key</span>
        <input
          type="password"
          className={`${INPUT} font-mono`}
          value={apiKey}
          onChange={(e) => setApiKeyFor(settings.endpoint, e.target.value)}
          disabled={keyOrigin === null}
          title={keyOrigin ? `Sent only to ${keyOrigin}` : 'Type the server URL first'}
          placeholder={keyOrigin ? 'only if the server needs one' : 'type the server URL first'}
          autoComplete="off"
          spellCheck={false}
        />
      </label>
    </div>
  );
}

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  hint: string;
}) {
  return (
    <label className="block text-sm" title={props.hint}>
      <span className="font-medium text-slate-700">{props.label}</span>
      <input
        type="number"
        min={props.min}
        max={props.max}
        className={INPUT}
        value={props.value}
        onChange={(e) => {
          const value = Number(e.target.value);
          if (Number.isInteger(value) && value >= props.min && value <= props.max)
            props.onChange(value);
        }}
      />
    </label>
  );
}

export function SettingsForm({ disabled }: { disabled: boolean }) {
  const settings = useAppStore((s) => s.dataLabSettings);
  const setSettings = useAppStore((s) => s.setDataLabSettings);
  const engineTarget = useAppStore((s) => s.engineTarget);
  const engineStatus = useAppStore((s) => s.engineStatus);
  const activeReady = engineStatus.state === 'ready' || engineStatus.state === 'generating';
  return (
    <fieldset disabled={disabled} className="space-y-4" aria-label="Data lab settings">
      <div className="space-y-1">
        <h3 className="text-sm font-semibold text-slate-800">Strong model</h3>
        <p className="text-xs text-slate-500">
          Writes the question/SQL pairs and judges them. A large model on a server (vLLM, a hosted
          API); its key is kept in this browser only, never in exports or links.
        </p>
        <EndpointFields which="strong" label="Strong" />
      </div>
      <div className="space-y-1">
        <h3 className="text-sm font-semibold text-slate-800">Weak model</h3>
        <p className="text-xs text-slate-500">
          The small model you want to train. Its wrong answers become preference pairs.
        </p>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="weak-source"
              checked={settings.weakSource === 'active'}
              onChange={() => setSettings({ weakSource: 'active' })}
            />
            The active engine
            <span className="text-slate-500">
              ({activeReady && engineTarget ? engineTarget.label : 'none loaded yet'})
            </span>
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="weak-source"
              checked={settings.weakSource === 'server'}
              onChange={() => setSettings({ weakSource: 'server' })}
            />
            A second server
          </label>
        </div>
        {settings.weakSource === 'server' && <EndpointFields which="weak" label="Weak" />}
      </div>
      <div className="grid gap-2 sm:grid-cols-4">
        <NumberField
          label="Pairs (N)"
          value={settings.target}
          min={1}
          max={100_000}
          onChange={(target) => setSettings({ target })}
          hint="How many checked question/SQL pairs to keep"
        />
        <NumberField
          label="Weak samples (k)"
          value={settings.samples}
          min={1}
          max={16}
          onChange={(samples) => setSettings({ samples })}
          hint="Answers of the weak model per question"
        />
        <NumberField
          label="Concurrency"
          value={settings.concurrency}
          min={1}
          max={64}
          onChange={(concurrency) => setSettings({ concurrency })}
          hint="Calls at once to a server (the on-device engine always takes one)"
        />
        <label className="flex items-end gap-2 pb-2 text-sm">
          <input
            type="checkbox"
            checked={settings.withEvidence}
            onChange={(e) => setSettings({ withEvidence: e.target.checked })}
          />
          BIRD-style evidence
        </label>
      </div>
    </fieldset>
  );
}
