import type { PipelineSettings } from './events';
import { DEFAULT_DECODING } from './prompts';
import { DEFAULT_THINKING_ALLOWANCE } from '../llm/thinking';

/** Every stage on, few-shot prompts, near-greedy decoding (PIPELINE.md's reference values). */
export const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = {
  schemaLinking: true,
  noiseCorrection: true,
  continuationWriting: true,
  promptStyle: 'few_shot',
  temperature: DEFAULT_DECODING.temperature,
  topP: DEFAULT_DECODING.topP,
  maxTokens: DEFAULT_DECODING.maxTokens,
  sqlTimeoutMs: 5000,
  constrainSql: false,
  samples: 1,
  sampleTemperature: 0.7,
  resultChecks: false,
  thinking: 'server_default',
  thinkingAllowance: DEFAULT_THINKING_ALLOWANCE,
};

/** The sample counts the vote offers. */
export const VOTE_SAMPLE_CHOICES = [3, 5, 8] as const;
