import { describe, expect, it } from 'vitest';
import {
  columnWidths,
  compareCells,
  LONG_TEXT_CHARS,
  nextSort,
  rowCount,
  sortedRowOrder,
  viewCell,
} from './cell-format';

describe('viewCell', () => {
  it('tells NULL from the empty string', () => {
    expect(viewCell(null)).toEqual({ kind: 'null' });
    expect(viewCell('')).toEqual({ kind: 'text', text: '', long: false, preview: '' });
  });

  it('shows BLOBs by size', () => {
    expect(viewCell(new Uint8Array(2048))).toEqual({ kind: 'blob', label: 'BLOB (2,048 bytes)' });
  });

  it('cuts long text and text with line breaks, keeping the whole value', () => {
    const long = 'x'.repeat(LONG_TEXT_CHARS + 10);
    const view = viewCell(long);
    expect(view).toMatchObject({ kind: 'text', long: true, text: long });
    expect(view.kind === 'text' && view.preview).toBe('x'.repeat(LONG_TEXT_CHARS) + '…');
    expect(viewCell('first\nsecond')).toMatchObject({ long: true, preview: 'first…' });
  });

  it('keeps markup as plain characters', () => {
    expect(viewCell('<img src=x onerror=alert(1)>')).toMatchObject({
      text: '<img src=x onerror=alert(1)>',
    });
  });
});

describe('sorting', () => {
  it('orders numbers numerically, not as text', () => {
    const rows = [[10], [9], [100], [-1]];
    expect(sortedRowOrder(rows, { column: 0, direction: 'asc' }).map((i) => rows[i]?.[0])).toEqual([
      -1, 9, 10, 100,
    ]);
  });

  it("follows SQLite's order for mixed values: NULL, numbers, text, BLOB", () => {
    const blob = new Uint8Array([1]);
    const rows = [['b'], [blob], [null], [2], ['a'], [1]];
    const order = sortedRowOrder(rows, { column: 0, direction: 'asc' });
    expect(order.map((i) => rows[i]?.[0])).toEqual([null, 1, 2, 'a', 'b', blob]);
  });

  it('reverses for descending and keeps ties in their original order', () => {
    const rows = [
      [1, 'first'],
      [2, 'x'],
      [1, 'second'],
    ];
    const order = sortedRowOrder(rows, { column: 0, direction: 'desc' });
    expect(order).toEqual([1, 0, 2]);
  });

  it('leaves the order alone without a sort', () => {
    expect(sortedRowOrder([[3], [1], [2]], null)).toEqual([0, 1, 2]);
  });

  it('cycles a header through ascending, descending and none', () => {
    const asc = nextSort(null, 2);
    expect(asc).toEqual({ column: 2, direction: 'asc' });
    const desc = nextSort(asc, 2);
    expect(desc).toEqual({ column: 2, direction: 'desc' });
    expect(nextSort(desc, 2)).toBeNull();
    expect(nextSort(desc, 0)).toEqual({ column: 0, direction: 'asc' });
  });

  it('compares text by code point', () => {
    expect(compareCells('B', 'a')).toBeLessThan(0);
  });
});

describe('columnWidths', () => {
  it('grows with content but stays bounded', () => {
    const [narrow, wide] = columnWidths(['a', 'b'], [['x', 'y'.repeat(500)]]);
    expect(narrow).toBe(72);
    expect(wide).toBe(360);
  });
});

describe('rowCount', () => {
  it.each([
    [1, false, '1 row'],
    [0, false, '0 rows'],
    [2240, false, '2,240 rows'],
    [1, true, '1+ rows'],
    [200000, true, '200,000+ rows'],
  ])('%d rows, truncated %s -> %s', (count, truncated, text) => {
    expect(rowCount(count, truncated)).toBe(text);
  });
});
