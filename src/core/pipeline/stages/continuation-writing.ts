/**
 * Continuation writing: for SQL that still fails or joins three or more tables, the model
 * writes the query again from an incomplete start (`SELECT ` unless the person wrote another).
 */
import { toErrorPayload } from '../../errors';
import { continuationTrigger, decideContinuation } from '../adoption';
import { completeContinuation } from '../parse-sql';
import { DEFAULT_CONTINUATION_PREFIX } from '../prompts';
import { missingSqlError } from './answer-errors';
import { continuationCall } from './call-prompts';
import type { PipelineStage } from './stage';
import { cutRejection } from '../cut-answers';

export const continuationWritingStage: PipelineStage = {
  id: 'continuation_writing',
  label: 'Continuation writing',
  switchedOff: (settings) =>
    settings.continuationWriting ? null : 'skipped: continuation writing is switched off',
  async *run(ctx) {
    const sql = ctx.state.currentSql;
    const outcome = sql !== null ? yield* ctx.currentOutcome() : null;
    const trigger = continuationTrigger({
      sql,
      outcome,
      tablesRead: sql !== null ? ctx.reads(sql).tables.length : 0,
      customPrefix: ctx.state.customPrefix !== null,
      cut: ctx.state.currentCut !== null,
    });
    if (!trigger.run) {
      yield { type: 'skipped', stage: 'continuation_writing', reason: trigger.reason };
      return;
    }
    const prefix = ctx.state.customPrefix ?? DEFAULT_CONTINUATION_PREFIX;
    const { question, hint } = ctx.input;
    const call = yield* ctx.call(
      'sql',
      continuationCall({
        question,
        hint,
        prefix,
        simplified: ctx.state.simplifiedSchema,
        pinnedTables: sql !== null ? ctx.reads(sql).tables : [],
      }),
    );
    if (!call.ok) {
      yield {
        type: 'stage_failed',
        stage: 'continuation_writing',
        error: toErrorPayload(call.error),
      };
      return;
    }
    let completed: string;
    try {
      completed = completeContinuation(call.answer, prefix);
    } catch {
      yield {
        type: 'stage_failed',
        stage: 'continuation_writing',
        error: toErrorPayload(missingSqlError(call.finishReason, call.cutWhileThinking)),
      };
      return;
    }
    yield {
      type: 'parsed',
      stage: 'continuation_writing',
      output: { stage: 'continuation_writing', prefix, sql: completed },
    };
    if (call.cut) {
      yield {
        type: 'rejected',
        stage: 'continuation_writing',
        reason: cutRejection(call.cut, 'completed'),
      };
      return;
    }
    const result = yield* ctx.execute(completed);
    const decision = decideContinuation(trigger, result);
    if (decision.adopt) {
      ctx.state.currentSql = completed;
      ctx.state.currentOutcome = result;
      ctx.state.currentCut = null;
      yield {
        type: 'adopted',
        stage: 'continuation_writing',
        sql: completed,
        reason: decision.reason,
      };
    } else {
      yield { type: 'rejected', stage: 'continuation_writing', reason: decision.reason };
    }
  },
};
