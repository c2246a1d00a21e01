/** The stages in the order they run; the runner walks this list. */
import { continuationWritingStage } from './continuation-writing';
import { noiseCorrectionStage } from './noise-correction';
import { resultStage } from './result';
import { resultChecksStage } from './result-checks';
import { sampleVoteStage } from './sample-vote';
import { schemaLinkingStage } from './schema-linking';
import { sqlGenerationStage } from './sql-generation';
import type { StageId } from '../events';
import type { PipelineStage } from './stage';

export const PIPELINE_STAGES: readonly PipelineStage[] = [
  schemaLinkingStage,
  sqlGenerationStage,
  sampleVoteStage,
  noiseCorrectionStage,
  resultChecksStage,
  continuationWritingStage,
  resultStage,
];

/** Each stage's title (its card's heading, and its section in an exported run). */
export const STAGE_TITLES = Object.fromEntries(
  PIPELINE_STAGES.map((stage) => [stage.id, stage.label]),
) as Record<StageId, string>;

export type { PipelineStage, StageContext, RunState } from './stage';
