/**
 * Folds the runner's events into a run record. Every update copies only the stage the event
 * names, so a card that selects its own stage re-renders for its own tokens and nobody else's.
 */
import type { ErrorPayload } from '../errors';
import type { PipelineEvent, ResumePoint, StageId } from '../pipeline/events';
import { STAGE_ORDER } from '../pipeline/events';
import { DEFAULT_CONTINUATION_PREFIX } from '../pipeline/prompts';
import type { CallRecord, RunRecord, StageEdit, StageRecord } from './run-record';
import { emptyStage } from './run-record';

function withStage(
  run: RunRecord,
  id: StageId,
  update: (stage: StageRecord) => StageRecord,
  extra: Partial<RunRecord> = {},
): RunRecord {
  return { ...run, ...extra, stages: { ...run.stages, [id]: update(run.stages[id]) } };
}

function withCall(
  stage: StageRecord,
  call: CallRecord['call'],
  update: (call: CallRecord) => CallRecord,
): StageRecord {
  const index = stage.calls.findIndex((c) => c.call === call);
  if (index < 0) {
    const fresh: CallRecord = {
      call,
      messages: [],
      answer: '',
      usage: null,
      elapsedMs: null,
      finishReason: null,
    };
    return { ...stage, calls: [...stage.calls, update(fresh)] };
  }
  const calls = stage.calls.slice();
  calls[index] = update(calls[index] as CallRecord);
  return { ...stage, calls };
}

function withNotes(stage: StageRecord, notes: string[] | undefined): StageRecord {
  return notes && notes.length > 0 ? { ...stage, notes: [...stage.notes, ...notes] } : stage;
}

export function foldEvent(run: RunRecord, event: PipelineEvent, now: number): RunRecord {
  const touched = { updatedAt: now };
  switch (event.type) {
    case 'stage_started':
      return withStage(
        run,
        event.stage,
        (stage) => ({
          ...emptyStage(event.stage),
          edit: stage.edit,
          status: 'running',
          // Wall-clock time from the fold, not the runner's clock: cards tick against Date.now().
          startedAt: now,
          inputSql: run.currentSql,
        }),
        touched,
      );
    case 'prompt':
      return withStage(
        run,
        event.stage,
        (stage) =>
          withCall(stage, event.call, (call) => ({
            ...call,
            messages: event.messages,
            answer: '',
            thinking: undefined,
            budget: event.budget ?? null,
            knowledge: event.knowledge ?? null,
          })),
        touched,
      );
    case 'token':
      return withStage(run, event.stage, (stage) =>
        withCall(stage, event.call, (call) => ({ ...call, answer: call.answer + event.text })),
      );
    case 'thinking':
      return withStage(run, event.stage, (stage) =>
        withCall(stage, event.call, (call) => ({
          ...call,
          thinking: (call.thinking ?? '') + event.text,
        })),
      );
    case 'call_retry':
      return withStage(
        run,
        event.stage,
        (stage) =>
          withCall(stage, event.call, (call) => ({
            ...call,
            answer: '',
            thinking: undefined,
            retries: [...(call.retries ?? []), event.retry],
          })),
        touched,
      );
    case 'call_finished':
      return withStage(
        run,
        event.stage,
        (stage) =>
          withCall(withNotes(stage, event.notes), event.call, (call) => ({
            ...call,
            answer: event.answer,
            usage: event.usage,
            elapsedMs: event.elapsedMs,
            finishReason: event.finishReason,
            cut: event.cut ?? null,
            // The whole thinking replaces what streamed (a close tag with no opening moves
            // text that streamed as answer into the thinking).
            thinking: event.thinking,
            thinkingTokens: event.thinkingTokens ?? null,
            cutWhileThinking: event.cutWhileThinking ?? false,
          })),
        touched,
      );
    case 'parsed':
      return withStage(
        run,
        event.stage,
        (stage) => ({ ...withNotes(stage, event.notes), output: event.output }),
        touched,
      );
    case 'executed':
      return withStage(
        run,
        event.stage,
        (stage) => ({
          ...stage,
          executions: [...stage.executions, { sql: event.sql, outcome: event.outcome }],
        }),
        touched,
      );
    case 'adopted':
      return withStage(
        run,
        event.stage,
        (stage) => ({
          ...stage,
          verdict: { kind: 'adopted', reason: event.reason, sql: event.sql },
          outputSql: event.sql,
        }),
        { ...touched, currentSql: event.sql },
      );
    case 'report':
      return withStage(
        run,
        event.stage,
        (stage) => ({ ...stage, reports: [...stage.reports, event.report] }),
        event.report.kind === 'vote'
          ? {
              ...touched,
              agreement: { agreeing: event.report.agreeing, total: event.report.total },
            }
          : touched,
      );
    case 'rejected':
      return withStage(
        run,
        event.stage,
        (stage) => ({ ...stage, verdict: { kind: 'rejected', reason: event.reason } }),
        touched,
      );
    case 'skipped':
      return withStage(
        run,
        event.stage,
        (stage) => ({
          ...stage,
          status: 'skipped',
          verdict: { kind: 'skipped', reason: event.reason },
          inputSql: stage.inputSql ?? run.currentSql,
          outputSql: run.currentSql,
        }),
        touched,
      );
    case 'stage_failed':
      return withStage(
        run,
        event.stage,
        (stage) => ({ ...stage, status: 'failed', error: event.error }),
        touched,
      );
    case 'stage_finished':
      return withStage(
        run,
        event.stage,
        (stage) => ({
          ...stage,
          status: stage.status === 'running' ? 'done' : stage.status,
          elapsedMs: event.elapsedMs,
          outputSql: run.currentSql,
        }),
        touched,
      );
    case 'stopped':
      return endRun(run, 'stopped', now, null);
    case 'done': {
      const outcome = event.outcome;
      const ended = endRun(run, 'done', now, null);
      return {
        ...ended,
        finalSql: event.finalSql,
        finalOutcome: outcome,
        resultSummary:
          outcome && outcome.ok
            ? {
                rowCount: outcome.result.rows.length,
                columns: outcome.result.columns,
                truncated: outcome.result.truncated,
              }
            : null,
      };
    }
  }
}

