import { describe, expect, it } from 'vitest';
import { toJson, uniqueKeys } from './export-json';

describe('toJson', () => {
  it('writes one object per row keyed by column name, keeping types', () => {
    const parsed: unknown = JSON.parse(
      toJson({
        columns: ['id', 'name', 'score'],
        rows: [
          [1, 'Ann', 2.5],
          [2, null, 0],
        ],
      }),
    );
    expect(parsed).toEqual([
      { id: 1, name: 'Ann', score: 2.5 },
      { id: 2, name: null, score: 0 },
    ]);
  });

  it('marks BLOBs so they are not mistaken for text', () => {
    const parsed: unknown = JSON.parse(
      toJson({ columns: ['b'], rows: [[new Uint8Array([1, 171])]] }),
    );
    expect(parsed).toEqual([{ b: { blobHex: '01ab' } }]);
  });

  it('keeps every column when two share a name', () => {
    const parsed: unknown = JSON.parse(toJson({ columns: ['a', 'a', 'a_2'], rows: [[1, 2, 3]] }));
    expect(parsed).toEqual([{ a: 1, a_2: 2, a_2_2: 3 }]);
  });

  it('writes non-finite numbers as text, since JSON cannot hold them', () => {
    const parsed: unknown = JSON.parse(toJson({ columns: ['x'], rows: [[Infinity]] }));
    expect(parsed).toEqual([{ x: 'Infinity' }]);
  });

  it('writes an empty array for no rows', () => {
    expect(JSON.parse(toJson({ columns: ['a'], rows: [] }))).toEqual([]);
  });
});

describe('uniqueKeys', () => {
  it('suffixes repeats in order', () => {
    expect(uniqueKeys(['x', 'x', 'y', 'x'])).toEqual(['x', 'x_2', 'y', 'x_3']);
  });
});
