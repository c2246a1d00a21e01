/** SQL generation: the first SQL (SQL₀), written on the simplified schema, then run. */
import { toErrorPayload } from '../../errors';
import type { GrammarSchema } from '../../grammar/sql-grammar';
import type { ChatMessage } from '../../llm/chat';
import { outcomeText } from '../adoption';
import { findSql } from '../parse-sql';
import { buildTextToSqlPrompt } from '../prompts';
import { wholeSchema } from '../simplify';
import { missingSqlError } from './answer-errors';
import { constrain } from './constrain';
import type { PipelineStage, StageContext } from './stage';

/** The SQL-generation prompt and the schema it shows (the vote asks the same). */
export function sqlGenerationPrompt(ctx: StageContext): {
  messages: ChatMessage[];
  simplified: boolean;
  grammarSchema: GrammarSchema;
} {
  const { question, hint, schema } = ctx.input;
  // A simplified schema with no table left (every box unticked) would leave the model nothing to query.
  const edited = ctx.state.simplifiedSchema;
  const kept = edited && Object.keys(edited).length > 0 ? edited : null;
  const schemaText = kept ? ctx.simplifiedSchemaText(kept) : ctx.fullSchemaText();
  return {
    messages: buildTextToSqlPrompt({ schemaText, question, hint, simplified: kept !== null }),
    simplified: kept !== null,
    grammarSchema: kept ?? wholeSchema(schema),
  };
}

export const sqlGenerationStage: PipelineStage = {
  id: 'sql_generation',
  label: 'SQL generation',
  switchedOff: () => null,
  async *run(ctx) {
    const prompt = sqlGenerationPrompt(ctx);
    const constraint = constrain(ctx, 'sql', prompt.grammarSchema, { kind: 'fenced' });
    const call = yield* ctx.call('sql', prompt.messages, { grammar: constraint?.grammar });
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
        error: toErrorPayload(missingSqlError(call.finishReason)),
      };
      return;
    }
    yield { type: 'parsed', stage: 'sql_generation', output: { stage: 'sql_generation', sql } };
    const outcome = yield* ctx.execute(sql);
    ctx.state.currentSql = sql;
    ctx.state.currentOutcome = outcome;
    const schemaName = prompt.simplified ? 'the simplified schema' : 'the full schema';
    yield {
      type: 'adopted',
      stage: 'sql_generation',
      sql,
      reason: `first SQL, written on ${schemaName}: it ${outcomeText(outcome)}`,
    };
  },
};
