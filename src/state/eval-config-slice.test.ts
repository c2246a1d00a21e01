/** The evaluation lab compares thinking on and off as rows of the ablation. */
import { describe, expect, it } from 'vitest';
import { runSettings, type EvalConfig } from './eval-config-slice';
import { applySetting, DEFAULT_SELECTION } from '../core/eval';
import { DEFAULT_PIPELINE_SETTINGS } from '../core/pipeline/defaults';

const config = (patch: Partial<EvalConfig>): EvalConfig => ({
  selection: DEFAULT_SELECTION,
  settingIds: ['ts', 'all'],
  promptStyles: ['few_shot'],
  thinkingModes: ['server_default'],
  concurrency: 1,
  rule: 'spider',
  keepDistinct: false,
  settingsUsed: [],
  ...patch,
});

describe('thinking rows', () => {
  it('adds no row for the model’s default alone', () => {
    expect(runSettings(config({})).map((s) => s.id)).toEqual(['ts', 'all']);
  });

  it('makes one row per setting and thinking mode, each switching thinking', () => {
    const rows = runSettings(config({ thinkingModes: ['on', 'off'] }));
    expect(rows.map((s) => s.id)).toEqual([
      'ts+think-on',
      'ts+think-off',
      'all+think-on',
      'all+think-off',
    ]);
    expect(rows.map((s) => applySetting(DEFAULT_PIPELINE_SETTINGS, s).thinking)).toEqual([
      'on',
      'off',
      'on',
      'off',
    ]);
    expect(rows[3]?.label).toMatch(/\(thinking off\)$/);
  });

  it('crosses thinking modes with prompt styles', () => {
    const rows = runSettings(
      config({
        settingIds: ['ts'],
        promptStyles: ['few_shot', 'zero_shot'],
        thinkingModes: ['server_default', 'off'],
      }),
    );
    expect(rows.map((s) => s.id)).toEqual([
      'ts:few_shot',
      'ts:few_shot+think-off',
      'ts:zero_shot',
      'ts:zero_shot+think-off',
    ]);
  });

  it('is among the evaluation lab’s prompt-style rows', () => {
    const config = { settingIds: ['ts'], promptStyles: ['few_shot', 'omnisql'], thinkingModes: [] };
    const rows = runSettings({ ...(config as unknown as EvalConfig) });
    expect(rows.map((s) => [s.id, s.label, s.overrides.promptStyle])).toEqual([
      ['ts:few_shot', expect.stringContaining('(few-shot)'), 'few_shot'],
      ['ts:omnisql', expect.stringContaining('(OmniSQL prompt)'), 'omnisql'],
    ]);
  });
});
