/**
 * Which tables a question is about, for the budget's last resort (leaving whole tables out):
 * the question's and the hint's words against table names, column names and sample values.
 * Foreign keys carry relevance: a kept table keeps the tables its foreign keys point to (they
 * come right after it), a table that links two related tables (a join table) ranks with them,
 * and any neighbour of a related table ranks above unrelated tables. A hub that many tables
 * point to does not drag them all in.
 */
import type { CellValue } from '../sql/result';
import type { TableInfo } from '../schema/types';

const STOP_WORDS = new Set(
  'a an the of in on at to for by with from and or not no is are was were be been do does did has have had what which who whom whose when where why how many much all any each every list show give find return me my their there than that this these those it its as per'.split(
    ' ',
  ),
);

/** Lower-case words of a name or a sentence: camelCase, snake_case and digits split, plurals folded. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !STOP_WORDS.has(w))
    .map(stem);
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('es') && /(s|x|ch|sh)es$/.test(word))
    return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export interface RelevanceInput {
  question: string;
  hint: string;
  samples?: ReadonlyMap<string, CellValue[][]>;
  /** Tables that must come first (those the SQL under review reads). */
  pinned?: readonly string[];
}

/** A table's score: name words count most, then column names, then sample values. */
function score(table: TableInfo, wanted: Set<string>, samples: CellValue[][] | undefined): number {
  const hits = (candidates: Iterable<string>) => {
    const seen = new Set<string>();
    for (const w of candidates) if (wanted.has(w)) seen.add(w);
    return seen.size;
  };
  const nameWords = words(table.name);
  const nameHits = hits(nameWords);
  // customer_id in customer_detail says nothing more than the table's own name does.
  const own = new Set(nameWords);
  const columnHits = hits(table.columns.flatMap((c) => words(c.name)).filter((w) => !own.has(w)));
  const valueWords: string[] = [];
  for (const row of samples ?? []) {
    for (const cell of row) {
      if (typeof cell === 'string' && cell.length <= 200) valueWords.push(...words(cell));
      else if (typeof cell === 'number') valueWords.push(String(cell));
    }
  }
  return nameHits * 4 + columnHits * 2 + hits(valueWords.filter((w) => !own.has(w)));
}

/**
 * The tables in the order the budget keeps them: pinned tables first, then by score (schema
 * order on ties), each related table followed by the tables it references. A table's score is its own, plus half the two best scores of the related
 * tables it references when it references two or more (a join table), plus one when any
 * neighbour is related at all.
 */
export function rankTables(tables: readonly TableInfo[], input: RelevanceInput): string[] {
  const wanted = new Set(words(`${input.question} ${input.hint}`));
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const neighbours = new Map<string, Set<string>>();
  const references = new Map<string, Set<string>>();
  const link = (map: Map<string, Set<string>>, a: string, b: string) => {
    if (a === b) return;
    let set = map.get(a);
    if (!set) map.set(a, (set = new Set()));
    set.add(b);
  };
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      const target = byName.get(fk.referencedTable.toLowerCase());
      if (!target) continue;
      link(references, table.name, target.name);
      link(neighbours, table.name, target.name);
      link(neighbours, target.name, table.name);
    }
  }
  const own = new Map(tables.map((t) => [t.name, score(t, wanted, input.samples?.get(t.name))]));
  const ranked = tables.map((table, index) => {
    const relatedScores = (map: Map<string, Set<string>>) =>
      [...(map.get(table.name) ?? [])]
        .map((name) => own.get(name) ?? 0)
        .filter((s) => s > 0)
        .sort((a, b) => b - a);
    // Only the tables it references make a join table: a hub referenced by many is not one.
    const joined = relatedScores(references);
    const bridge = joined.length >= 2 ? ((joined[0] ?? 0) + (joined[1] ?? 0)) / 2 : 0;
    const near = relatedScores(neighbours).length > 0 ? 1 : 0;
    return { name: table.name, index, score: (own.get(table.name) ?? 0) + bridge + near };
  });
  ranked.sort((a, b) => b.score - a.score || a.index - b.index);

  const order: string[] = [];
  const placed = new Set<string>();
  const place = (name: string, withParents: boolean) => {
    if (!placed.has(name)) {
      placed.add(name);
      order.push(name);
    }
    // A kept table keeps the tables its foreign keys point to (few, unlike those pointing to it).
    if (withParents) for (const parent of references.get(name) ?? []) place(parent, false);
  };
  for (const name of input.pinned ?? []) {
    const table = byName.get(name.toLowerCase());
    if (table) place(table.name, true);
  }
  for (const r of ranked) place(r.name, r.score > 0);
  return order;
}
