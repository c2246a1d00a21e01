import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../pipeline/events';
import {
  applyEdit,
  editFromOutput,
  endRun,
  foldEvent,
  prepareResume,
  resumePointFor,
} from './fold-events';
import { FULL_RUN, fold, freshRun, USAGE } from './fixtures.test-support';
import { compactForHistory, stageTokens, stageTokensPerSecond } from './run-record';

describe('foldEvent', () => {
  it('folds a full run into per-stage records', () => {
    const run = fold(freshRun(), FULL_RUN);
    expect(run.status).toBe('done');
    expect(run.finalSql).toBe('SELECT count(*) FROM Artist');
    expect(run.resultSummary).toEqual({ rowCount: 1, columns: ['n'], truncated: false });
    const sl = run.stages.schema_linking;
    expect(sl.status).toBe('done');
    expect(sl.calls.map((c) => c.call)).toEqual(['schema_links', 'pseudo_sql']);
    expect(sl.calls[0]?.answer).toBe('{"Artist": ["ArtistId"]}');
    expect(run.stages.sql_generation.outputSql).toBe('SELECT x FROM Artist');
    const nc = run.stages.noise_correction;
    expect(nc.inputSql).toBe('SELECT x FROM Artist');
    expect(nc.outputSql).toBe('SELECT count(*) FROM Artist');
    expect(nc.verdict).toEqual({
      kind: 'adopted',
      sql: 'SELECT count(*) FROM Artist',
      reason: 'correction adopted: the SQL failed with: no such column: x',
    });
    expect(nc.executions).toHaveLength(2);
    expect(run.stages.continuation_writing.status).toBe('skipped');
    expect(run.stages.continuation_writing.verdict?.reason).toMatch(/fewer than 3 tables/);
  });

  it('streams tokens into the call and touches only that stage', () => {
    const started = fold(freshRun(), FULL_RUN.slice(0, 3));
    const next = foldEvent(started, FULL_RUN[3] as PipelineEvent, 5000);
    expect(next.stages.schema_linking.calls[0]?.answer).toBe('{"Artist": ["ArtistId"]}');
    expect(next.stages.schema_linking.status).toBe('running');
    // Other cards keep the very same objects: their selectors do not fire.
    expect(next.stages.sql_generation).toBe(started.stages.sql_generation);
    expect(next.stages.result).toBe(started.stages.result);
  });

  it('sums tokens and works out tokens per second from wall time', () => {
    const run = fold(freshRun(), FULL_RUN);
    expect(stageTokens(run.stages.schema_linking)).toEqual({ prompt: 200, completion: 40 });
    expect(stageTokensPerSecond(run.stages.schema_linking)).toBeCloseTo(40);
    expect(stageTokensPerSecond(run.stages.result)).toBeNull();
  });

  it('prefers the engine-reported decode speed', () => {
    const usage = { ...USAGE, decodeTokensPerSecond: 12 };
    const run = fold(freshRun(), [
      { type: 'stage_started', stage: 'sql_generation', at: 1 },
      { type: 'prompt', stage: 'sql_generation', call: 'sql', messages: [] },
      {
        type: 'call_finished',
        stage: 'sql_generation',
        call: 'sql',
        answer: 'x',
        usage,
        elapsedMs: 10,
        finishReason: 'stop',
      },
    ]);
    expect(stageTokensPerSecond(run.stages.sql_generation)).toBe(12);
  });

  it('marks the running stage stopped when the run is stopped', () => {
    const run = fold(freshRun(), [
      ...FULL_RUN.slice(0, 3),
      { type: 'stopped', stage: 'schema_linking' },
    ]);
    expect(run.status).toBe('stopped');
    expect(run.stages.schema_linking.status).toBe('stopped');
    // The fold stamps wall time: started at 2000, stopped at 2003.
    expect(run.stages.schema_linking.elapsedMs).toBe(3);
    expect(run.stages.schema_linking.calls[0]?.answer).toBe('{"Artist"');
    expect(run.stages.sql_generation.status).toBe('idle');
  });

  it('keeps a stage failure on its card and lets the run go on', () => {
    const error = { code: 'stream_dropped' as const, message: 'The connection dropped.' };
    const run = fold(freshRun(), [
      ...FULL_RUN.slice(0, 3),
      { type: 'stage_failed', stage: 'schema_linking', error },
      { type: 'stage_finished', stage: 'schema_linking', elapsedMs: 10 },
    ]);
    expect(run.stages.schema_linking.status).toBe('failed');
    expect(run.stages.schema_linking.error).toEqual(error);
    expect(run.status).toBe('running');
  });

  it('ends a run that threw with the running stage failed', () => {
    const error = { code: 'network' as const, message: 'No answer from the server.' };
    const run = endRun(fold(freshRun(), FULL_RUN.slice(0, 3)), 'failed', 9, error);
    expect(run.status).toBe('failed');
    expect(run.stages.schema_linking).toMatchObject({ status: 'failed', error });
    expect(endRun(run, 'stopped', 10, null)).toBe(run);
  });
});

