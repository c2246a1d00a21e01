/**
 * Reading a schema-linking answer. Small models asked for JSON still wrap it in fences, add
 * prose, use single quotes or leave trailing commas; when no JSON survives, the names of
 * tables and columns the answer mentions are the next best thing.
 */
import { AppError } from '../errors';
import type { DbSchema, TableInfo } from '../schema/types';
import type { SimplifiedSchema } from './events';
import { fencedBlocks } from './parse-sql';
import { findTable } from '../schema/lookup';

export interface ParsedLinks {
  links: SimplifiedSchema;
  source: 'json' | 'prose';
}

/** The text from the first `{` to its matching `}` (or to the end, for a cut-off answer). */
function objectText(text: string): string | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
}

/** Single-quoted strings become double-quoted, trailing commas go. */
function repairJson(text: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === '\\') {
        out += ch + (text[i + 1] ?? '');
        i++;
      } else if (ch === quote) {
        out += '"';
        quote = null;
      } else out += ch === '"' ? '\\"' : ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      out += '"';
    } else out += ch;
  }
  return out.replace(/,\s*([}\]])/g, '$1');
}

/** Closes what an answer cut off at the token limit left open: a string, arrays, the object. */
function closeCutOff(text: string): string {
  const stack: string[] = [];
  let stringStart = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (stringStart >= 0) {
      if (ch === '\\') i++;
      else if (ch === '"') stringStart = -1;
    } else if (ch === '"') stringStart = i;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') stack.pop();
  }
  if (stack.length === 0 && stringStart < 0) return text;
  let out = (stringStart >= 0 ? text.slice(0, stringStart) : text).replace(/[\s,:]+$/, '');
  // A key left without its value: give it an empty one.
  if (stack.at(-1) === '}' && /[{,]\s*"[^"]*"$/.test(out)) out += ': null';
  return out + stack.reverse().join('');
}

function parseObject(text: string): unknown {
  const repaired = repairJson(text);
  for (const candidate of [text, repaired, closeCutOff(repaired)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next repair
    }
  }
  return undefined;
}

/** A name as the model wrote it, without the quote marks around it ("x", `x`, [x]). */
function withoutQuotes(name: string): string {
  return name.trim().replace(/^["`[]|["`\]]$/g, '');
}

function findColumn(table: TableInfo, name: string): string | undefined {
  const wanted = withoutQuotes(name).toLowerCase();
  const bare = wanted.includes('.') ? wanted.slice(wanted.lastIndexOf('.') + 1) : wanted;
  return table.columns.find((c) => c.name.toLowerCase() === wanted || c.name.toLowerCase() === bare)
    ?.name;
}

function addLink(links: Record<string, Set<string>>, table: TableInfo, column?: string) {
  const columns = (links[table.name] ??= new Set());
  if (column) columns.add(column);
}

/** Known tables and columns named by a parsed JSON value; unknown names are dropped. */
function linksFromValue(schema: DbSchema, value: unknown): Record<string, Set<string>> {
  const links: Record<string, Set<string>> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return links;
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const table = findTable(schema, withoutQuotes(key));
    if (!table) continue;
    addLink(links, table);
    const names = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
    for (const name of names) {
      if (typeof name !== 'string') continue;
      const column = findColumn(table, name);
      if (column) addLink(links, table, column);
    }
  }
  return links;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(name)}($|[^A-Za-z0-9_])`, 'i').test(text);
}

/** Tables the prose names, with the columns of those tables it names. */
function linksFromProse(schema: DbSchema, text: string): Record<string, Set<string>> {
  const links: Record<string, Set<string>> = {};
  for (const table of schema.tables) {
    if (!mentions(text, table.name)) continue;
    addLink(links, table);
    for (const column of table.columns)
      if (mentions(text, column.name)) addLink(links, table, column.name);
  }
  return links;
}

function toSchemaOrder(schema: DbSchema, links: Record<string, Set<string>>): SimplifiedSchema {
  const out: SimplifiedSchema = {};
  for (const table of schema.tables) {
    const columns = links[table.name];
    if (columns) out[table.name] = table.columns.map((c) => c.name).filter((c) => columns.has(c));
  }
  return out;
}

export function parseSchemaLinks(answer: string, schema: DbSchema): ParsedLinks {
  const candidates = [...fencedBlocks(answer).map((b) => b.body), answer];
  for (const candidate of candidates) {
    const text = objectText(candidate);
    if (text === null) continue;
    const links = linksFromValue(schema, parseObject(text));
    if (Object.keys(links).length > 0)
      return { links: toSchemaOrder(schema, links), source: 'json' };
  }
  const prose = linksFromProse(schema, answer);
  if (Object.keys(prose).length > 0)
    return { links: toSchemaOrder(schema, prose), source: 'prose' };
  throw new AppError(
    'invalid_json',
    'The schema-linking answer named no table of this database.',
    'Tick the tables and columns yourself and re-run from SQL generation.',
  );
}