/**
 * Ends the run: a stage still running is marked stopped (or failed, with the run's error), so
 * no card is left spinning whatever way the run ended.
 */
export function endRun(
  run: RunRecord,
  status: 'done' | 'failed' | 'stopped',
  now: number,
  error: ErrorPayload | null,
): RunRecord {
  if (run.status !== 'running') return run;
  const stages = { ...run.stages };
  for (const id of STAGE_ORDER) {
    const stage = stages[id];
    if (stage.status !== 'running') continue;
    const elapsedMs = stage.startedAt != null ? Math.max(0, now - stage.startedAt) : null;
    stages[id] =
      status === 'failed' && error
        ? { ...stage, status: 'failed', error, elapsedMs }
        : { ...stage, status: 'stopped', elapsedMs };
  }
  return { ...run, stages, status, finishedAt: now, updatedAt: now, error: error ?? run.error };
}

/** The stage whose card holds an edit: the edited card's "Re-run from here" starts after it. */
export function resumePointFor(run: RunRecord, stageId: StageId): ResumePoint | null {
  const stage = run.stages[stageId];
  const edit = stage.edit ?? editFromOutput(stage);
  if (!edit) return null;
  switch (edit.stage) {
    case 'schema_linking':
      return { stage: 'sql_generation', simplifiedSchema: edit.simplifiedSchema };
    case 'sql_generation':
      return { stage: 'noise_correction', sql: edit.sql };
    case 'noise_correction':
      return { stage: 'continuation_writing', sql: edit.sql };
    case 'continuation_writing': {
      const sql = stage.inputSql ?? run.stages.noise_correction.outputSql ?? run.currentSql;
      return sql == null ? null : { stage: 'continuation_writing', sql, prefix: edit.prefix };
    }
    case 'result':
      return { stage: 'result', sql: edit.sql };
  }
}

function unfinished(stage: StageRecord): boolean {
  return stage.status === 'failed' || stage.status === 'stopped';
}

/** The value a card shows in its editor when the person has not edited it. */
export function editFromOutput(stage: StageRecord): StageEdit | null {
  const output = stage.output;
  switch (stage.id) {
    case 'schema_linking':
      if (output?.stage === 'schema_linking') {
        return { stage: 'schema_linking', simplifiedSchema: output.simplifiedSchema };
      }
      return unfinished(stage) ? { stage: 'schema_linking', simplifiedSchema: {} } : null;
    case 'sql_generation':
      if (output?.stage === 'sql_generation') return { stage: 'sql_generation', sql: output.sql };
      // No SQL came out (a broken stream, an answer without SQL): the person may write one.
      return unfinished(stage) ? { stage: 'sql_generation', sql: '' } : null;
    case 'noise_correction': {
      const sql = stage.outputSql ?? (output?.stage === 'noise_correction' ? output.sql : null);
      return sql == null ? null : { stage: 'noise_correction', sql };
    }
    case 'continuation_writing':
      return {
        stage: 'continuation_writing',
        prefix:
          output?.stage === 'continuation_writing' ? output.prefix : DEFAULT_CONTINUATION_PREFIX,
      };
    case 'sample_vote':
    case 'result_checks':
      // Their SQL is edited where it goes next: on the noise-correction or the result card.
      return null;
    case 'result': {
      const sql = output?.stage === 'result' ? output.sql : stage.outputSql;
      if (sql != null) return { stage: 'result', sql };
      return unfinished(stage) ? { stage: 'result', sql: '' } : null;
    }
  }
}

/** Records an edit on a stage and marks every later stage stale. */
export function applyEdit(run: RunRecord, edit: StageEdit, now: number): RunRecord {
  const index = STAGE_ORDER.indexOf(edit.stage);
  const stages = { ...run.stages };
  stages[edit.stage] = { ...stages[edit.stage], edit, rerunPending: true };
  for (const id of STAGE_ORDER.slice(index + 1)) {
    stages[id] = { ...stages[id], status: 'stale', edit: null, rerunPending: false };
  }
  // Typing in an editor edits on every key: one log entry per stretch of edits to one stage.
  const last = run.edits[run.edits.length - 1];
  const edits =
    last && last.edit.stage === edit.stage
      ? [...run.edits.slice(0, -1), { at: now, edit }]
      : [...run.edits, { at: now, edit }];
  return { ...run, stages, edits, updatedAt: now };
}

/**
 * Prepares a run for a re-run from `resume`: the stages before it stay, the stages from it on
 * are cleared, and the current SQL is the value the re-run starts from.
 */
export function prepareResume(run: RunRecord, resume: ResumePoint, now: number): RunRecord {
  const index = STAGE_ORDER.indexOf(resume.stage);
  const stages = { ...run.stages };
  for (const id of STAGE_ORDER) {
    stages[id] =
      STAGE_ORDER.indexOf(id) < index
        ? { ...stages[id], rerunPending: false }
        : { ...emptyStage(id), edit: id === resume.stage ? stages[id].edit : null };
  }
  const currentSql = 'sql' in resume ? resume.sql : null;
  return {
    ...run,
    stages,
    status: 'running',
    finishedAt: null,
    updatedAt: now,
    currentSql,
    finalSql: null,
    finalOutcome: null,
    resultSummary: null,
    error: null,
  };
}
