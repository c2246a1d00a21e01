/**
 * Which engine and model are active, and their state. The engine instance lives here (not in
 * React context) so that the run slice can hand it to the pipeline.
 */
import type { ErrorPayload } from '../core/errors';
import type { LlmEngine, LoadProgress } from '../services/llm/engine';
import type { SliceCreator } from './slice';

export type EngineStatus =
  | { state: 'not_loaded' }
  | { state: 'loading'; progress: LoadProgress }
  | { state: 'ready' }
  | { state: 'generating' }
  | { state: 'failed'; error: ErrorPayload };

export interface ModelSlice {
  /** The loaded engine, or null. The pipeline uses it through `ChatModel`. */
  engine: LlmEngine | null;
  engineStatus: EngineStatus;
  /** Marks generation start/end so the status chip can say "generating". */
  setGenerating(generating: boolean): void;
}

export const createModelSlice: SliceCreator<ModelSlice> = () => {
  throw new Error('model slice: not implemented yet');
};
