/**
 * Comparing two query results by the official execution-accuracy rules.
 *
 * Spider (test-suite-sql-eval `exec_eval.py`, `result_eq`): two empty results match; otherwise
 * the row counts and column counts must agree, and there must be an order of the predicted
 * columns under which the rows are the same multiset (the same list, when the gold SQL has
 * ORDER BY).
 *
 * BIRD (`evaluation.py`): `set(predicted rows) == set(gold rows)`: duplicates and row order
 * are ignored, column order is not.
 *
 * Values compare as Python compares what `sqlite3` returns: NULL equals NULL, a number equals
 * the same number whatever its storage class (1 == 1.0; sql.js cannot tell them apart anyway),
 * a string never equals a number ('1' != 1), bytes compare by content.
 */
import type { CellValue } from '../sql/result';

export type Rows = readonly (readonly CellValue[])[];

export type ScoringRule =
  /** `orderMatters` is true when the gold SQL contains "order by" (see `spiderOrderMatters`). */
  { name: 'spider'; orderMatters: boolean } | { name: 'bird' };

export interface Comparison {
  match: boolean;
  /** One sentence saying why, for the per-question view. */
  reason: string;
}

/** A key equal for equal values and different for different ones (Python's == and hash). */
export function valueKey(value: CellValue): string {
  if (value === null) return 'N';
  if (typeof value === 'number') return `F${Object.is(value, -0) ? 0 : value}`;
  if (typeof value === 'string') return `S${value}`;
  let hex = 'B';
  for (const byte of value) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export function rowKey(row: readonly CellValue[]): string {
  return JSON.stringify(row.map(valueKey));
}

export function compareResults(gold: Rows, pred: Rows, rule: ScoringRule): Comparison {
  return rule.name === 'bird'
    ? compareBird(gold, pred)
    : compareSpider(gold, pred, rule.orderMatters);
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function compareBird(gold: Rows, pred: Rows): Comparison {
  const goldSet = new Set(gold.map(rowKey));
  const predSet = new Set(pred.map(rowKey));
  const missing = [...goldSet].filter((k) => !predSet.has(k)).length;
  const extra = [...predSet].filter((k) => !goldSet.has(k)).length;
  if (missing === 0 && extra === 0) {
    return {
      match: true,
      reason:
        goldSet.size === 0
          ? 'Both results are empty.'
          : `The same set of ${plural(goldSet.size, 'distinct row')} (BIRD ignores row order and duplicates).`,
    };
  }
  const goldCols = gold[0]?.length;
  const predCols = pred[0]?.length;
  if (goldCols !== undefined && predCols !== undefined && goldCols !== predCols) {
    return {
      match: false,
      reason: `The prediction has ${plural(predCols, 'column')}, the gold ${goldCols}.`,
    };
  }
  const parts: string[] = [];
  if (missing > 0)
    parts.push(`${plural(missing, 'distinct gold row')} missing from the prediction`);
  if (extra > 0) parts.push(`${plural(extra, 'distinct predicted row')} not in the gold`);
  return {
    match: false,
    reason: `${capitalise(parts.join('; '))} (BIRD compares rows as sets, column order counts).`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function multiset(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

function sameMultiset(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const counts = multiset(a);
  for (const k of b) {
    const n = counts.get(k);
    if (!n) return false;
    counts.set(k, n - 1);
  }
  return true;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** `unorder_row`: a row's values as a bag, for the quick rejection. */
function unorderedRowKey(row: readonly CellValue[]): string {
  return JSON.stringify(row.map(valueKey).sort());
}

function compareSpider(gold: Rows, pred: Rows, orderMatters: boolean): Comparison {
  if (gold.length === 0 && pred.length === 0)
    return { match: true, reason: 'Both results are empty.' };
  if (gold.length !== pred.length) {
    return {
      match: false,
      reason: `The prediction returns ${plural(pred.length, 'row')}, the gold ${plural(gold.length, 'row')}.`,
    };
  }
  const numCols = (gold[0] as readonly CellValue[]).length;
  const predCols = (pred[0] as readonly CellValue[]).length;
  if (predCols !== numCols) {
    return {
      match: false,
      reason: `The prediction has ${plural(predCols, 'column')}, the gold ${numCols}.`,
    };
  }

  // quick_rej: the rows' values as bags must already agree (as a set, or in order).
  const goldBags = gold.map(unorderedRowKey);
  const predBags = pred.map(unorderedRowKey);
  const bagsAgree = orderMatters ? sameList(goldBags, predBags) : sameSet(goldBags, predBags);
  if (!bagsAgree) {
    if (orderMatters && sameMultiset(goldBags, predBags)) {
      return {
        match: false,
        reason:
          'The same rows in a different order, and the gold SQL has ORDER BY, so order counts.',
      };
    }
    return { match: false, reason: 'The rows hold different values.' };
  }

  const goldKeys = gold.map(rowKey);
  for (const perm of columnPermutations(gold, pred, numCols)) {
    const predKeys = pred.map((row) => rowKey(perm.map((i) => row[i] as CellValue)));
    const equal = orderMatters ? sameList(goldKeys, predKeys) : sameMultiset(goldKeys, predKeys);
    if (equal) {
      const identity = perm.every((c, i) => c === i);
      return {
        match: true,
        reason: describeMatch(gold.length, orderMatters, identity),
      };
    }
  }
  if (orderMatters && sameMultiset(goldBags, predBags)) {
    return {
      match: false,
      reason: 'The same rows in a different order, and the gold SQL has ORDER BY, so order counts.',
    };
  }
  return {
    match: false,
    reason:
      'No order of the predicted columns gives the gold rows (the same values, combined differently).',
  };
}

function describeMatch(rowCount: number, orderMatters: boolean, identity: boolean): string {
  const rows = plural(rowCount, 'row');
  const how = orderMatters ? 'in the same order (the gold SQL has ORDER BY)' : 'as a multiset';
  return identity
    ? `The same ${rows} ${how}.`
    : `The same ${rows} ${how}, with the predicted columns in another order.`;
}

function sameSet(a: string[], b: string[]): boolean {
  const setA = new Set(a);
  const setB = new Set(b);
  if (setA.size !== setB.size) return false;
  for (const k of setA) if (!setB.has(k)) return false;
  return true;
}

/**
 * The column orders worth trying: perm[i] is the predicted column read as gold column i. As
 * `get_constraint_permutation` does, a predicted column is ruled out for a gold column when a
 * predicted value in it never occurs in that gold column; the original checks 20 random rows
 * when there are more than 3 columns, this checks every row (it only rules out orders that
 * cannot match, so the answer is the same, and it does not depend on chance).
 */
function* columnPermutations(gold: Rows, pred: Rows, numCols: number): Generator<number[]> {
  const goldColumnValues = Array.from(
    { length: numCols },
    (_, c) => new Set(gold.map((row) => valueKey(row[c] as CellValue))),
  );
  const allowed: number[][] = Array.from({ length: numCols }, (_, goldCol) =>
    Array.from({ length: numCols }, (_, predCol) => predCol).filter((predCol) =>
      pred.every((row) => goldColumnValues[goldCol]?.has(valueKey(row[predCol] as CellValue))),
    ),
  );
  const used = new Array<boolean>(numCols).fill(false);
  const perm: number[] = [];
  function* extend(goldCol: number): Generator<number[]> {
    if (goldCol === numCols) {
      yield [...perm];
      return;
    }
    for (const predCol of allowed[goldCol] ?? []) {
      if (used[predCol]) continue;
      used[predCol] = true;
      perm.push(predCol);
      yield* extend(goldCol + 1);
      perm.pop();
      used[predCol] = false;
    }
  }
  yield* extend(0);
}
