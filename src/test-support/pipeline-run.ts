/**
 * Runs the pipeline to its end and keeps every event, for tests that look at one run whole:
 * `of(type, stage?)` picks events, `final` is the `done` event (null when the run ended otherwise).
 */
import type { PipelineEvent, PipelineInput, StageId } from '../core/pipeline/events';
import { runPipeline, type PipelineDeps } from '../core/pipeline/runner';

export async function runToEnd(input: PipelineInput, deps: PipelineDeps) {
  const events: PipelineEvent[] = [];
  for await (const event of runPipeline(input, deps)) events.push(event);
  const of = <T extends PipelineEvent['type']>(type: T, stage?: StageId) =>
    events.filter(
      (e): e is Extract<PipelineEvent, { type: T }> =>
        e.type === type && (stage === undefined || ('stage' in e && e.stage === stage)),
    );
  const end = events.at(-1);
  return { events, of, final: end?.type === 'done' ? end : null };
}
