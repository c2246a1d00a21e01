import { describe, expect, it } from 'vitest';
import type { CellValue } from '../sql/result';
import { compareResults, type ScoringRule } from './compare';

const spider: ScoringRule = { name: 'spider', orderMatters: false };
const spiderOrdered: ScoringRule = { name: 'spider', orderMatters: true };
const bird: ScoringRule = { name: 'bird' };

type Case = [
  name: string,
  gold: CellValue[][],
  pred: CellValue[][],
  spider: boolean,
  bird: boolean,
];

// Each row: what Spider's exec_eval.result_eq and BIRD's set(pred) == set(gold) answer.
const CASES: Case[] = [
  [
    'identical rows',
    [
      [1, 'a'],
      [2, 'b'],
    ],
    [
      [1, 'a'],
      [2, 'b'],
    ],
    true,
    true,
  ],
  ['two empty results', [], [], true, true],
  ['empty against non-empty', [], [[1]], false, false],
  ['NULL equals NULL', [[null, 1]], [[null, 1]], true, true],
  ['NULL is not 0', [[null]], [[0]], false, false],
  ['NULL is not the empty string', [[null]], [['']], false, false],
  ['1 equals 1.0', [[1]], [[1.0]], true, true],
  ['-0 equals 0', [[-0]], [[0]], true, true],
  ['1 is not "1"', [[1]], [['1']], false, false],
  ['0.1 + 0.2 is not 0.3', [[0.3]], [[0.1 + 0.2]], false, false],
  ['strings compare exactly (case)', [['Paris']], [['paris']], false, false],
  ['strings compare exactly (spaces)', [['Paris']], [['Paris ']], false, false],
  ['bytes by content', [[new Uint8Array([1, 2])]], [[new Uint8Array([1, 2])]], true, true],
  ['different bytes', [[new Uint8Array([1, 2])]], [[new Uint8Array([2, 1])]], false, false],
  ['extra duplicate row', [[1], [2]], [[1], [1], [2]], false, true],
  ['duplicates on both sides', [[1], [1], [2]], [[1], [2], [2]], false, true],
  ['same duplicates', [[1], [1], [2]], [[2], [1], [1]], true, true],
  ['rows in another order', [[1], [2], [3]], [[3], [1], [2]], true, true],
  [
    'columns swapped',
    [
      [1, 'a'],
      [2, 'b'],
    ],
    [
      ['a', 1],
      ['b', 2],
    ],
    true,
    false,
  ],
  [
    'four columns permuted',
    [
      [1, 'a', 10, 'x'],
      [2, 'b', 20, 'y'],
    ],
    [
      ['x', 10, 'a', 1],
      ['y', 20, 'b', 2],
    ],
    true,
    false,
  ],
  [
    'swapped columns with equal values',
    [
      [1, 1],
      [2, 2],
    ],
    [
      [1, 1],
      [2, 2],
    ],
    true,
    true,
  ],
  [
    'values recombined across rows',
    [
      [1, 'a'],
      [2, 'b'],
    ],
    [
      [1, 'b'],
      [2, 'a'],
    ],
    false,
    false,
  ],
  ['an extra column', [[1]], [[1, 2]], false, false],
  ['a missing column', [[1, 2]], [[1]], false, false],
  ['more rows', [[1]], [[1], [2]], false, false],
];

describe('compareResults: the comparator table for both rules', () => {
  it.each(CASES)('%s', (_name, gold, pred, spiderMatch, birdMatch) => {
    const s = compareResults(gold, pred, spider);
    const b = compareResults(gold, pred, bird);
    expect({ spider: s.match, bird: b.match }).toEqual({ spider: spiderMatch, bird: birdMatch });
    expect(s.reason.length).toBeGreaterThan(10);
    expect(b.reason.length).toBeGreaterThan(10);
  });
});

describe('compareResults: order', () => {
  const gold = [[1], [2], [3]];
  it('ignores order when the gold SQL has no ORDER BY', () => {
    expect(compareResults(gold, [[3], [2], [1]], spider).match).toBe(true);
  });
  it('requires the gold order when the gold SQL has ORDER BY', () => {
    const result = compareResults(gold, [[3], [2], [1]], spiderOrdered);
    expect(result.match).toBe(false);
    expect(result.reason).toMatch(/different order.*ORDER BY/);
    expect(compareResults(gold, [[1], [2], [3]], spiderOrdered).match).toBe(true);
  });
  it('still allows a column permutation when order matters', () => {
    const ordered = [
      [1, 'a'],
      [2, 'b'],
    ];
    expect(
      compareResults(
        ordered,
        [
          ['a', 1],
          ['b', 2],
        ],
        spiderOrdered,
      ).match,
    ).toBe(true);
    expect(
      compareResults(
        ordered,
        [
          ['b', 2],
          ['a', 1],
        ],
        spiderOrdered,
      ).match,
    ).toBe(false);
  });
  it('BIRD never looks at order', () => {
    expect(compareResults(gold, [[3], [2], [1]], bird).match).toBe(true);
  });
});

describe('compareResults: reasons', () => {
  it('says how the row counts differ', () => {
    expect(compareResults([[1]], [[1], [2]], spider).reason).toBe(
      'The prediction returns 2 rows, the gold 1 row.',
    );
  });
  it('says the columns were matched in another order', () => {
    expect(compareResults([[1, 'a']], [['a', 1]], spider).reason).toMatch(/another order/);
  });
  it('says how many distinct rows are missing under BIRD', () => {
    expect(compareResults([[1], [2]], [[1]], bird).reason).toMatch(/^1 distinct gold row missing/);
  });
  it('names differing column counts under BIRD', () => {
    expect(compareResults([[1]], [[1, 2]], bird).reason).toBe(
      'The prediction has 2 columns, the gold 1.',
    );
  });
});
