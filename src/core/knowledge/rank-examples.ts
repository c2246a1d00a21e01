/**
 * Which remembered examples a question gets: the k most similar by BM25 over the example's
 * question and hint (MiniSearch, with the budget's own word splitting: stop words out, plurals
 * folded), the schema links breaking ties (an example reading the tables this call works on
 * first), then the newest. An example that shares no word with the question is never shown:
 * an unrelated example costs tokens and can mislead. Broken examples (SQL that no longer runs)
 * are left out.
 *
 * The index is built once per example list and kept (a WeakMap on the list), so ranking for
 * every call of a run, and for every question of an evaluation, searches the same index.
 */
import MiniSearch from 'minisearch';
import { words } from '../budget/relevance';
import type { KnowledgeExample } from './types';

interface IndexedExample {
  id: number;
  question: string;
  hint: string;
}

export interface RankOptions {
  k: number;
  /** Tables this call works on (the simplified schema), lower case; absent for the first calls. */
  links?: ReadonlySet<string> | null;
  /** Tables an example's SQL reads, lower case (the caller knows the schema). */
  tablesOf?: (example: KnowledgeExample) => readonly string[];
  /** Leave these out (the evaluation's leave-out rule). */
  exclude?: (example: KnowledgeExample) => boolean;
}

export interface RankedExample {
  example: KnowledgeExample;
  score: number;
}

const indexes = new WeakMap<readonly KnowledgeExample[], MiniSearch<IndexedExample>>();

function newIndex(): MiniSearch<IndexedExample> {
  return new MiniSearch<IndexedExample>({
    fields: ['question', 'hint'],
    // The budget's word splitting, so "customers" finds "customer" and "the" finds nothing.
    tokenize: (text) => words(text),
    processTerm: (term) => term,
    searchOptions: { boost: { question: 2 }, combineWith: 'OR' },
  });
}

/** The index over a list of examples (built on first use, then kept while the list lives). */
export function exampleIndex(examples: readonly KnowledgeExample[]): MiniSearch<IndexedExample> {
  let index = indexes.get(examples);
  if (!index) {
    index = newIndex();
    index.addAll(examples.map((e, i) => ({ id: i, question: e.question, hint: e.hint })));
    indexes.set(examples, index);
  }
  return index;
}

/** Scores this close (relative) count as a tie, which the schema links then break. */
const TIE = 0.02;

export function rankExamples(
  examples: readonly KnowledgeExample[],
  question: string,
  options: RankOptions,
): RankedExample[] {
  if (options.k <= 0 || examples.length === 0 || words(question).length === 0) return [];
  const hits = exampleIndex(examples).search(question);
  const candidates: { example: KnowledgeExample; score: number; overlap: number }[] = [];
  // Ties are only looked at near the top: a few more than k hits are enough to break them.
  for (const hit of hits) {
    const example = examples[hit.id as number] as KnowledgeExample;
    if (example.broken) continue;
    if (options.exclude?.(example)) continue;
    candidates.push({ example, score: hit.score, overlap: 0 });
    if (candidates.length >= options.k * 4 + 8) break;
  }
  const { links, tablesOf } = options;
  if (links && links.size > 0 && tablesOf) {
    for (const c of candidates)
      c.overlap = tablesOf(c.example).filter((t) => links.has(t.toLowerCase())).length;
  }
  candidates.sort((a, b) => {
    const top = Math.max(a.score, b.score);
    if (Math.abs(a.score - b.score) > top * TIE) return b.score - a.score;
    if (a.overlap !== b.overlap) return b.overlap - a.overlap;
    return b.example.addedAt - a.example.addedAt;
  });
  return candidates.slice(0, options.k).map(({ example, score }) => ({ example, score }));
}
