import { describe, expect, it } from 'vitest';
import { closeness, closestValues, editDistance, likeText } from './closest-values';

describe('closeness', () => {
  it.each([
    ['usa', 'USA', 'case'],
    ['New  York', 'new york', 'spacing'],
    ['NewYork', 'New York', 'spacing'],
    ['USA', 'United States of America', 'initials'],
    ['U.S.A.', 'United States of America', 'initials'],
    ['USA', 'United States', 'initials'],
    ['United Kingdom', 'UK', 'initials'],
    ['Rock', 'Rock And Roll', 'prefix'],
    ['Metal', 'Heavy Metal', 'part'],
    ['Brasil', 'Brazil', 'spelling'],
  ] as const)('%s ~ %s: %s', (literal, value, how) => {
    expect(closeness(literal, value)).toBe(how);
  });

  it('unrelated values are not close', () => {
    expect(closeness('Atlantis', 'France')).toBeNull();
    expect(closeness('ab', 'xy')).toBeNull();
  });
});

describe('closestValues', () => {
  it('ranks the closer kind first, then the more frequent value, and keeps three', () => {
    const values = [
      { value: 'Heavy Metal', rows: 28 },
      { value: 'Metal', rows: 374 },
      { value: 'metal', rows: 2 },
      { value: 'Metallica', rows: 9 },
      { value: 'Jazz', rows: 130 },
    ];
    expect(closestValues('METAL', values).map((v) => v.value)).toEqual([
      'Metal',
      'metal',
      'Metallica',
    ]);
  });

  it('edit distance and LIKE text', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(likeText('%jazz%')).toBe('jazz');
  });
});
