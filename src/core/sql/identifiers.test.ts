import { describe, expect, it } from 'vitest';
import { previewTableSql, quoteIdentifier, quoteString, sqlName } from './identifiers';

describe('quoteIdentifier', () => {
  it.each([
    ['Order', '"Order"'],
    ['my table', '"my table"'],
    ['say "hi"', '"say ""hi"""'],
    ['ünïcødé 表', '"ünïcødé 表"'],
    ["it's", '"it\'s"'],
    ['', '""'],
  ])('quotes %j as %s', (name, quoted) => {
    expect(quoteIdentifier(name)).toBe(quoted);
  });
});

describe('quoteString', () => {
  it('doubles single quotes', () => {
    expect(quoteString("O'Brien")).toBe("'O''Brien'");
  });
});

describe('previewTableSql', () => {
  it('selects the first 100 rows of a quoted table', () => {
    expect(previewTableSql('Order')).toBe('SELECT * FROM "Order" LIMIT 100;');
    expect(previewTableSql('a "b"', 5)).toBe('SELECT * FROM "a ""b""" LIMIT 5;');
  });
});

describe('sqlName', () => {
  it.each([
    ['singer', 'singer'],
    ['Album', 'Album'],
    ['_x1', '_x1'],
    ['Order', '"Order"'],
    ['group', '"group"'],
    ['Official_ratings_(millions)', '"Official_ratings_(millions)"'],
    ['18_49_Rating_Share', '"18_49_Rating_Share"'],
    ['1st', '"1st"'],
    ['first name', '"first name"'],
    ['Order Details', '"Order Details"'],
    ['say "hi"', '"say ""hi"""'],
    ['Café', '"Café"'],
  ])('%s -> %s', (name, typed) => {
    expect(sqlName(name)).toBe(typed);
  });
});
