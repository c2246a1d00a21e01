/**
 * Result checks: the current SQL ran, but does its result look right? Local checks on the
 * person's database (src/core/result-checks); when they find something, one correction call
 * gets the findings, and its SQL is adopted only if it runs and the findings are gone.
 * When noise correction replaced SQL₀, SQL₀'s result is checked too: the card shows what noise
 * correction made go away and what it brought in; the one correction call works on the current
 * SQL, whose findings include any of SQL₀'s that remain.
 */
import { toErrorPayload } from '../../errors';
import { checkResult, findingGone, type Finding } from '../../result-checks/checks';
import { findSql } from '../parse-sql';
import { resultCheckCall } from './call-prompts';
import { wholeSchema } from '../simplify';
import { constrain } from './constrain';
import type { PipelineStage, StageContext } from './stage';

async function findingsOn(
  ctx: StageContext,
  sql: string,
  result: Parameters<typeof checkResult>[0]['result'],
) {
  return checkResult({
    sql,
    result,
    schema: ctx.input.schema,
    db: ctx.lookup,
    timeoutMs: ctx.input.settings.sqlTimeoutMs,
  });
}

export const resultChecksStage: PipelineStage = {
  id: 'result_checks',
  label: 'Result checks',
  switchedOff: (settings) =>
    settings.resultChecks ? null : 'skipped: result checks are switched off',
  async *run(ctx) {
    const sql = ctx.state.currentSql;
    const first = ctx.state.replacedSql;
    let firstFindings: Finding[] | null = null;
    if (first && first.sql !== sql && first.outcome?.ok) {
      firstFindings = await findingsOn(ctx, first.sql, first.outcome.result);
      yield {
        type: 'report',
        stage: 'result_checks',
        report: {
          kind: 'checks',
          of: 'first_sql',
          sql: first.sql,
          findings: firstFindings,
          after: null,
        },
      };
    }
    const outcome = sql === null ? null : yield* ctx.currentOutcome();
    if (sql === null || !outcome?.ok) {
      yield {
        type: 'skipped',
        stage: 'result_checks',
        reason: 'skipped: the checks need a SQL that ran',
      };
      return;
    }
    const findings: Finding[] = await findingsOn(ctx, sql, outcome.result);
    if (findings.length === 0) {
      yield {
        type: 'report',
        stage: 'result_checks',
        report: { kind: 'checks', sql, findings, after: null },
      };
      yield {
        type: 'rejected',
        stage: 'result_checks',
        reason:
          firstFindings && firstFindings.length > 0
            ? 'nothing to correct: what the checks found on SQL\u2080 is gone after noise correction'
            : 'nothing to correct: no check found anything suspicious',
      };
      return;
    }
    const { question, hint, schema } = ctx.input;
    const constraint = constrain(ctx, 'sql', wholeSchema(schema), { kind: 'fenced' });
    const call = yield* ctx.call(
      'sql',
      resultCheckCall({
        question,
        hint,
        sql,
        findings: findings.map((f) => f.sentence),
        simplified: ctx.state.simplifiedSchema,
        pinnedTables: ctx.reads(sql).tables,
      }),
      { grammar: constraint?.grammar },
    );
    if (constraint) yield constraint.report(call.ok ? call.usage : undefined);
    const report = (after: Finding[] | null) =>
      ({
        type: 'report',
        stage: 'result_checks',
        report: { kind: 'checks', sql, findings, after },
      }) as const;
    if (!call.ok) {
      yield report(null);
      yield { type: 'stage_failed', stage: 'result_checks', error: toErrorPayload(call.error) };
      return;
    }
    const fixed = call.finishReason === 'length' ? null : findSql(call.answer);
    yield {
      type: 'parsed',
      stage: 'result_checks',
      output: { stage: 'result_checks', sql: fixed },
    };
    if (fixed === null) {
      yield report(null);
      yield {
        type: 'rejected',
        stage: 'result_checks',
        reason: 'the answer gave no whole SQL: the current SQL stays',
      };
      return;
    }
    const ran = yield* ctx.execute(fixed);
    if (!ran.ok) {
      yield report(null);
      yield {
        type: 'rejected',
        stage: 'result_checks',
        reason: 'the corrected SQL failed to run: the current SQL stays',
      };
      return;
    }
    const after = await findingsOn(ctx, fixed, ran.result);
    yield report(after);
    const remaining = findings.filter((f) => !findingGone(f, after));
    if (remaining.length > 0) {
      yield {
        type: 'rejected',
        stage: 'result_checks',
        reason: `the corrected SQL runs, but ${remaining.length === 1 ? 'the finding remains' : `${remaining.length} findings remain`}: the current SQL stays`,
      };
      return;
    }
    ctx.state.currentSql = fixed;
    ctx.state.currentOutcome = ran;
    yield {
      type: 'adopted',
      stage: 'result_checks',
      sql: fixed,
      reason: 'correction adopted: it runs and the checks no longer find what they found',
    };
  },
};
