/**
 * Importing CSV/TSV files: the files are read and parsed, each becomes a planned table shown
 * in a preview where the person can change column types (and names), and "Import" builds a new
 * SQLite database from them in the db worker, which then opens like any other.
 */
import { planTable, toBuildTable, type ImportTable } from '../core/csv/import-plan';
import type { ImportColumnType } from '../core/csv/infer-types';
import { parseCsv } from '../core/csv/parse-csv';
import { AppError, toErrorPayload, type ErrorPayload } from '../core/errors';
import { formatBytes } from '../core/format-bytes';
import type { SliceCreator } from './slice';

/** Text held three times over while parsing (file, rows, build): keep it well inside a tab's memory. */
export const MAX_CSV_BYTES = 200 * 1024 * 1024;

export type CsvImportState =
  | { state: 'closed' }
  | { state: 'reading'; fileNames: string[] }
  | { state: 'preview'; tables: ImportTable[]; refused: ErrorPayload[] }
  | { state: 'building'; tables: ImportTable[]; refused: ErrorPayload[] }
  | { state: 'failed'; tables: ImportTable[]; refused: ErrorPayload[]; error: ErrorPayload };

export interface ImportSlice {
  csvImport: CsvImportState;
  /** Reads and plans the files; the preview opens. Files that cannot be read are listed, not lost silently. */
  prepareCsvImport(files: File[]): Promise<void>;
  setImportColumnType(table: number, column: number, type: ImportColumnType): void;
  setImportTableName(table: number, name: string): void;
  cancelCsvImport(): void;
  /** Builds the database from the previewed tables and opens it. */
  confirmCsvImport(): Promise<void>;
}

/** Files the import takes (others are SQLite files or refused by the opener). */
export function isDelimitedTextFile(file: { name: string; type: string }): boolean {
  return (
    /\.(csv|tsv|tab|txt)$/i.test(file.name) || /^text\/(csv|tab-separated-values)/.test(file.type)
  );
}

function delimiterFor(fileName: string): string | undefined {
  return /\.(tsv|tab)$/i.test(fileName) ? '\t' : undefined;
}

/** The database's name: the one file's name, or a name saying it holds several. */
export function importedDatabaseName(tables: ImportTable[]): string {
  if (tables.length === 1) return `${tables[0]!.name}.sqlite`;
  return `import-${tables.length}-tables.sqlite`;
}

export const createImportSlice: SliceCreator<ImportSlice> = (set, get) => {
  const updateTables = (update: (tables: ImportTable[]) => ImportTable[]) => {
    const current = get().csvImport;
    if (current.state !== 'preview' && current.state !== 'failed') return;
    set({
      csvImport: { state: 'preview', tables: update(current.tables), refused: current.refused },
    });
  };

  return {
    csvImport: { state: 'closed' },

    async prepareCsvImport(files) {
      set({ csvImport: { state: 'reading', fileNames: files.map((f) => f.name) } });
      const tables: ImportTable[] = [];
      const refused: ErrorPayload[] = [];
      const taken = new Set<string>();
      for (const file of files) {
        try {
          if (file.size > MAX_CSV_BYTES) {
            throw new AppError(
              'db_too_large',
              `${file.name} is ${formatBytes(file.size)}; files up to ${formatBytes(MAX_CSV_BYTES)} can be imported here.`,
              'Split the file, or import it into SQLite with the sqlite3 shell and open the result.',
            );
          }
          const parsed = await parseCsv(await file.text(), delimiterFor(file.name));
          if (parsed.header.length === 0) {
            throw new AppError(
              'empty_file',
              `${file.name} is empty: it has no header line.`,
              'Pick a file whose first line names the columns.',
            );
          }
          tables.push(planTable(file.name, parsed, taken));
        } catch (error) {
          refused.push(toErrorPayload(error));
        }
      }
      if (get().csvImport.state !== 'reading') return; // cancelled meanwhile
      set({ csvImport: { state: 'preview', tables, refused } });
    },

    setImportColumnType(table, column, type) {
      updateTables((tables) =>
        tables.map((t, i) =>
          i !== table
            ? t
            : { ...t, columns: t.columns.map((c, j) => (j === column ? { ...c, type } : c)) },
        ),
      );
    },

    setImportTableName(table, name) {
      updateTables((tables) => tables.map((t, i) => (i === table ? { ...t, name } : t)));
    },

    cancelCsvImport() {
      set({ csvImport: { state: 'closed' } });
    },

    async confirmCsvImport() {
      const current = get().csvImport;
      if (current.state !== 'preview' && current.state !== 'failed') return;
      const { tables, refused } = current;
      set({ csvImport: { state: 'building', tables, refused } });
      try {
        const problem = tableNameProblem(tables);
        if (problem) throw problem;
        await get().openImportedTables(tables.map(toBuildTable), importedDatabaseName(tables));
        const status = get().dbStatus;
        if (status.state === 'failed') throw AppError.fromPayload(status.error);
        set({ csvImport: { state: 'closed' } });
      } catch (error) {
        set({ csvImport: { state: 'failed', tables, refused, error: toErrorPayload(error) } });
      }
    },
  };
};

/** Blank or repeated table names (after the person edited them) are refused before building. */
export function tableNameProblem(tables: ImportTable[]): AppError | null {
  const seen = new Set<string>();
  for (const table of tables) {
    const name = table.name.trim();
    if (!name)
      return new AppError(
        'sql_error',
        `The table from ${table.fileName} has no name.`,
        'Give every table a name.',
      );
    if (seen.has(name.toLowerCase()))
      return new AppError(
        'sql_error',
        `Two tables are named ${name}.`,
        'Give every table its own name (names are not case-sensitive).',
      );
    seen.add(name.toLowerCase());
  }
  return null;
}
