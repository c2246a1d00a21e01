/**
 * The remembered examples one call's prompt gets: ranked for its question (rank-examples.ts),
 * each with the tables and columns its SQL reads, which the schema-linking prompt shows as the
 * example's answer. An example whose SQL reads no table of this schema is not shown.
 */
import { sqlReads } from '../sql/sql-reads';
import type { DbSchema } from '../schema/types';
import { rankExamples } from './rank-examples';
import type { MemoryShot, RunKnowledge } from './types';

const readsCache = new WeakMap<DbSchema, Map<string, Record<string, string[]>>>();

function linksOf(sql: string, schema: DbSchema): Record<string, string[]> {
  let bySql = readsCache.get(schema);
  if (!bySql) readsCache.set(schema, (bySql = new Map()));
  let links = bySql.get(sql);
  if (!links) {
    links = sqlReads(sql, schema).columns;
    bySql.set(sql, links);
  }
  return links;
}

export function memoryShots(
  knowledge: RunKnowledge | undefined,
  question: string,
  schema: DbSchema,
  /** The tables this call works on (the simplified schema), or null for the full schema. */
  linkedTables: readonly string[] | null,
): MemoryShot[] {
  if (!knowledge || knowledge.examples.length === 0 || knowledge.k <= 0) return [];
  const ranked = rankExamples(knowledge.examples, question, {
    k: knowledge.k,
    links: linkedTables ? new Set(linkedTables.map((t) => t.toLowerCase())) : null,
    tablesOf: (example) => Object.keys(linksOf(example.sql, schema)),
    exclude: knowledge.leaveOut,
  });
  const shots: MemoryShot[] = [];
  for (const { example } of ranked) {
    const links = linksOf(example.sql, schema);
    if (Object.keys(links).length === 0) continue;
    shots.push({
      id: example.id,
      question: example.question,
      hint: example.hint,
      sql: example.sql,
      links,
    });
  }
  return shots;
}
