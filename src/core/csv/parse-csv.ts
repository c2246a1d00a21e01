/**
 * Reads a CSV or TSV text with papaparse (loaded on first use) into a header, rows of text and,
 * for every row, the line of the file it starts on (the header is line 1; a quoted field may
 * span lines, so row and line numbers differ). Rows that do not fit the header are reported
 * with their line, never dropped without a word.
 */
import type { ParseStepResult } from 'papaparse';

export interface CsvProblem {
  /** Line of the file where the row starts (header = 1). */
  line: number;
  message: string;
  /** True when the row is left out of the import; false when it is kept (padded). */
  skipped: boolean;
}

export interface ParsedCsv {
  header: string[];
  rows: string[][];
  /** The file line each row starts on, parallel to `rows`. */
  rowLines: number[];
  problems: CsvProblem[];
  delimiter: string;
}

type Papa = typeof import('papaparse');
let papa: Promise<Papa> | null = null;

function loadPapa(): Promise<Papa> {
  papa ??= import('papaparse')
    .then((mod) => ((mod as unknown as { default?: Papa }).default ?? mod) as Papa)
    .catch((error: unknown) => {
      papa = null;
      throw error;
    });
  return papa;
}

/** Offsets of line starts, to turn a character offset into a 1-based line number. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1); // old Mac endings
  }
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/** `delimiter`: ',' ';' '\t' … or undefined to let papaparse guess from the first lines. */
export async function parseCsv(input: string, delimiter?: string): Promise<ParsedCsv> {
  const Papa = await loadPapa();
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input; // byte-order mark
  const starts = lineStarts(text);
  const records: { fields: string[]; line: number; quoteError: boolean }[] = [];
  let rowStart = 0;
  let usedDelimiter = delimiter ?? ',';
  Papa.parse<string[]>(text, {
    delimiter: delimiter ?? '',
    skipEmptyLines: true,
    step(result: ParseStepResult<string[]>) {
      // The cursor is where this row ended; blank lines before it were skipped, so the row
      // starts at its first non-newline character after the previous row's end.
      let start = rowStart;
      while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++;
      rowStart = result.meta.cursor;
      usedDelimiter = result.meta.delimiter;
      records.push({
        fields: result.data,
        line: lineAt(starts, start),
        quoteError: result.errors.some((error) => error.type === 'Quotes'),
      });
    },
  });

  const [headerRecord, ...dataRecords] = records;
  const header = headerRecord?.fields ?? [];
  const problems: CsvProblem[] = [];
  const rows: string[][] = [];
  const rowLines: number[] = [];
  for (const record of dataRecords) {
    const { fields, line } = record;
    if (record.quoteError) {
      problems.push({
        line,
        message: 'a quoted field is never closed; the rest of the file was read into it',
        skipped: true,
      });
      continue;
    }
    if (fields.length > header.length && fields.slice(header.length).some((f) => f.trim())) {
      problems.push({
        line,
        message: `${fields.length} fields where the header has ${header.length}; not imported`,
        skipped: true,
      });
      continue;
    }
    if (fields.length < header.length) {
      problems.push({
        line,
        message: `${fields.length} of ${header.length} fields; the missing ones are NULL`,
        skipped: false,
      });
    }
    // Extra fields here are all empty (a trailing delimiter): nothing is lost by leaving them.
    rows.push(header.map((_, index) => fields[index] ?? ''));
    rowLines.push(line);
  }
  return { header, rows, rowLines, problems, delimiter: usedDelimiter };
}
