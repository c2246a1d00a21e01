/** SQL generation: the first SQL (SQL₀), written on the simplified schema, then run. */
import { toErrorPayload } from '../../errors';
import type { GrammarSchema } from '../../grammar/sql-grammar';
import { outcomeText } from '../adoption';
import { findSql } from '../parse-sql';
import { wholeSchema } from '../simplify';
import { missingSqlError } from './answer-errors';
import { cutLabel } from '../cut-answers';
import type { CallPrompt } from '../../budget/call-prompt';
import { textToSqlCall } from './call-prompts';
import { constrain } from './constrain';
import type { PipelineStage, StageContext } from './stage';

/** The SQL-generation prompt and the schema it shows (the vote asks the same). */
export function sqlGenerationPrompt(ctx: StageContext): {
  prompt: CallPrompt;
  simplified: boolean;
  grammarSchema: GrammarSchema;
} {
  const { question, hint, schema } = ctx.input;
  // A simplified schema with no table left (every box unticked) would leave the model nothing to query.
  const edited = ctx.state.simplifiedSchema;
  const kept = edited && Object.keys(edited).length > 0 ? edited : null;
  return {
    prompt: textToSqlCall({ question, hint }, kept, ctx.input.settings.promptStyle),
    simplified: kept !== null,
    grammarSchema: kept ?? wholeSchema(schema),
  };
}

export const sqlGenerationStage: PipelineStage = {
  id: 'sql_generation',
  label: 'SQL generation',
  switchedOff: () => null,
  async *run(ctx) {
    const { prompt, simplified, grammarSchema } = sqlGenerationPrompt(ctx);
    const constraint = constrain(ctx, 'sql', grammarSchema, { kind: 'fenced' });
    const call = yield* ctx.call('sql', prompt, { grammar: constraint?.grammar });
    if (constraint) yield constraint.report(call.ok ? call.usage : undefined);
    if (!call.ok) {
      yield { type: 'stage_failed', stage: 'sql_generation', error: toErrorPayload(call.error) };
      return;
    }
    const sql = findSql(call.answer);
    if (sql === null) {
      yield {
        type: 'stage_failed',
        stage: 'sql_generation',
        error: toErrorPayload(missingSqlError(call.finishReason, call.cutWhileThinking)),
      };
      return;
    }
    const schemaName = simplified ? 'the simplified schema' : 'the full schema';
    if (call.cut) {
      // A cut SQL₀ may be a prefix that happens to run: it goes on as cut, unrun.
      yield {
        type: 'parsed',
        stage: 'sql_generation',
        output: { stage: 'sql_generation', sql, cut: call.cut },
      };
      ctx.state.currentSql = sql;
      ctx.state.currentOutcome = null;
      ctx.state.currentCut = call.cut;
      yield {
        type: 'adopted',
        stage: 'sql_generation',
        sql,
        reason: `first SQL, written on ${schemaName}: ${cutLabel(call.cut)}, so it was not run; noise correction reviews it as incomplete`,
      };
      return;
    }
    yield { type: 'parsed', stage: 'sql_generation', output: { stage: 'sql_generation', sql } };
    const outcome = yield* ctx.execute(sql);
    ctx.state.currentSql = sql;
    ctx.state.currentOutcome = outcome;
    ctx.state.currentCut = null;
    yield {
      type: 'adopted',
      stage: 'sql_generation',
      sql,
      reason: `first SQL, written on ${schemaName}: it ${outcomeText(outcome)}`,
    };
  },
};
