/** Which questions a run takes: all, the first N, or a seeded random N, after the filters. */
import type { BenchmarkQuestion } from './benchmark';

export interface QuestionSelection {
  mode: 'all' | 'first' | 'random';
  count: number;
  seed: number;
  /** Only this database (db_id), or all. */
  dbId: string | null;
  /** Only this difficulty, or all. */
  difficulty: string | null;
}

export const DEFAULT_SELECTION: QuestionSelection = {
  mode: 'all',
  count: 20,
  seed: 1,
  dbId: null,
  difficulty: null,
};

/** mulberry32: a small seeded generator, so "random 50, seed 7" is the same 50 everywhere. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function selectQuestions(
  questions: readonly BenchmarkQuestion[],
  selection: QuestionSelection,
): BenchmarkQuestion[] {
  const filtered = questions.filter(
    (q) =>
      (selection.dbId === null || q.dbId === selection.dbId) &&
      (selection.difficulty === null || q.difficulty === selection.difficulty),
  );
  const count = Math.max(0, Math.floor(selection.count));
  if (selection.mode === 'first') return filtered.slice(0, count);
  if (selection.mode === 'random') {
    const random = seeded(selection.seed);
    const shuffled = filtered.slice();
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [
        shuffled[j] as BenchmarkQuestion,
        shuffled[i] as BenchmarkQuestion,
      ];
    }
    // Back in file order, so a run reads like the benchmark.
    return shuffled.slice(0, count).sort((a, b) => a.index - b.index);
  }
  return filtered;
}
