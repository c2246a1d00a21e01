import { describe, expect, it } from 'vitest';
import type { CellValue } from '../sql/result';
import { chartColumns, chartData, chooseChart } from './choose-chart';

function result(columns: string[], rows: CellValue[][], truncated = false) {
  return { columns, rows, truncated };
}

function choose(columns: string[], rows: CellValue[][]) {
  return chooseChart(chartColumns(result(columns, rows)), rows.length);
}

describe('column kinds', () => {
  it('recognises dates kept as ISO text, months, times and years, and numbers kept as text', () => {
    const kinds = chartColumns(
      result(
        ['day', 'month', 'at', 'release_year', 'id', 'price', 'name', 'pic', 'nothing'],
        [
          [
            '2020-01-31',
            '2020-01',
            '2020-01-31T10:00:00Z',
            1999,
            1999,
            '4.5',
            'x',
            new Uint8Array(1),
            null,
          ],
          [
            '2021-12-01',
            '2020-02',
            '2020-02-01 09:30',
            2004,
            2004,
            '10',
            'y',
            new Uint8Array(1),
            null,
          ],
        ],
      ),
    ).kinds;
    expect(kinds).toEqual([
      'date',
      'date',
      'date',
      'date',
      'number',
      'number',
      'category',
      'empty',
      'empty',
    ]);
  });
});

describe('chooseChart', () => {
  it('shows one value as a single big number', () => {
    expect(choose(['count(*)'], [[275]])).toEqual({ type: 'number', x: null, y: [0] });
  });

  it('draws a category and a number as bars', () => {
    expect(
      choose(
        ['Name', 'albums'],
        [
          ['AC/DC', 2],
          ['Accept', 2],
        ],
      ),
    ).toEqual({ type: 'bar', x: 0, y: [1] });
  });

  it('draws a date and numbers as a line, whatever the column order', () => {
    expect(
      choose(
        ['total', 'InvoiceDate'],
        [
          [1.98, '2009-01-01 00:00:00'],
          [3.96, '2009-01-02 00:00:00'],
        ],
      ),
    ).toEqual({
      type: 'line',
      x: 1,
      y: [0],
    });
    expect(
      choose(
        ['year', 'n'],
        [
          [2001, 4],
          [2002, 7],
        ],
      ),
    ).toEqual({ type: 'line', x: 0, y: [1] });
  });

  it('draws two numbers as a scatter', () => {
    expect(
      choose(
        ['Milliseconds', 'Bytes'],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toEqual({ type: 'scatter', x: 0, y: [1] });
  });

  it('offers nothing for text only, or no rows', () => {
    expect(choose(['Name'], [['a'], ['b']])).toBeNull();
    expect(choose(['n'], [])).toBeNull();
  });
});

describe('chartData', () => {
  it('sums rows sharing a category and says so', () => {
    const data = result(
      ['region', 'amount'],
      [
        ['N', 1],
        ['S', 2],
        ['N', 3],
        ['S', null],
      ],
    );
    const spec = chooseChart(chartColumns(data), 4)!;
    const drawn = chartData(data, chartColumns(data), spec);
    expect(drawn.points).toEqual([
      { x: 'N', s0: 4 },
      { x: 'S', s0: 2 },
    ]);
    expect(drawn.note).toBe('Rows with the same region are summed (4 rows, 2 values).');
  });

  it('keeps the largest categories of a big result and sums the rest as Other', () => {
    const rows: CellValue[][] = Array.from({ length: 100 }, (_, i) => [`c${i}`, i]);
    const data = result(['c', 'v'], rows);
    const drawn = chartData(data, chartColumns(data), { type: 'pie', x: 0, y: [1] });
    expect(drawn.points).toHaveLength(12);
    expect(drawn.points[0]).toEqual({ x: 'c99', s0: 99 });
    const other = drawn.points[11]!;
    expect(other.x).toBe('Other (89)');
    expect(other.s0).toBe((88 * 89) / 2); // 0 + 1 + … + 88
    expect(drawn.note).toContain('The 11 largest of 100 are shown');
  });

  it('sorts a line by date and samples a long one evenly, with a note', () => {
    const dayOf = (n: number) =>
      new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    // Newest first, as a query might return them; day n carries the value 9,999 - n.
    const rows: CellValue[][] = Array.from({ length: 10_000 }, (_, i) => [dayOf(9_999 - i), i]);
    const data = result(['day', 'v'], rows, true);
    const drawn = chartData(data, chartColumns(data), { type: 'line', x: 0, y: [1] });
    // Every fifth day across the whole range, in date order, each with its own value: not the
    // first 2,000 rows, and not a range that stops early.
    expect(drawn.points.map((p) => p.x)).toEqual(
      Array.from({ length: 2000 }, (_, i) => dayOf(5 * i)),
    );
    expect(drawn.points.map((p) => p.s0)).toEqual(
      Array.from({ length: 2000 }, (_, i) => 9_999 - 5 * i),
    );
    expect(drawn.note).toContain('Drawn from 2,000 of 10,000 rows');
    expect(drawn.note).toContain('the chart shows the first 10,000');
    expect(drawn.numericX).toBe(false);
  });
});
