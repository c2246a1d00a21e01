/**
 * The pipeline as an async generator of events: the store folds them, the cards render them.
 * A re-run from a stage is the same generator started at that stage with the edited value.
 */
import { isAbort, toErrorPayload } from '../errors';
import type { PipelineEvent, PipelineInput, ResumePoint } from './events';
import { createRunContext, Stopped, type PipelineDeps } from './run-context';
import { fetchSampleRows } from './sample-rows';
import { loadSqlParser } from '../sql/sql-reads';
import { PIPELINE_STAGES } from './stages';
import type { RunState } from './stages/stage';

export type { PipelineDeps } from './run-context';

export interface PipelineOptions {
  signal?: AbortSignal;
  resume?: ResumePoint;
}

function initialState(resume: ResumePoint | undefined): RunState {
  const state: RunState = {
    simplifiedSchema: null,
    currentSql: null,
    currentOutcome: null,
    replacedSql: null,
    currentCut: null,
    customPrefix: null,
    finalSql: null,
    finalOutcome: null,
  };
  if (!resume) return state;
  if (resume.stage === 'sql_generation') state.simplifiedSchema = resume.simplifiedSchema;
  else state.currentSql = resume.sql;
  if (resume.stage === 'continuation_writing' && resume.prefix !== undefined)
    state.customPrefix = resume.prefix;
  return state;
}

export async function* runPipeline(
  input: PipelineInput,
  deps: PipelineDeps,
  options: PipelineOptions = {},
): AsyncGenerator<PipelineEvent> {
  const { signal, resume } = options;
  const { schema, settings } = input;
  const state = initialState(resume);
  const startIndex = resume ? PIPELINE_STAGES.findIndex((s) => s.id === resume.stage) : 0;

  // The parser only backs up the tokenizer, so the run never waits for its chunk to load.
  void loadSqlParser();
  const samples = await fetchSampleRows(deps.db, schema, { timeoutMs: settings.sqlTimeoutMs });
  if (signal?.aborted) {
    yield { type: 'stopped', stage: null };
    return;
  }

  const contextFor = createRunContext(input, deps, state, samples, signal);

  for (const stage of PIPELINE_STAGES.slice(Math.max(0, startIndex))) {
    if (signal?.aborted) {
      yield { type: 'stopped', stage: stage.id };
      return;
    }
    const started = performance.now();
    yield { type: 'stage_started', stage: stage.id, at: Date.now() };
    try {
      const off = stage.switchedOff(settings);
      if (off !== null) yield { type: 'skipped', stage: stage.id, reason: off };
      else yield* stage.run(contextFor(stage.id));
    } catch (error) {
      if (error instanceof Stopped || isAbort(error) || signal?.aborted) {
        yield { type: 'stopped', stage: stage.id };
        return;
      }
      // A bug in a stage must not take the run down with it: report it and go on.
      yield { type: 'stage_failed', stage: stage.id, error: toErrorPayload(error) };
    }
    yield { type: 'stage_finished', stage: stage.id, elapsedMs: performance.now() - started };
  }
  yield { type: 'done', finalSql: state.finalSql, outcome: state.finalOutcome };
}
