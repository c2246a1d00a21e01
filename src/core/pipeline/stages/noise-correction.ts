/** Noise correction: the model reviews every SQL (with SQLite's error when it failed). */
import { toErrorPayload } from '../../errors';
import { decideNoiseCorrection, errorText } from '../adoption';
import { parseNoiseCorrection } from '../parse-verdict';
import { CORRECT_VERDICT } from '../prompts';
import { wholeSchema } from '../simplify';
import { noiseCorrectionCall } from './call-prompts';
import { constrain } from './constrain';
import type { PipelineStage } from './stage';
import { cutRejection } from '../cut-answers';

export const noiseCorrectionStage: PipelineStage = {
  id: 'noise_correction',
  label: 'Noise correction',
  switchedOff: (settings) =>
    settings.noiseCorrection ? null : 'skipped: noise correction is switched off',
  async *run(ctx) {
    const sql = ctx.state.currentSql;
    if (sql === null) {
      yield {
        type: 'skipped',
        stage: 'noise_correction',
        reason: 'skipped: there is no SQL to check',
      };
      return;
    }
    const reviewed = yield* ctx.currentOutcome();
    const { question, hint } = ctx.input;
    const error = reviewed && !reviewed.ok ? errorText(reviewed.error) : null;
    const cut = ctx.state.currentCut !== null;
    const constraint = constrain(ctx, 'sql', wholeSchema(ctx.input.schema), {
      kind: 'verdict',
      correctText: CORRECT_VERDICT,
    });
    const call = yield* ctx.call(
      'sql',
      noiseCorrectionCall({
        question,
        hint,
        sql,
        error,
        cut,
        simplified: ctx.state.simplifiedSchema,
        // The SQL under review is never cut, nor are the tables it reads.
        pinnedTables: ctx.reads(sql).tables,
      }),
      { grammar: constraint?.grammar },
    );
    if (constraint) yield constraint.report(call.ok ? call.usage : undefined);
    if (!call.ok) {
      yield { type: 'stage_failed', stage: 'noise_correction', error: toErrorPayload(call.error) };
      return;
    }
    let verdict;
    try {
      verdict = parseNoiseCorrection(call.answer, sql);
    } catch (error) {
      yield { type: 'stage_failed', stage: 'noise_correction', error: toErrorPayload(error) };
      return;
    }
    yield {
      type: 'parsed',
      stage: 'noise_correction',
      output: { stage: 'noise_correction', ...verdict },
    };
    if (call.cut && verdict.sql !== null) {
      yield {
        type: 'rejected',
        stage: 'noise_correction',
        reason: cutRejection(call.cut, 'corrected'),
      };
      return;
    }
    const corrected = verdict.sql !== null ? yield* ctx.execute(verdict.sql) : null;
    const decision = decideNoiseCorrection(verdict, reviewed, corrected);
    if (decision.adopt && verdict.sql !== null) {
      ctx.state.replacedSql = { sql, outcome: reviewed };
      ctx.state.currentSql = verdict.sql;
      ctx.state.currentOutcome = corrected;
      ctx.state.currentCut = null;
      yield {
        type: 'adopted',
        stage: 'noise_correction',
        sql: verdict.sql,
        reason: decision.reason,
      };
    } else {
      yield { type: 'rejected', stage: 'noise_correction', reason: decision.reason };
    }
  },
};
