/**
 * The OpenAI-compatible server engine: endpoint, model (from the server's list when it offers
 * one) and API key, Connect, and what went wrong. Also the shareable link, which never
 * contains the key.
 */
import { useId, useState } from 'react';
import { endpointOrigin } from '../../core/security/endpoint-origin';
import { selectApiKey } from '../../state/server-access-slice';
import { useAppStore } from '../../state/store';
import { MAX_RETRIES } from '../../core/llm/retry';
import { ErrorNotice } from '../../ui/error-notice';

const INPUT =
  'mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-teal-600 focus:outline-none';

export function ServerSection() {
  const settings = useAppStore((s) => s.serverSettings);
  const serverModels = useAppStore((s) => s.serverModels);
  // The key shown is the one kept for this endpoint's server: typing another URL shows its own.
  const apiKey = useAppStore(selectApiKey(settings.endpoint));
  const keyOrigin = endpointOrigin(settings.endpoint);
  const setServerSettings = useAppStore((s) => s.setServerSettings);
  const setApiKeyFor = useAppStore((s) => s.setApiKeyFor);
  const connectServer = useAppStore((s) => s.connectServer);
  const cancelLoad = useAppStore((s) => s.cancelLoad);
  const status = useAppStore((s) => s.engineStatus);
  const target = useAppStore((s) => s.engineTarget);
  const modelFieldId = useId();

  const mine = target?.kind === 'openai';
  const connecting = mine && status.state === 'loading';
  const connected = mine && (status.state === 'ready' || status.state === 'generating');
  const listed = serverModels !== null && serverModels.length > 0;
  const options =
    listed && settings.model && !serverModels.includes(settings.model)
      ? [settings.model, ...serverModels]
      : (serverModels ?? []);

  const chooseModel = (model: string) => {
    setServerSettings({ model });
    // Switching model on a connected server costs nothing: reconnect at once.
    if (connected) void connectServer();
  };

  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        void connectServer();
      }}
    >
      <p className="text-sm text-slate-600">
        Ollama, vLLM, llama.cpp’s llama-server, LM Studio or a hosted API. The browser calls the
        server directly, so it must allow requests from this page (CORS).
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm sm:col-span-2">
          <span className="font-medium text-slate-700">Endpoint URL</span>
          <input
            className={`${INPUT} font-mono`}
            value={settings.endpoint}
            onChange={(e) => setServerSettings({ endpoint: e.target.value })}
            placeholder="http://localhost:11434/v1"
            spellCheck={false}
            autoComplete="url"
          />
        </label>
        <div className="block text-sm">
          <label htmlFor={modelFieldId} className="font-medium text-slate-700">
            Model
          </label>
          {listed ? (
            <select
              id={modelFieldId}
              className={INPUT}
              value={settings.model}
              onChange={(e) => chooseModel(e.target.value)}
            >
              {options.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={modelFieldId}
              className={`${INPUT} font-mono`}
              value={settings.model}
              onChange={(e) => setServerSettings({ model: e.target.value })}
              placeholder="qwen2.5-coder:1.5b (filled in after Connect)"
              spellCheck={false}
            />
          )}
        </div>
        <label className="block text-sm">
          <span className="font-medium text-slate-700">API key</span>
          <input
            type="password"
            className={`${INPUT} font-mono`}
            value={apiKey}
            onChange={(e) => setApiKeyFor(settings.endpoint, e.target.value)}
            disabled={keyOrigin === null}
            placeholder={keyOrigin ? 'only if the server needs one' : 'type the endpoint first'}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <p className="-mt-2 text-xs text-slate-500 sm:col-start-2" data-testid="api-key-origin">
          {keyOrigin
            ? `Sent only to ${keyOrigin}, kept in this browser; never in links, exports or logs.`
            : 'A key belongs to one server: type its endpoint first.'}
        </p>
      </div>
      <details className="text-sm text-slate-600">
        <summary className="cursor-pointer select-none text-slate-700">Options</summary>
        <div className="mt-2 flex flex-wrap items-center gap-x-6 gap-y-2">
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={settings.stream}
              onChange={(e) => setServerSettings({ stream: e.target.checked })}
            />
            Stream the answer (turn off for servers that cannot)
          </label>
          <label className="flex items-center gap-2">
            Server kind
            <select
              aria-label="Server kind"
              className="rounded-md border border-slate-300 bg-white px-2 py-0.5"
              value={settings.kind}
              onChange={(e) => setServerSettings({ kind: e.target.value as typeof settings.kind })}
            >
              <option value="auto">detect on connect</option>
              <option value="llama.cpp">llama.cpp (grammar)</option>
              <option value="vllm">vLLM (grammar, n)</option>
              <option value="ollama">Ollama (no grammar)</option>
              <option value="other">other</option>
            </select>
          </label>
          <label className="flex items-center gap-2">
            Give up after
            <input
              type="number"
              min={5}
              max={600}
              className="w-20 rounded-md border border-slate-300 px-2 py-0.5"
              value={settings.timeoutSeconds}
              onChange={(e) => {
                const seconds = Number(e.target.value);
                if (Number.isFinite(seconds) && seconds >= 5)
                  setServerSettings({ timeoutSeconds: seconds });
              }}
            />
            s without a first token
          </label>
          <label className="flex items-center gap-2">
            Try a failed call again up to
            <input
              type="number"
              min={0}
              max={MAX_RETRIES}
              aria-label="Retries"
              className="w-16 rounded-md border border-slate-300 px-2 py-0.5"
              value={settings.retries}
              onChange={(e) => {
                const retries = Number(e.target.value);
                if (Number.isInteger(retries) && retries >= 0 && retries <= MAX_RETRIES)
                  setServerSettings({ retries });
              }}
            />
            times
            <span className="text-xs text-slate-400">
              on 429, 5xx, a dropped connection or a cut stream; never on a refusal
            </span>
          </label>
          <label className="flex items-center gap-2">
            Context window (tokens)
            <input
              type="number"
              min={512}
              step={512}
              aria-label="Context window (tokens)"
              className="w-24 rounded-md border border-slate-300 px-2 py-0.5"
              value={settings.contextWindow ?? ''}
              placeholder="ask server"
              onChange={(e) => {
                const tokens = Number(e.target.value);
                setServerSettings({
                  contextWindow:
                    e.target.value === '' || !Number.isInteger(tokens) || tokens <= 0
                      ? null
                      : tokens,
                });
              }}
            />
            <span className="text-xs text-slate-400">
              used when the server does not report it (vLLM and llama.cpp do)
            </span>
          </label>
        </div>
      </details>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={connecting}
          className="rounded-md bg-teal-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-teal-800 disabled:opacity-50"
        >
          {connected ? 'Reconnect' : 'Connect'}
        </button>
        {connecting && (
          <>
            <span className="text-sm text-slate-500">Connecting…</span>
            <button type="button" onClick={cancelLoad} className="text-sm text-slate-500 underline">
              Cancel
            </button>
          </>
        )}
        {connected && (
          <span className="text-sm text-emerald-700" data-testid="server-connected">
            ✓ Connected to {target?.modelId}
            {serverModels
              ? ` · the server lists ${serverModels.length} model${serverModels.length === 1 ? '' : 's'}`
              : ' · the server does not list its models'}
            <ServerWindow />
          </span>
        )}
      </div>
      {mine && status.state === 'failed' && <ErrorNotice error={status.error} />}
      {connected && (
        <ShareLink endpoint={settings.endpoint} model={target?.modelId ?? settings.model} />
      )}
    </form>
  );
}

