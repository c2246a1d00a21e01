/**
 * An evaluation setting is any variation of the pipeline settings, with a label: the rows of an
 * ablation. New pipeline switches get new rows here (or from a caller) without touching the
 * runner: it applies `overrides` over the base settings and runs the same pipeline.
 */
import type { ThinkingMode } from '../llm/thinking';
import type { GrammarSupport } from '../llm/chat';
import type { PipelineSettings } from '../pipeline/events';

export interface EvalSetting {
  /** Short and stable: keys results, resume files and the CLI's --stages values. */
  id: string;
  label: string;
  overrides: Partial<PipelineSettings>;
  /**
   * What the database's knowledge holds for each question of this row (runner.ts): the other
   * questions of its database with their gold SQL (the leave-out rule applied), or BIRD's
   * descriptions of its columns. Absent: no knowledge, whatever the Knowledge view holds.
   */
  knowledge?: 'memory' | 'descriptions';
}

/** The switches beyond ROUTE's stages, off: ROUTE's rows stay ROUTE's whatever the Ask view has on. */
const BEYOND_OFF = { constrainSql: false, samples: 1, resultChecks: false };
const STAGES_OFF = {
  schemaLinking: false,
  noiseCorrection: false,
  continuationWriting: false,
  ...BEYOND_OFF,
};
const ALL_STAGES = {
  schemaLinking: true,
  noiseCorrection: true,
  continuationWriting: true,
  ...BEYOND_OFF,
};

/** The vote's sample count and temperature in the ablation (the Ask view's default choice). */
export const ABLATION_VOTE = { samples: 5, sampleTemperature: 0.7 };

/** ROUTE's ablation rows: plain Text2SQL, + schema linking, + noise correction, all stages. */
export const ROUTE_SETTINGS: readonly EvalSetting[] = [
  { id: 'ts', label: 'Text2SQL only', overrides: STAGES_OFF },
  { id: 'sl', label: '+ schema linking', overrides: { ...STAGES_OFF, schemaLinking: true } },
  {
    id: 'sl,nc',
    label: '+ schema linking + noise correction',
    overrides: { ...STAGES_OFF, schemaLinking: true, noiseCorrection: true },
  },
  { id: 'all', label: 'All stages', overrides: ALL_STAGES },
];

/** One row per switch beyond the reference, each on top of all of ROUTE's stages, then all three. */
export const BEYOND_SETTINGS: readonly EvalSetting[] = [
  {
    id: 'all+grammar',
    label: 'All stages + SQL constrained to the schema',
    overrides: { ...ALL_STAGES, constrainSql: true },
  },
  {
    id: 'all+vote',
    label: `All stages + agreement vote (${ABLATION_VOTE.samples} samples, T ${ABLATION_VOTE.sampleTemperature})`,
    overrides: { ...ALL_STAGES, ...ABLATION_VOTE },
  },
  {
    id: 'all+checks',
    label: 'All stages + result checks',
    overrides: { ...ALL_STAGES, resultChecks: true },
  },
  {
    id: 'all+beyond',
    label: 'All stages + grammar, vote and checks',
    overrides: { ...ALL_STAGES, constrainSql: true, ...ABLATION_VOTE, resultChecks: true },
  },
];

/** How many remembered examples each prompt of the memory row gets (the Knowledge view's default). */
export const MEMORY_EXAMPLES = 3;

/** The rows of what the playground learns about a database (issue 19), on top of all stages. */
export const KNOWLEDGE_SETTINGS: readonly EvalSetting[] = [
  {
    id: 'all+memory',
    label: `All stages + memory (${MEMORY_EXAMPLES} examples from the database's other questions)`,
    overrides: ALL_STAGES,
    knowledge: 'memory',
  },
  {
    id: 'all+descriptions',
    label: "All stages + the benchmark's column descriptions",
    overrides: ALL_STAGES,
    knowledge: 'descriptions',
  },
];

/** Every row the lab offers: the Evaluate view's checkboxes and `npm run eval --stages`. */
export const STANDARD_SETTINGS: readonly EvalSetting[] = [
  ...ROUTE_SETTINGS,
  ...BEYOND_SETTINGS,
  ...KNOWLEDGE_SETTINGS,
];

/** What the loaded benchmark brings beside its questions and databases. */
export interface BenchmarkExtras {
  /** Some database has a `database_description` folder (BIRD's). */
  descriptions: boolean;
}

/**
 * Why this setting cannot run, or null when it can: a constrained row on an engine that takes
 * no grammar would run unconstrained, and a descriptions row on a benchmark without
 * descriptions would run without them: both would measure nothing.
 */
export function settingBlockedBy(
  setting: EvalSetting,
  /** null: the engine is not known yet (a server still connecting), so not judged. */
  grammar: GrammarSupport | undefined | null,
  extras: BenchmarkExtras,
): string | null {
  if (setting.knowledge === 'descriptions' && !extras.descriptions)
    return `${setting.label} needs a benchmark with column descriptions (BIRD's database_description folders), and this one has none.`;
  if (!setting.overrides.constrainSql || grammar === null || grammar?.ok) return null;
  return `${setting.label} needs an engine that takes a grammar, and ${grammar ? grammar.reason : 'this engine takes none'}.`;
}

/** The settings that can run on the engine and benchmark, and the ones left out with the sentence why. */
export function runnableSettings(
  settings: readonly EvalSetting[],
  grammar: GrammarSupport | undefined | null,
  extras: BenchmarkExtras,
): { runnable: EvalSetting[]; leftOut: { setting: EvalSetting; reason: string }[] } {
  const runnable: EvalSetting[] = [];
  const leftOut: { setting: EvalSetting; reason: string }[] = [];
  for (const setting of settings) {
    const reason = settingBlockedBy(setting, grammar, extras);
    if (reason) leftOut.push({ setting, reason });
    else runnable.push(setting);
  }
  return { runnable, leftOut };
}

export function findStandardSetting(id: string): EvalSetting | undefined {
  return STANDARD_SETTINGS.find((s) => s.id === id);
}

export function applySetting(base: PipelineSettings, setting: EvalSetting): PipelineSettings {
  return { ...base, ...setting.overrides };
}

const PROMPT_STYLE_NAMES: Record<PipelineSettings['promptStyle'], string> = {
  few_shot: 'few-shot',
  zero_shot: 'zero-shot',
  omnisql: 'OmniSQL prompt',
};

/** A setting with a prompt style: its own id and label, for the prompt-style rows of an ablation. */
export function withPromptStyle(
  setting: EvalSetting,
  style: PipelineSettings['promptStyle'],
): EvalSetting {
  return {
    ...setting,
    id: `${setting.id}:${style}`,
    label: `${setting.label} (${PROMPT_STYLE_NAMES[style]})`,
    overrides: { ...setting.overrides, promptStyle: style },
  };
}

/**
 * A setting with thinking switched on or off: its own row, so a thinking model can be compared
 * with itself not thinking. The model's default leaves the setting as it is.
 */
export function withThinking(setting: EvalSetting, mode: ThinkingMode): EvalSetting {
  if (mode === 'server_default') return setting;
  return {
    ...setting,
    id: `${setting.id}+think-${mode}`,
    label: `${setting.label} (thinking ${mode})`,
    overrides: { ...setting.overrides, thinking: mode },
  };
}