describe('edits and re-runs', () => {
  it('marks later stages stale and starts the re-run after the edited stage', () => {
    const done = fold(freshRun(), FULL_RUN);
    const edited = applyEdit(done, { stage: 'sql_generation', sql: 'SELECT 1' }, 9000);
    expect(edited.stages.sql_generation.rerunPending).toBe(true);
    expect(edited.stages.schema_linking.status).toBe('done');
    for (const id of ['noise_correction', 'continuation_writing', 'result'] as const) {
      expect(edited.stages[id].status).toBe('stale');
    }
    expect(edited.edits).toEqual([
      { at: 9000, edit: { stage: 'sql_generation', sql: 'SELECT 1' } },
    ]);
    // Keystrokes in one editor make one log entry; an edit elsewhere makes another.
    const typed = applyEdit(
      applyEdit(done, { stage: 'sql_generation', sql: 'SELECT' }, 8000),
      { stage: 'sql_generation', sql: 'SELECT 1' },
      9000,
    );
    expect(typed.edits).toEqual(edited.edits);
    expect(
      applyEdit(typed, { stage: 'schema_linking', simplifiedSchema: {} }, 9100).edits,
    ).toHaveLength(2);
    const resume = resumePointFor(edited, 'sql_generation');
    expect(resume).toEqual({ stage: 'noise_correction', sql: 'SELECT 1' });

    const rerun = prepareResume(edited, resume!, 9500);
    expect(rerun.status).toBe('running');
    expect(rerun.currentSql).toBe('SELECT 1');
    expect(rerun.stages.sql_generation.rerunPending).toBe(false);
    expect(rerun.stages.sql_generation.edit).toEqual({ stage: 'sql_generation', sql: 'SELECT 1' });
    expect(rerun.stages.schema_linking).toEqual(edited.stages.schema_linking);
    expect(rerun.stages.noise_correction.status).toBe('idle');
    expect(rerun.finalSql).toBeNull();
  });

  it('maps each editable stage to its resume point', () => {
    const done = fold(freshRun(), FULL_RUN);
    expect(
      resumePointFor(
        applyEdit(done, { stage: 'schema_linking', simplifiedSchema: { Album: [] } }, 1),
        'schema_linking',
      ),
    ).toEqual({ stage: 'sql_generation', simplifiedSchema: { Album: [] } });
    expect(
      resumePointFor(
        applyEdit(done, { stage: 'noise_correction', sql: 'SELECT 2' }, 1),
        'noise_correction',
      ),
    ).toEqual({ stage: 'continuation_writing', sql: 'SELECT 2' });
    // A longer prefix steers continuation writing, which completes the SQL noise correction handed on.
    expect(
      resumePointFor(
        applyEdit(done, { stage: 'continuation_writing', prefix: 'SELECT count(' }, 1),
        'continuation_writing',
      ),
    ).toEqual({
      stage: 'continuation_writing',
      sql: 'SELECT count(*) FROM Artist',
      prefix: 'SELECT count(',
    });
    expect(
      resumePointFor(applyEdit(done, { stage: 'result', sql: 'SELECT 3' }, 1), 'result'),
    ).toEqual({
      stage: 'result',
      sql: 'SELECT 3',
    });
  });

  it('re-runs an unedited stage from its own output', () => {
    const done = fold(freshRun(), FULL_RUN);
    expect(resumePointFor(done, 'sql_generation')).toEqual({
      stage: 'noise_correction',
      sql: 'SELECT x FROM Artist',
    });
    expect(resumePointFor(freshRun(), 'sql_generation')).toBeNull();
  });
});

describe('a stage that produced nothing', () => {
  it('offers an empty value to fill in, and re-runs from it', () => {
    const error = { code: 'stream_dropped' as const, message: 'The connection dropped.' };
    const failed = fold(freshRun(), [
      ...FULL_RUN.slice(0, 9),
      { type: 'stage_started', stage: 'sql_generation', at: 2 },
      { type: 'prompt', stage: 'sql_generation', call: 'sql', messages: [] },
      { type: 'token', stage: 'sql_generation', call: 'sql', text: '```sq' },
      { type: 'stage_failed', stage: 'sql_generation', error },
      { type: 'stage_finished', stage: 'sql_generation', elapsedMs: 5 },
    ]);
    expect(editFromOutput(failed.stages.sql_generation)).toEqual({
      stage: 'sql_generation',
      sql: '',
    });
    // A stage still waiting has nothing to edit.
    expect(editFromOutput(failed.stages.noise_correction)).toBeNull();
    const written = applyEdit(failed, { stage: 'sql_generation', sql: 'SELECT 1' }, 10);
    expect(resumePointFor(written, 'sql_generation')).toEqual({
      stage: 'noise_correction',
      sql: 'SELECT 1',
    });
  });
});

describe('compactForHistory', () => {
  it('cuts result rows but keeps everything else', () => {
    const many = {
      ok: true as const,
      result: {
        columns: ['n'],
        rows: Array.from({ length: 250 }, (_, i) => [i]),
        elapsedMs: 1,
        truncated: false,
        changes: 0,
      },
    };
    const run = fold(freshRun(), [
      { type: 'stage_started', stage: 'result', at: 1 },
      { type: 'executed', stage: 'result', sql: 'SELECT n', outcome: many },
      { type: 'done', finalSql: 'SELECT n', outcome: many },
    ]);
    const kept = compactForHistory(run, 100);
    expect(kept.resultSummary?.rowCount).toBe(250);
    const final = kept.finalOutcome;
    expect(final?.ok && final.result.rows.length).toBe(100);
    expect(final?.ok && final.result.truncated).toBe(true);
    const executed = kept.stages.result.executions[0]?.outcome;
    expect(executed?.ok && executed.result.rows.length).toBe(100);
    expect(run.finalOutcome?.ok && run.finalOutcome.result.rows.length).toBe(250);
  });
});
