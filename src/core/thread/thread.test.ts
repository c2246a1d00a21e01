/** Threads: follow-up links, old records as one-turn threads, History grouping and exports. */
import { describe, expect, it } from 'vitest';
import { FULL_RUN, fold, freshRun } from '../history/fixtures.test-support';
import { runToJson, runToMarkdown } from '../history/export-run';
import type { RunRecord } from '../history/run-record';
import { exportThread, THREAD_EXPORT_FORMAT } from './export-thread';
import { groupThreads, latestTurn } from './group-threads';
import {
  firstTurn,
  followUpLink,
  followUpUnavailable,
  hasLaterTurn,
  promptContext,
  threadOf,
  turnsLeftOut,
} from './thread';

/** A finished run (final SQL `SELECT count(*) FROM Artist`, 1 row) with the given id and thread. */
function finished(
  id: string,
  question: string,
  createdAt: number,
  thread = firstTurn(id),
): RunRecord {
  const run = fold({ ...freshRun(), id, question, createdAt, thread }, FULL_RUN);
  return { ...run, resultSummary: { rowCount: 1, columns: ['n'], truncated: false } };
}

/** A record as saved before threads existed. */
function withoutThread(run: RunRecord): RunRecord {
  const old = { ...run };
  delete old.thread;
  return old;
}

const failed = (run: RunRecord): RunRecord => ({
  ...run,
  status: 'failed',
  finalSql: null,
  finalOutcome: null,
  resultSummary: null,
});

describe('thread links', () => {
  it('a follow-up continues the thread with every earlier turn, oldest first', () => {
    const first = finished('a', 'How many artists?', 1);
    const second = finished('b', 'Only those with albums?', 2, followUpLink(first));
    const third = followUpLink(second);
    expect(third.id).toBe('a');
    expect(third.turn).toBe(2);
    expect(third.earlier.map((t) => [t.runId, t.question, t.sql, t.rowCount])).toEqual([
      ['a', 'How many artists?', 'SELECT count(*) FROM Artist', 1],
      ['b', 'Only those with albums?', 'SELECT count(*) FROM Artist', 1],
    ]);
    expect(promptContext(third)).toEqual([
      { question: 'How many artists?', sql: 'SELECT count(*) FROM Artist' },
      { question: 'Only those with albums?', sql: 'SELECT count(*) FROM Artist' },
    ]);
  });

  it('a failed turn stays in the thread and gives its question without SQL', () => {
    const first = failed(finished('a', 'Which artists are from Mars?', 1));
    const link = followUpLink(first);
    expect(link.earlier[0]).toMatchObject({ status: 'failed', sql: null, rowCount: null });
    expect(promptContext(link)).toEqual([{ question: 'Which artists are from Mars?', sql: null }]);
  });

  it('a record saved before threads is a thread of one turn, its own', () => {
    const old = withoutThread(finished('old', 'How many artists?', 1));
    expect(threadOf(old)).toEqual({ id: 'old', turn: 0 });
    expect(promptContext(undefined)).toEqual([]);
    expect(followUpLink(old)).toMatchObject({ id: 'old', turn: 1 });
  });

  it('knows when a turn already has a later one (a follow-up from it branches)', () => {
    const first = finished('a', 'q1', 1);
    const second = finished('b', 'q2', 2, followUpLink(first));
    expect(hasLaterTurn(first, [first, second])).toBe(true);
    expect(hasLaterTurn(second, [first, second])).toBe(false);
  });
});

