/**
 * The pipeline's switches for the Ask view (stages on or off, the vote's samples, the prompt
 * style, thinking), remembered between visits in localStorage. A run copies them when it starts.
 */
import { THINKING_MODES, validThinkingAllowance } from '../core/llm/thinking';
import { DEFAULT_PIPELINE_SETTINGS } from '../core/pipeline/defaults';
import type { PipelineSettings } from '../core/pipeline/events';
import type { SliceCreator } from './slice';

export type StageSwitch =
  'schemaLinking' | 'noiseCorrection' | 'continuationWriting' | 'constrainSql' | 'resultChecks';
export type PromptStyle = PipelineSettings['promptStyle'];

export interface PipelineSettingsSlice {
  pipelineSettings: PipelineSettings;
  setStageSwitch(name: StageSwitch, on: boolean): void;
  /** Samples the agreement vote draws in all; 1 switches it off. */
  setVoteSamples(samples: number): void;
  setPromptStyle(style: PromptStyle): void;
  /** Whether runs ask a thinking model to think, and how many tokens it may think. */
  setThinking(patch: Partial<Pick<PipelineSettings, 'thinking' | 'thinkingAllowance'>>): void;
}

const SETTINGS_KEY = 'ttsql.pipeline-settings.v1';

function readSettings(): PipelineSettings {
  try {
    const raw = globalThis.localStorage?.getItem(SETTINGS_KEY);
    if (!raw) return DEFAULT_PIPELINE_SETTINGS;
    const saved = JSON.parse(raw) as Partial<PipelineSettings>;
    const flag = (value: unknown, fallback: boolean) =>
      typeof value === 'boolean' ? value : fallback;
    const d = DEFAULT_PIPELINE_SETTINGS;
    return {
      ...d,
      schemaLinking: flag(saved.schemaLinking, d.schemaLinking),
      noiseCorrection: flag(saved.noiseCorrection, d.noiseCorrection),
      continuationWriting: flag(saved.continuationWriting, d.continuationWriting),
      promptStyle:
        saved.promptStyle === 'zero_shot' || saved.promptStyle === 'omnisql'
          ? saved.promptStyle
          : 'few_shot',
      constrainSql: flag(saved.constrainSql, d.constrainSql),
      resultChecks: flag(saved.resultChecks, d.resultChecks),
      samples:
        typeof saved.samples === 'number' && saved.samples >= 1 && saved.samples <= 16
          ? Math.round(saved.samples)
          : d.samples,
      thinking: THINKING_MODES.find((mode) => mode === saved.thinking) ?? d.thinking,
      thinkingAllowance: validThinkingAllowance(saved.thinkingAllowance) ?? d.thinkingAllowance,
    };
  } catch {
    // A corrupt or blocked localStorage must not keep the page from starting.
    return DEFAULT_PIPELINE_SETTINGS;
  }
}

function writeSettings(settings: PipelineSettings): void {
  try {
    const { schemaLinking, noiseCorrection, continuationWriting, promptStyle } = settings;
    const { constrainSql, resultChecks, samples, thinking, thinkingAllowance } = settings;
    globalThis.localStorage?.setItem(
      SETTINGS_KEY,
      JSON.stringify({
        schemaLinking,
        noiseCorrection,
        continuationWriting,
        promptStyle,
        constrainSql,
        resultChecks,
        samples,
        thinking,
        thinkingAllowance,
      }),
    );
  } catch {
    // Not saving a preference is harmless; the setting still applies to this visit.
  }
}

export const createPipelineSettingsSlice: SliceCreator<PipelineSettingsSlice> = (set, get) => ({
  pipelineSettings: readSettings(),

  setStageSwitch: (name, on) => {
    const pipelineSettings = { ...get().pipelineSettings, [name]: on };
    writeSettings(pipelineSettings);
    set({ pipelineSettings });
  },

  setVoteSamples: (samples) => {
    const pipelineSettings = { ...get().pipelineSettings, samples };
    writeSettings(pipelineSettings);
    set({ pipelineSettings });
  },

  setPromptStyle: (promptStyle) => {
    const pipelineSettings = { ...get().pipelineSettings, promptStyle };
    writeSettings(pipelineSettings);
    set({ pipelineSettings });
  },

  setThinking: (patch) => {
    const allowance =
      patch.thinkingAllowance === undefined
        ? undefined
        : validThinkingAllowance(patch.thinkingAllowance);
    if (patch.thinkingAllowance !== undefined && allowance === null) return;
    const pipelineSettings = {
      ...get().pipelineSettings,
      ...(patch.thinking ? { thinking: patch.thinking } : {}),
      ...(allowance ? { thinkingAllowance: allowance } : {}),
    };
    writeSettings(pipelineSettings);
    set({ pipelineSettings });
  },
});
