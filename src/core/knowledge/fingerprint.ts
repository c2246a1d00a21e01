/**
 * A database is recognised by its schema, not by its file: the names and declared types of its
 * tables and columns, in a fixed order and case-folded, hashed. A re-opened, re-downloaded or
 * renamed copy (or one with more rows) finds its knowledge; a changed schema does not.
 */
import { fnv1a } from '../history/fingerprint';
import type { DbSchema } from '../schema/types';

export function schemaShapeText(schema: DbSchema): string {
  return schema.tables
    .filter((t) => !t.name.toLowerCase().startsWith('sqlite_'))
    .map(
      (t) =>
        `${t.name.toLowerCase()}(${t.columns
          .map((c) => `${c.name.toLowerCase()} ${c.declaredType.trim().toLowerCase()}`)
          .join(',')})`,
    )
    .sort()
    .join(';');
}

/** Two FNV-1a hashes (the text and its reverse) as 16 hex digits: collisions need both to clash. */
export function knowledgeFingerprint(schema: DbSchema): string {
  const text = schemaShapeText(schema);
  return `${fnv1a(text)}${fnv1a([...text].reverse().join(''))}`;
}
