/**
 * Before a run: does every gold SQL run on its database, and (Spider) how hard is each question.
 * Questions whose database is missing are skipped here; the caller lists those separately.
 */
import type { Benchmark } from './benchmark';
import type { EvalDeps } from './runner';
import { executeForScoring, type ScoringOptions } from './score';
import { readSpiderSchema, spiderHardness } from './spider-hardness';

export interface BenchmarkCheck {
  /** Per question index: the file's difficulty (BIRD) or Spider's computed one; null when unknown. */
  difficulties: (string | null)[];
  goldFailures: { index: number; message: string }[];
}

export async function checkBenchmark(
  benchmark: Benchmark,
  available: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  deps: Pick<EvalDeps, 'database' | 'release'>,
  options: {
    scoring: ScoringOptions;
    onProgress?: (done: number, total: number) => void;
    signal?: AbortSignal;
  },
): Promise<BenchmarkCheck> {
  const difficulties = benchmark.questions.map((q) => q.difficulty);
  const goldFailures: BenchmarkCheck['goldFailures'] = [];
  const byDb = new Map<string, number[]>();
  for (const q of benchmark.questions) {
    if (available.has(q.dbId)) byDb.set(q.dbId, [...(byDb.get(q.dbId) ?? []), q.index]);
  }
  const total = [...byDb.values()].reduce((n, list) => n + list.length, 0);
  let done = 0;
  for (const [dbId, indices] of byDb) {
    if (options.signal?.aborted) break;
    try {
      const db = await deps.database(dbId);
      const schema = benchmark.format === 'spider' ? await readSpiderSchema(db.executor) : null;
      for (const index of indices) {
        const q = benchmark.questions[index];
        if (!q) continue;
        const gold = await executeForScoring(db.executor, q.goldSql, options.scoring);
        if (!gold.ok)
          goldFailures.push({ index, message: gold.error.detail ?? gold.error.message });
        if (schema && difficulties[index] === null) {
          const hardness = spiderHardness(q.goldSql, schema);
          difficulties[index] = hardness.ok ? hardness.difficulty : null;
        }
        options.onProgress?.(++done, total);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const index of indices)
        goldFailures.push({ index, message: `The database cannot be opened: ${message}` });
      done += indices.length;
    } finally {
      deps.release?.(dbId);
    }
  }
  return { difficulties, goldFailures };
}
