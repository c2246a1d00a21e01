import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv';
import { columnNames, planTable, tableNameFor, toBuildTable } from './import-plan';

describe('parseCsv', () => {
  it('reads a header and rows, and gives each row the file line it starts on', async () => {
    const text = 'id,name,note\n1,Ann,"two\nlines"\n\n2,Bob,plain\n';
    const parsed = await parseCsv(text);
    expect(parsed.header).toEqual(['id', 'name', 'note']);
    expect(parsed.rows).toEqual([
      ['1', 'Ann', 'two\nlines'],
      ['2', 'Bob', 'plain'],
    ]);
    // Row 2 starts on line 5: the quoted field spans lines 2-3, line 4 is blank.
    expect(parsed.rowLines).toEqual([2, 5]);
    expect(parsed.problems).toEqual([]);
  });

  it('reports rows that do not fit the header with their line numbers, and keeps what it can', async () => {
    const text = ['a,b,c', '1,2,3', '4,5', '6,7,8,9', '10,11,12,', '13,14,15'].join('\r\n');
    const parsed = await parseCsv(text);
    expect(parsed.problems).toEqual([
      { line: 3, message: '2 of 3 fields; the missing ones are NULL', skipped: false },
      { line: 4, message: '4 fields where the header has 3; not imported', skipped: true },
    ]);
    expect(parsed.rows).toEqual([
      ['1', '2', '3'],
      ['4', '5', ''],
      ['10', '11', '12'],
      ['13', '14', '15'],
    ]);
    expect(parsed.rowLines).toEqual([2, 3, 5, 6]);
  });

  it('reports an unclosed quote instead of swallowing the rest silently', async () => {
    const parsed = await parseCsv('a,b\n1,"open\n2,3\n');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line: 2, skipped: true });
    expect(parsed.problems[0]?.message).toContain('never closed');
  });

  it('detects tabs and semicolons, and drops a byte-order mark', async () => {
    const tsv = await parseCsv('\ufeffx\ty\n1\t2\n');
    expect(tsv.delimiter).toBe('\t');
    expect(tsv.header).toEqual(['x', 'y']);
    const semi = await parseCsv('x;y\n1,5;2\n');
    expect(semi.rows).toEqual([['1,5', '2']]);
  });
});

describe('import plan', () => {
  it('names tables after files and columns after the header, blank and repeated ones fixed', () => {
    expect(tableNameFor('sales data-2024.csv')).toBe('sales_data_2024');
    expect(tableNameFor('2024.tsv')).toBe('t_2024');
    expect(tableNameFor('Ünïcode.csv')).toBe('Ünïcode');
    expect(tableNameFor('.csv')).toBe('imported');
    expect(columnNames(['id', '', 'Id', ' name '])).toEqual(['id', 'column_2', 'Id_2', 'name']);
  });

  it('infers each column and converts values, empty cells to NULL', async () => {
    const parsed = await parseCsv('id,price,day,label\n1,2.5,2020-01-01,x\n2,,2020-01-02,\n');
    const taken = new Set(['prices']);
    const table = planTable('prices.csv', parsed, taken);
    expect(table.name).toBe('prices_2');
    expect(table.columns.map((c) => c.type)).toEqual(['INTEGER', 'REAL', 'DATE', 'TEXT']);
    expect(toBuildTable(table).rows).toEqual([
      [1, 2.5, '2020-01-01', 'x'],
      [2, null, '2020-01-02', null],
    ]);
  });
});
