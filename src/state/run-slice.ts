/** The pipeline run the person is watching: folded from the runner's events. */
import type { SliceCreator } from './slice';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RunSlice {}

export const createRunSlice: SliceCreator<RunSlice> = () => ({});
