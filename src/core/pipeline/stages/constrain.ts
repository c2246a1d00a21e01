/**
 * Grammar-constrained decoding for a stage's call: the grammar of the prompt's schema in the
 * frame the stage's answer takes, when the run's switch is on and the engine takes a grammar.
 */
import type { ChatUsage } from '../../llm/chat';
import { buildSqlGrammar, type AnswerFrame, type GrammarSchema } from '../../grammar/sql-grammar';
import type { CallId, PipelineEvent } from '../events';
import type { StageContext } from './stage';

export interface Constraint {
  /** The grammar to send; undefined when the engine takes none. */
  grammar: string | undefined;
  /** The card's grammar report, once the call tells the compile time. */
  report(usage: ChatUsage | undefined): PipelineEvent;
}

/** null when the run's switch is off. */
export function constrain(
  ctx: StageContext,
  call: CallId,
  schema: GrammarSchema,
  frame: AnswerFrame,
): Constraint | null {
  if (!ctx.input.settings.constrainSql) return null;
  if (Object.values(schema).every((columns) => columns.length === 0)) return null;
  const built = buildSqlGrammar(schema, frame);
  const support = ctx.grammarSupport();
  return {
    grammar: support.ok ? built.text : undefined,
    report: (usage) => ({
      type: 'report',
      stage: ctx.stage,
      report: {
        kind: 'grammar',
        call,
        constrained: support.ok,
        reason: support.ok ? null : support.reason,
        rules: built.rules,
        bytes: built.bytes,
        compileMs: usage?.grammarInitMs ?? null,
      },
    }),
  };
}
