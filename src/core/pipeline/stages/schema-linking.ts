/**
 * Schema linking: one call asks which tables and columns matter (JSON), one writes a pseudo-SQL
 * on the full schema; their union is the simplified schema SQL generation works on.
 */
import { toErrorPayload } from '../../errors';
import type { SimplifiedSchema } from '../events';
import { findSql } from '../parse-sql';
import { parseSchemaLinks } from '../parse-links';
import { simplifySchema, wholeSchema } from '../simplify';
import { schemaLinksCall, textToSqlCall } from './call-prompts';
import type { PipelineStage } from './stage';

export const schemaLinkingStage: PipelineStage = {
  id: 'schema_linking',
  label: 'Schema linking',
  switchedOff: (settings) =>
    settings.schemaLinking
      ? null
      : 'skipped: schema linking is switched off, so SQL generation uses the full schema',
  async *run(ctx) {
    const { question, hint, schema } = ctx.input;
    const notes: string[] = [];

    const linksCall = yield* ctx.call('schema_links', schemaLinksCall({ question, hint }), {
      json: true,
    });
    let links: SimplifiedSchema | null = null;
    if (!linksCall.ok) {
      notes.push(`The schema-linking call failed (${linksCall.error.message}).`);
    } else {
      try {
        const parsed = parseSchemaLinks(linksCall.answer, schema);
        links = parsed.links;
        if (parsed.source === 'prose') {
          notes.push(
            'The schema-linking answer was not JSON; the tables and columns it mentions were used.',
          );
        }
      } catch (error) {
        notes.push(`${toErrorPayload(error).message} It was left out of the simplified schema.`);
      }
    }

    const pseudoCall = yield* ctx.call(
      'pseudo_sql',
      textToSqlCall({ question, hint }, null, ctx.input.settings.promptStyle),
    );
    let pseudoSql: string | null = null;
    let pseudoReads: SimplifiedSchema | null = null;
    if (!pseudoCall.ok) {
      notes.push(`The pseudo-SQL call failed (${pseudoCall.error.message}).`);
    } else {
      pseudoSql = findSql(pseudoCall.answer);
      if (pseudoSql === null) notes.push('The pseudo-SQL answer held no SQL.');
      else {
        const reads = ctx.reads(pseudoSql);
        if (reads.tables.length > 0) pseudoReads = reads.columns;
        else notes.push('The pseudo-SQL reads no table of this database.');
      }
    }

    if (links === null && pseudoReads === null) {
      notes.push('Nothing usable came back, so SQL generation uses the full schema.');
      ctx.state.simplifiedSchema = null;
    } else {
      if (links === null) notes.push('The simplified schema comes from the pseudo-SQL alone.');
      else if (pseudoReads === null)
        notes.push('The simplified schema comes from the schema links alone.');
      ctx.state.simplifiedSchema = simplifySchema(schema, links, pseudoReads);
    }

    yield {
      type: 'parsed',
      stage: 'schema_linking',
      output: {
        stage: 'schema_linking',
        links,
        pseudoSql,
        simplifiedSchema: ctx.state.simplifiedSchema ?? wholeSchema(schema),
      },
      ...(notes.length > 0 ? { notes } : {}),
    };
    if (!linksCall.ok && !pseudoCall.ok) {
      yield {
        type: 'stage_failed',
        stage: 'schema_linking',
        error: toErrorPayload(linksCall.error),
      };
    }
  },
};
