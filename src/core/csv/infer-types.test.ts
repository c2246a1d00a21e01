import { describe, expect, it } from 'vitest';
import { cellValue, inferColumnType, isIsoDateText, misfitCount } from './infer-types';

describe('inferColumnType', () => {
  it('tells integers, reals, ISO dates and text apart', () => {
    expect(inferColumnType(['1', '-20', '+3'])).toBe('INTEGER');
    expect(inferColumnType(['1', '2.5', '1e3', '.5'])).toBe('REAL');
    expect(inferColumnType(['2010-01-31', '2024-02-29T13:45:00Z', '1999-12-31 23:59'])).toBe(
      'DATE',
    );
    expect(inferColumnType(['1', 'two'])).toBe('TEXT');
    expect(inferColumnType(['2010-13-01'])).toBe('TEXT');
  });

  it('lets empty cells say nothing about the type', () => {
    expect(inferColumnType(['', '4', '  ', '5'])).toBe('INTEGER');
    expect(inferColumnType(['', '2.5', ''])).toBe('REAL');
    expect(inferColumnType(['', '2020-01-01'])).toBe('DATE');
    expect(inferColumnType(['', ''])).toBe('TEXT');
    expect(inferColumnType([])).toBe('TEXT');
  });

  it('keeps numbers with leading zeros, and numbers too large to be exact, as text', () => {
    expect(inferColumnType(['007', '12'])).toBe('TEXT');
    expect(inferColumnType(['0', '10'])).toBe('INTEGER');
    expect(inferColumnType(['12345678901234567890'])).toBe('TEXT');
  });

  it('treats a year alone as a number, not a date', () => {
    expect(inferColumnType(['1999', '2010'])).toBe('INTEGER');
    expect(isIsoDateText('2010')).toBe(false);
  });

  it('does not take signs, dots or words like Infinity for numbers', () => {
    expect(inferColumnType(['+'])).toBe('TEXT');
    expect(inferColumnType(['.'])).toBe('TEXT');
    expect(inferColumnType(['Infinity'])).toBe('TEXT');
    expect(inferColumnType(['NaN'])).toBe('TEXT');
  });
});

describe('cellValue', () => {
  it('makes empty cells NULL and numbers numbers', () => {
    expect(cellValue('', 'INTEGER')).toBeNull();
    expect(cellValue('  ', 'TEXT')).toBeNull();
    expect(cellValue('42', 'INTEGER')).toBe(42);
    expect(cellValue('4.5', 'REAL')).toBe(4.5);
    expect(cellValue('42', 'TEXT')).toBe('42');
    expect(cellValue('2020-01-01', 'DATE')).toBe('2020-01-01');
  });

  it('keeps a value that does not fit the chosen type as its text', () => {
    expect(cellValue('n/a', 'INTEGER')).toBe('n/a');
    expect(cellValue('2.5', 'INTEGER')).toBe(2.5);
    expect(misfitCount(['1', 'x', '', '2.5'], 'INTEGER')).toBe(2);
    expect(misfitCount(['1', 'x'], 'TEXT')).toBe(0);
  });
});