/** Where the window the prompts are fitted to comes from, or that it is unknown. */
function ServerWindow() {
  const engine = useAppStore((s) => (s.engine?.kind === 'openai' ? s.engine : null));
  if (!engine) return null;
  if (engine.contextWindow == null)
    return (
      <span className="text-amber-700">
        {' '}
        · window unknown: prompts are not fitted (set it under Options)
      </span>
    );
  const from = engine.contextWindowSource === 'server' ? 'reported by the server' : 'from Options';
  return (
    <span data-testid="server-window">
      {' '}
      · {engine.contextWindow.toLocaleString('en-US')}-token window ({from})
    </span>
  );
}

function ShareLink({ endpoint, model }: { endpoint: string; model: string }) {
  const [copied, setCopied] = useState(false);
  const url = new URL(window.location.href);
  url.search = new URLSearchParams({ endpoint, model }).toString();
  url.hash = '';
  const link = url.toString();
  return (
    <p className="flex items-center gap-2 text-xs text-slate-500">
      <span className="shrink-0">Link that opens the playground with this server (no key):</span>
      <code className="truncate rounded bg-slate-100 px-1.5 py-0.5 text-slate-700" title={link}>
        {link}
      </code>
      <button
        type="button"
        className="shrink-0 underline hover:text-slate-800"
        onClick={() => {
          void navigator.clipboard?.writeText(link).then(() => setCopied(true));
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </p>
  );
}
