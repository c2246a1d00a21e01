import type { PipelineSettings } from './events';
import { DEFAULT_DECODING } from './prompts';

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
};
