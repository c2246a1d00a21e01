/**
 * The schema texts the data lab's prompts show, rendered as the pipeline renders them (so the
 * training samples carry exactly what the pipeline sends). A schema too large for one prompt is
 * shown to the strong model and the judge as the tables in question and their foreign-key
 * neighbours only.
 */
import type { SimplifiedSchema } from '../pipeline/events';
import { renderSchemaText, type SampleRows, type SchemaTextOptions } from '../schema/schema-text';
import { findTable } from '../schema/lookup';
import type { DbSchema } from '../schema/types';

export interface SchemaTexts {
  /** The full schema, as the pipeline's full-schema prompts show it. */
  full(): string;
  /** The full schema when it fits the budget, else these tables and their neighbours. */
  around(tables: string[]): string;
}

/** The tables and every table a foreign key joins them to (either direction). */
export function withNeighbours(schema: DbSchema, tables: string[]): SimplifiedSchema {
  const names = new Set(
    tables.map((t) => findTable(schema, t)?.name).filter((n) => n !== undefined),
  );
  const kept: SimplifiedSchema = {};
  for (const table of schema.tables) {
    const linked =
      names.has(table.name) ||
      table.foreignKeys.some((fk) =>
        names.has(findTable(schema, fk.referencedTable)?.name ?? ''),
      ) ||
      [...names].some((name) =>
        findTable(schema, name)?.foreignKeys.some(
          (fk) => findTable(schema, fk.referencedTable)?.name === table.name,
        ),
      );
    if (linked) kept[table.name] = [];
  }
  return kept;
}

/**
 * The strong model and the judge run on servers with long windows, so their prompts are kept
 * under a character size rather than fitted to a token window (the pipeline's budget does that
 * for the weak model's prompts).
 */
const STRONG_PROMPT_SCHEMA_CHARS = 24_000;

/** The schema text with as many sample rows as fit the size (down to none). */
function renderSchemaTextWithin(schema: DbSchema, options: SchemaTextOptions): string {
  let text = renderSchemaText(schema, options);
  for (const rows of [3, 1, 0]) {
    if (text.length <= STRONG_PROMPT_SCHEMA_CHARS) break;
    text = renderSchemaText(schema, { ...options, sampleRows: rows });
  }
  return text;
}

export function schemaTexts(schema: DbSchema, samples: SampleRows): SchemaTexts {
  let full: string | null = null;
  const fullText = () => (full ??= renderSchemaTextWithin(schema, { samples }));
  return {
    full: fullText,
    around(tables) {
      const text = fullText();
      if (text.length <= STRONG_PROMPT_SCHEMA_CHARS || tables.length === 0) return text;
      return renderSchemaTextWithin(schema, {
        samples,
        kept: withNeighbours(schema, tables),
        sampleRows: 3,
      });
    },
  };
}
