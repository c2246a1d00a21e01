/**
 * An earlier turn of a thread as a prompt shows it: its question and its final (adopted) SQL.
 * A turn that failed or gave no SQL still gives its question (`sql` null): a follow-up such as
 * "only for 2010" needs what was asked even when no query came of it.
 */
export interface EarlierTurn {
  question: string;
  sql: string | null;
}
