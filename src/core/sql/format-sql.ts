/**
 * "Format SQL": sql-formatter with its SQLite dialect, loaded on first use (it is about 60 kB
 * gzipped and nobody needs it for the first paint). A SQL it cannot read is an AppError that
 * quotes the formatter, and the text is left as it was.
 */
import { AppError } from '../errors';

type Formatter = typeof import('sql-formatter');

let formatter: Promise<Formatter> | null = null;

function loadFormatter(): Promise<Formatter> {
  formatter ??= import('sql-formatter').catch((error: unknown) => {
    formatter = null; // a flaky chunk request may be retried
    throw error;
  });
  return formatter;
}

export async function formatSql(sql: string): Promise<string> {
  if (!sql.trim()) return sql;
  const { format } = await loadFormatter();
  try {
    return format(sql, {
      language: 'sqlite',
      keywordCase: 'upper',
      functionCase: 'upper',
      tabWidth: 2,
      linesBetweenQueries: 1,
    });
  } catch (error) {
    throw new AppError(
      'sql_error',
      'This SQL could not be formatted: the formatter does not read it.',
      'Fix the syntax (running it shows SQLite’s message) and format again.',
      error instanceof Error ? error.message : String(error),
    );
  }
}