describe('what the Ask view says about a thread', () => {
  it('Follow-up is off with a reason before a run finished', () => {
    expect(followUpUnavailable(null)).toMatch(/ask one first/);
    expect(followUpUnavailable({ ...finished('a', 'q', 1), status: 'running' })).toMatch(/Wait/);
    expect(followUpUnavailable(finished('a', 'q', 1))).toBeNull();
    expect(followUpUnavailable(failed(finished('a', 'q', 1)))).toBeNull();
  });

  it('the most earlier turns a prompt left out, with its window', () => {
    const run = finished('b', 'q2', 2);
    expect(turnsLeftOut(run)).toEqual({ turns: 0, window: null });
    const budget = (turns: number) => ({
      promptTokens: 3000,
      countedBy: 'Qwen2.5',
      window: 4096,
      answerTokens: 1024,
      notes: [],
      turnsLeftOut: turns,
    });
    const stages = { ...run.stages };
    stages.schema_linking = {
      ...stages.schema_linking,
      calls: stages.schema_linking.calls.map((c, i) => ({ ...c, budget: budget(i + 1) })),
    };
    stages.noise_correction = {
      ...stages.noise_correction,
      calls: stages.noise_correction.calls.map((c) => ({ ...c, budget: budget(1) })),
    };
    expect(turnsLeftOut({ ...run, stages })).toEqual({
      turns: stages.schema_linking.calls.length,
      window: 4096,
    });
  });
});

describe('History as threads', () => {
  it('groups a thread’s turns in order, threads newest first, old records alone', () => {
    const a1 = finished('a1', 'How many artists?', 10);
    const a2 = finished('a2', 'Only rock?', 30, followUpLink(a1));
    const old = withoutThread(finished('old', 'How many albums?', 5));
    const b1 = finished('b1', 'How many tracks?', 20);
    // History lists newest first.
    const groups = groupThreads([a2, b1, a1, old]);
    expect(groups.map((g) => g.turns.map((r) => r.id))).toEqual([['a1', 'a2'], ['b1'], ['old']]);
    expect(latestTurn(groups[0]!).id).toBe('a2');
  });
});

describe('exports carry the thread', () => {
  const first = finished('a', 'How many artists?', 1);
  const second = finished('b', 'And how many albums do they have?', 2, followUpLink(first));

  it('a run’s JSON and Markdown hold its earlier turns', () => {
    const json = JSON.parse(runToJson(second)) as RunRecord;
    expect(json.thread).toMatchObject({ id: 'a', turn: 1 });
    expect(json.thread?.earlier[0]).toMatchObject({
      question: 'How many artists?',
      sql: 'SELECT count(*) FROM Artist',
    });
    const md = runToMarkdown(second);
    expect(md).toContain('- thread: turn 2 of thread a');
    expect(md).toContain('## Earlier turns in this thread');
    expect(md).toContain('### Turn 1: How many artists?');
    expect(md.indexOf('### Turn 1')).toBeLessThan(md.indexOf('## Final SQL'));
    expect(runToMarkdown(first)).not.toContain('Earlier turns');
  });

  it('a thread exports every turn, as JSON records and as Markdown', () => {
    const [group] = groupThreads([second, first]);
    const json = JSON.parse(exportThread(group!, 'json').text) as {
      format: string;
      threadId: string;
      turns: RunRecord[];
    };
    expect(json.format).toBe(THREAD_EXPORT_FORMAT);
    expect(json.threadId).toBe('a');
    expect(json.turns.map((t) => t.question)).toEqual([
      'How many artists?',
      'And how many albums do they have?',
    ]);
    const md = exportThread(group!, 'markdown');
    expect(md.filename).toMatch(/^thread-.*-how-many-artists\.md$/);
    expect(md.text).toContain('# Thread: How many artists?');
    expect(md.text).toContain('## Turn 1: How many artists?');
    expect(md.text).toContain('## Turn 2: And how many albums do they have?');
    expect(md.text).toContain('| n |');
  });

  it('a thread whose first turns were deleted keeps them from the snapshot', () => {
    const [group] = groupThreads([second]);
    const md = exportThread(group!, 'markdown').text;
    expect(md).toContain('### Turn 1: How many artists?');
    expect(md).toContain('## Turn 2: And how many albums do they have?');
  });
});
