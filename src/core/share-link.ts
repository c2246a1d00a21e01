/**
 * The share link of a question: `?db=<url>&q=<question>`. Opening it loads the database and
 * fills the question box; it never asks by itself (a link must not spend someone's model time
 * or run a question they have not read).
 */

export interface SharedQuestion {
  /** The database's URL, absolute or relative to the page. */
  db: string | null;
  question: string | null;
}

export function readShareLink(search: string): SharedQuestion {
  const params = new URLSearchParams(search);
  const db = params.get('db')?.trim() || null;
  const question = params.get('q')?.trim() || null;
  return { db, question };
}

/** `pageUrl` is the page's own address; any query or hash it had is replaced. */
export function shareLink(pageUrl: string, dbUrl: string, question: string): string {
  const url = new URL(pageUrl);
  url.hash = '';
  url.search = '';
  url.searchParams.set('db', dbUrl);
  if (question.trim()) url.searchParams.set('q', question.trim());
  return url.toString();
}
