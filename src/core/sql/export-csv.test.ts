import { describe, expect, it } from 'vitest';
import { toCsv } from './export-csv';

describe('toCsv', () => {
  it('writes a header row and CRLF-separated rows', () => {
    expect(
      toCsv({
        columns: ['id', 'name'],
        rows: [
          [1, 'Ann'],
          [2, 'Bo'],
        ],
      }),
    ).toBe('id,name\r\n1,Ann\r\n2,Bo\r\n');
  });

  it('quotes fields holding commas, quotes, line breaks or edge spaces', () => {
    const csv = toCsv({
      columns: ['a,b', 'say "hi"'],
      rows: [
        ['x,y', 'he said "no"'],
        ['line1\nline2', ' padded '],
      ],
    });
    expect(csv).toBe(
      '"a,b","say ""hi"""\r\n"x,y","he said ""no"""\r\n"line1\nline2"," padded "\r\n',
    );
  });

  it('writes NULL as an empty field and BLOBs as hex', () => {
    expect(toCsv({ columns: ['n', 'b'], rows: [[null, new Uint8Array([0, 15, 255])]] })).toBe(
      'n,b\r\n,000fff\r\n',
    );
  });

  it('writes NULL and the empty string alike, as empty fields', () => {
    expect(toCsv({ columns: ['a', 'b', 'c'], rows: [['', null, 0]] })).toBe('a,b,c\r\n,,0\r\n');
  });

  it('writes just the header for an empty result', () => {
    expect(toCsv({ columns: ['only'], rows: [] })).toBe('only\r\n');
  });

  it('leaves HTML as text', () => {
    expect(toCsv({ columns: ['x'], rows: [['<img src=x onerror=alert(1)>']] })).toBe(
      'x\r\n<img src=x onerror=alert(1)>\r\n',
    );
  });
});
