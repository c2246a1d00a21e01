/**
 * Which tables a question is about, for the budget's last resort (leaving whole tables out):
 * the question's and the hint's words against table names, column names and sample values.
 * A table comes with its foreign-key neighbours right after it, so that a kept table keeps the
 * tables it joins to.
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
  const nameHits = hits(words(table.name));
  const columnHits = hits(table.columns.flatMap((c) => words(c.name)));
  const valueWords: string[] = [];
  for (const row of samples ?? []) {
    for (const cell of row) {
      if (typeof cell === 'string' && cell.length <= 200) valueWords.push(...words(cell));
      else if (typeof cell === 'number') valueWords.push(String(cell));
    }
  }
  return nameHits * 4 + columnHits * 2 + hits(valueWords);
}

/**
 * The tables in the order the budget keeps them: pinned tables, then by score (schema order on
 * ties), each scored table followed by its foreign-key neighbours; unscored tables last.
 */
export function rankTables(tables: readonly TableInfo[], input: RelevanceInput): string[] {
  const wanted = new Set(words(`${input.question} ${input.hint}`));
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
  };
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      const target = byName.get(fk.referencedTable.toLowerCase());
      if (!target) continue;
      link(table.name, target.name);
      link(target.name, table.name);
    }
  }
  const scored = tables
    .map((table, index) => ({
      table,
      index,
      score: score(table, wanted, input.samples?.get(table.name)),
    }))
    .sort((a, b) => b.score - a.score || a.index - b.index);

  const order: string[] = [];
  const placed = new Set<string>();
  const place = (name: string) => {
    if (placed.has(name)) return;
    placed.add(name);
    order.push(name);
  };
  const placeWithNeighbours = (name: string) => {
    place(name);
    for (const neighbour of neighbours.get(name) ?? []) place(neighbour);
  };
  for (const name of input.pinned ?? []) {
    const table = byName.get(name.toLowerCase());
    if (table) placeWithNeighbours(table.name);
  }
  for (const { table, score: s } of scored) {
    if (s > 0) placeWithNeighbours(table.name);
    else place(table.name);
  }
  return order;
}
