/** The stages in the order they run; the runner walks this list. */
import { continuationWritingStage } from './continuation-writing';
import { noiseCorrectionStage } from './noise-correction';
import { resultStage } from './result';
import { schemaLinkingStage } from './schema-linking';
import { sqlGenerationStage } from './sql-generation';
import type { PipelineStage } from './stage';

export const PIPELINE_STAGES: readonly PipelineStage[] = [
  schemaLinkingStage,
  sqlGenerationStage,
  noiseCorrectionStage,
  continuationWritingStage,
  resultStage,
];

export type { PipelineStage, StageContext, RunState } from './stage';
