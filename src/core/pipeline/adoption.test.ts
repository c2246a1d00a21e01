import { describe, expect, it } from 'vitest';
import type { ExecutionOutcome } from './events';
import { continuationTrigger, decideContinuation, decideNoiseCorrection } from './adoption';

const ran = (rows: number): ExecutionOutcome => ({
  ok: true,
  result: {
    columns: ['a'],
    rows: Array.from({ length: rows }, (_, i) => [i]),
    elapsedMs: 1,
    truncated: false,
    changes: 0,
  },
});
const failed = (detail: string): ExecutionOutcome => ({
  ok: false,
  error: { code: 'sql_error', message: `SQLite error: ${detail}`, detail },
});
const timedOut: ExecutionOutcome = {
  ok: false,
  error: { code: 'timeout', message: 'The query ran longer than 5 s and was stopped.' },
};

describe('noise correction adoption', () => {
  it('adopts a proposed SQL that runs, naming the error the original failed with', () => {
    expect(
      decideNoiseCorrection(
        { verdict: 'corrected', sql: 'SELECT 1' },
        failed('no such column: x'),
        ran(2),
      ),
    ).toEqual({
      adopt: true,
      reason:
        'correction adopted: the SQL failed with: no such column: x; the corrected SQL runs and returns 2 rows',
    });
  });

  it('adopts a correction of a SQL that ran, even when it returns no rows', () => {
    const decision = decideNoiseCorrection(
      { verdict: 'corrected', sql: 'SELECT 1' },
      ran(3),
      ran(0),
    );
    expect(decision.adopt).toBe(true);
    expect(decision.reason).toBe(
      'correction adopted: the model judged the SQL wrong; the corrected SQL runs and returns 0 rows',
    );
  });

  it('keeps the original when the model judged it correct, even if it fails', () => {
    expect(
      decideNoiseCorrection({ verdict: 'correct', sql: null }, failed('no such table: t'), null),
    ).toEqual({
      adopt: false,
      reason: 'kept the original: the model judged the SQL correct',
    });
  });

  it('keeps the original when the correction fails or times out', () => {
    expect(
      decideNoiseCorrection(
        { verdict: 'corrected', sql: 'SELECT x' },
        ran(1),
        failed('no such column: x'),
      ),
    ).toEqual({
      adopt: false,
      reason: 'kept the original: the corrected SQL failed with: no such column: x',
    });
    expect(
      decideNoiseCorrection({ verdict: 'corrected', sql: 'SELECT x' }, ran(1), timedOut).reason,
    ).toBe(
      'kept the original: the corrected SQL failed with: The query ran longer than 5 s and was stopped.',
    );
  });
});

describe('continuation trigger', () => {
  it('runs when the SQL fails', () => {
    expect(
      continuationTrigger({
        sql: 'SELECT x',
        outcome: failed('no such column: x'),
        tablesRead: 1,
        customPrefix: false,
      }),
    ).toEqual({
      run: true,
      reason: 'the SQL failed with: no such column: x',
    });
  });
  it('runs for three or more tables', () => {
    expect(
      continuationTrigger({ sql: 'SELECT', outcome: ran(1), tablesRead: 3, customPrefix: false }),
    ).toEqual({
      run: true,
      reason: 'the SQL reads 3 tables',
    });
    expect(
      continuationTrigger({ sql: 'SELECT', outcome: ran(0), tablesRead: 4, customPrefix: false })
        .run,
    ).toBe(true);
  });
  it('skips a SQL that runs and reads fewer than three tables, even with no rows', () => {
    expect(
      continuationTrigger({ sql: 'SELECT', outcome: ran(0), tablesRead: 2, customPrefix: false }),
    ).toEqual({
      run: false,
      reason: 'skipped: the SQL runs and reads fewer than 3 tables',
    });
  });
  it('runs when there is no SQL, or when the person wrote a prefix', () => {
    expect(
      continuationTrigger({ sql: null, outcome: null, tablesRead: 0, customPrefix: false }).run,
    ).toBe(true);
    expect(
      continuationTrigger({ sql: 'SELECT', outcome: ran(1), tablesRead: 1, customPrefix: true }),
    ).toEqual({
      run: true,
      reason: 'you edited the prefix',
    });
  });
});

describe('continuation adoption', () => {
  const trigger = { run: true, reason: 'the SQL reads 3 tables' };
  it('adopts a completed SQL that runs and returns rows', () => {
    expect(decideContinuation(trigger, ran(1))).toEqual({
      adopt: true,
      reason:
        'continuation adopted: the SQL reads 3 tables; the completed SQL runs and returns 1 row',
    });
  });
  it('keeps the original when the completed SQL returns no rows', () => {
    expect(decideContinuation(trigger, ran(0))).toEqual({
      adopt: false,
      reason: 'kept the original: the completed SQL returned no rows',
    });
  });
  it('keeps the original when the completed SQL fails', () => {
    expect(decideContinuation(trigger, failed('near "FROM": syntax error'))).toEqual({
      adopt: false,
      reason: 'kept the original: the completed SQL failed with: near "FROM": syntax error',
    });
  });
});
