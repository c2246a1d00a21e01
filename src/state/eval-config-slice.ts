/**
 * What an evaluation runs: which questions, which stage settings, prompt styles and thinking
 * modes (each combination a row of the ablation), how many at once, and the scoring rule. Saved
 * with the evaluation, so a reload resumes with the same rows.
 */
import type { ThinkingMode } from '../core/llm/thinking';
import {
  DEFAULT_SELECTION,
  STANDARD_SETTINGS,
  selectQuestions,
  withPromptStyle,
  withThinking,
  type EvalSetting,
  type QuestionSelection,
  type RuleName,
} from '../core/eval';
import { saveQuietly, type EvalSession } from './eval-session';
import type { PromptStyle } from './pipeline-settings-slice';
import type { SliceCreator } from './slice';

export type { PromptStyle } from './pipeline-settings-slice';

export interface EvalConfig {
  selection: QuestionSelection;
  /** Standard setting ids (ts, sl, sl,nc, all, all+grammar, all+vote, ...) to run. */
  settingIds: string[];
  promptStyles: PromptStyle[];
  /** Thinking modes to compare as rows; the model's default alone adds no row. */
  thinkingModes: ThinkingMode[];
  concurrency: number;
  rule: RuleName;
  keepDistinct: boolean;
  /** Every setting that has results (runs and imported predictions): the ablation's rows. */
  settingsUsed: EvalSetting[];
}

export interface EvalConfigSlice {
  evalConfig: EvalConfig;
  setEvalConfig(patch: Partial<EvalConfig>): void;
  setEvalSelection(patch: Partial<QuestionSelection>): void;
  /** The selected questions whose database is loaded: the ones a run asks. */
  selectedQuestionCount(): number;
}

export const DEFAULT_EVAL_CONFIG: EvalConfig = {
  selection: DEFAULT_SELECTION,
  settingIds: ['ts', 'all'],
  promptStyles: ['few_shot'],
  thinkingModes: ['server_default'],
  concurrency: 4,
  rule: 'spider',
  keepDistinct: false,
  settingsUsed: [],
};

/**
 * The settings a run uses: each chosen stage setting, once per chosen prompt style, once per
 * chosen thinking mode.
 */
export function runSettings(config: EvalConfig): EvalSetting[] {
  const chosen = STANDARD_SETTINGS.filter((s) => config.settingIds.includes(s.id));
  const styled =
    config.promptStyles.length <= 1
      ? chosen.map((s) => {
          const style = config.promptStyles[0] ?? 'few_shot';
          return style === 'few_shot' ? s : withPromptStyle(s, style);
        })
      : chosen.flatMap((s) => config.promptStyles.map((style) => withPromptStyle(s, style)));
  const modes = config.thinkingModes?.length ? config.thinkingModes : ['server_default' as const];
  return styled.flatMap((s) => modes.map((mode) => withThinking(s, mode)));
}

export const createEvalConfigSlice =
  (session: EvalSession): SliceCreator<EvalConfigSlice> =>
  (set, get) => ({
    evalConfig: DEFAULT_EVAL_CONFIG,

    setEvalConfig(patch) {
      const evalConfig = { ...get().evalConfig, ...patch };
      set({ evalConfig });
      void saveQuietly(set, session.store.updateSetup({ config: evalConfig }));
    },
    setEvalSelection(patch) {
      get().setEvalConfig({ selection: { ...get().evalConfig.selection, ...patch } });
    },
    selectedQuestionCount() {
      const { benchmark, evalConfig } = get();
      if (!benchmark) return 0;
      return selectQuestions(benchmark.questions, evalConfig.selection).filter((q) =>
        session.blobs.has(q.dbId),
      ).length;
    },
  });
