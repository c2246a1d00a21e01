/**
 * An evaluation setting is any variation of the pipeline settings, with a label: the rows of an
 * ablation. New pipeline switches get new rows here (or from a caller) without touching the
 * runner: it applies `overrides` over the base settings and runs the same pipeline.
 */
import type { PipelineSettings } from '../pipeline/events';

export interface EvalSetting {
  /** Short and stable: keys results, resume files and the CLI's --stages values. */
  id: string;
  label: string;
  overrides: Partial<PipelineSettings>;
}

const STAGES_OFF = { schemaLinking: false, noiseCorrection: false, continuationWriting: false };

/** ROUTE's ablation rows: plain Text2SQL, + schema linking, + noise correction, all stages. */
export const STANDARD_SETTINGS: readonly EvalSetting[] = [
  { id: 'ts', label: 'Text2SQL only', overrides: STAGES_OFF },
  { id: 'sl', label: '+ schema linking', overrides: { ...STAGES_OFF, schemaLinking: true } },
  {
    id: 'sl,nc',
    label: '+ schema linking + noise correction',
    overrides: { ...STAGES_OFF, schemaLinking: true, noiseCorrection: true },
  },
  {
    id: 'all',
    label: 'All stages',
    overrides: { schemaLinking: true, noiseCorrection: true, continuationWriting: true },
  },
];

export function findStandardSetting(id: string): EvalSetting | undefined {
  return STANDARD_SETTINGS.find((s) => s.id === id);
}

export function applySetting(base: PipelineSettings, setting: EvalSetting): PipelineSettings {
  return { ...base, ...setting.overrides };
}

/** A setting with a prompt style: its own id and label, for the prompt-style rows of an ablation. */
export function withPromptStyle(
  setting: EvalSetting,
  style: PipelineSettings['promptStyle'],
): EvalSetting {
  return {
    id: `${setting.id}:${style}`,
    label: `${setting.label} (${style === 'few_shot' ? 'few-shot' : 'zero-shot'})`,
    overrides: { ...setting.overrides, promptStyle: style },
  };
}
