/**
 * BIRD's description files (`<db>/database_description/<table>.csv`, columns
 * original_column_name, column_name, column_description, data_format, value_description) read
 * the way BIRD-based loaders read them (CHESS's `load_tables_description`, which BIRD systems
 * reuse): UTF-8 with or without a byte-order mark, else Windows-1252 (cp1252); the table is the
 * file's name, case-folded and stripped; names and texts stripped of stray spaces, line breaks
 * in texts turned into spaces, the "commonsense evidence:" label dropped; a row with neither
 * name is skipped. Beyond those loaders, a row whose name is no column of the table (BIRD's
 * files have a few typos and stray spaces in names) is reported, never silently matched.
 */
import { parseCsv } from '../csv/parse-csv';
import type { DbSchema } from '../schema/types';
import type { ColumnNote, SchemaDescriptions } from './types';

export interface DescriptionFile {
  /** The file's name or path (`database_description/frpm.csv`): the table is its base name. */
  name: string;
  bytes: Uint8Array;
}

export interface DescriptionImport {
  descriptions: SchemaDescriptions;
  /** Columns given a description. */
  columns: number;
  tables: number;
  /** What could not be used, one sentence each (file and line named). */
  problems: string[];
}

/** UTF-8 (a byte-order mark dropped) when the bytes are valid UTF-8, else Windows-1252. */
export function decodeDescriptionBytes(bytes: Uint8Array): { text: string; encoding: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

const clean = (text: string | undefined) =>
  (text ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/commonsense evidence:/gi, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Names compared loosely only to tell whether column_name says more than the name itself. */
const loose = (name: string) => name.toLowerCase().replace(/[\s_]+/g, '');

const baseName = (path: string) => (path.split(/[\\/]/).pop() ?? path).replace(/\.csv$/i, '');

export async function readBirdDescriptions(
  files: readonly DescriptionFile[],
  schema: DbSchema,
): Promise<DescriptionImport> {
  const descriptions: SchemaDescriptions = {};
  const problems: string[] = [];
  let columns = 0;
  for (const file of files) {
    const label = baseName(file.name) + '.csv';
    const tableName = baseName(file.name).trim().toLowerCase();
    const table = schema.tables.find((t) => t.name.toLowerCase() === tableName);
    if (!table) {
      problems.push(`${label}: no table of this database is called ${baseName(file.name).trim()}.`);
      continue;
    }
    const { text } = decodeDescriptionBytes(file.bytes);
    const parsed = await parseCsv(text, ',');
    const header = parsed.header.map((h) => h.trim().toLowerCase());
    const at = (name: string) => header.indexOf(name);
    const original = at('original_column_name');
    if (original < 0) {
      problems.push(
        `${label}: it has no original_column_name column, so it is not a BIRD description file.`,
      );
      continue;
    }
    const expanded = at('column_name');
    const described = at('column_description');
    const values = at('value_description');
    parsed.rows.forEach((row, i) => {
      const line = parsed.rowLines[i] ?? i + 2;
      const name = (row[original] ?? '').trim();
      const longName = expanded >= 0 ? (row[expanded] ?? '').trim() : '';
      if (name === '' && longName === '') return;
      const column = table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!column) {
        problems.push(
          `${label} line ${line}: ${name === '' ? 'the row names no column' : `"${name}" is no column of ${table.name}`}, so its description was not used.`,
        );
        return;
      }
      const description = clean(described >= 0 ? row[described] : '');
      const note: ColumnNote = {
        // The long name says what a terse name means ("eligible free rate K-12" for a code).
        description:
          longName !== '' && loose(longName) !== loose(name)
            ? description === ''
              ? longName
              : `${longName}: ${description}`
            : description,
        values: clean(values >= 0 ? row[values] : ''),
      };
      if (note.description === '' && note.values === '') return;
      const notes = (descriptions[table.name] ??= { description: '', columns: {} });
      if (!notes.columns[column.name]) columns++;
      notes.columns[column.name] = note;
    });
  }
  return { descriptions, columns, tables: Object.keys(descriptions).length, problems };
}
