/** The result: the final SQL, run on the person's database. */
import { AppError, toErrorPayload } from '../../errors';
import type { PipelineStage } from './stage';

export const resultStage: PipelineStage = {
  id: 'result',
  label: 'Result',
  switchedOff: () => null,
  async *run(ctx) {
    const sql = ctx.state.currentSql;
    if (sql === null) {
      const error = new AppError(
        'unparseable_answer',
        'No stage produced a SQL to run.',
        'Write the SQL yourself in the result card, or ask again.',
      );
      yield { type: 'stage_failed', stage: 'result', error: toErrorPayload(error) };
      return;
    }
    const notes = ctx.state.currentCut
      ? ['This SQL comes from an answer that was cut off before its end; it ran as it is.']
      : undefined;
    yield {
      type: 'parsed',
      stage: 'result',
      output: { stage: 'result', sql },
      ...(notes && { notes }),
    };
    const outcome = yield* ctx.execute(sql, { whole: true });
    ctx.state.finalSql = sql;
    ctx.state.finalOutcome = outcome;
    if (!outcome.ok) yield { type: 'stage_failed', stage: 'result', error: outcome.error };
  },
};
