/**
 * Downloads a database file from a URL with messages for each way that fails: a bad address,
 * no answer or CORS (fetch gives a bare TypeError for both), an HTTP error, a file too large.
 */
import { AppError } from '../../core/errors';
import { checkDatabaseSize } from '../../core/sql/sqlite-file';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** The file name a URL points at (its last path segment), for the download and the title. */
export function databaseNameFromUrl(url: string): string {
  try {
    const last = new URL(url, 'http://x/').pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : 'database.sqlite';
  } catch {
    return 'database.sqlite';
  }
}

function httpError(response: Response, url: string): AppError {
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (response.status === 404 || response.status === 410) {
    return new AppError(
      'fetch_failed',
      `There is no database at ${url} (${status}).`,
      'Check the address for typos, or open the file from your computer.',
    );
  }
  if (response.status === 401 || response.status === 403) {
    return new AppError(
      'fetch_failed',
      `The server refused to give out ${url} (${status}).`,
      'The file needs a login or is private: download it yourself and open it from your computer.',
    );
  }
  return new AppError(
    'fetch_failed',
    `The server could not deliver ${url} (${status}).`,
    'Try again later, or download the file and open it from your computer.',
  );
}

export async function fetchDatabase(
  url: string,
  fetchImpl: Fetch = (input, init) => fetch(input, init),
  base?: string,
): Promise<File> {
  let address: URL;
  try {
    address = new URL(url, base);
  } catch {
    throw new AppError(
      'fetch_failed',
      `"${url}" is not a web address.`,
      'Use a full address such as https://example.com/data.sqlite.',
    );
  }
  let response: Response;
  try {
    response = await fetchImpl(address.href);
  } catch (error) {
    throw new AppError(
      'fetch_failed',
      `Could not download ${address.href}: the server did not answer, or it does not let other sites read the file (CORS).`,
      `Check that the address opens in a new tab. If it does, that server must send "Access-Control-Allow-Origin"; or download the file and open it from your computer.`,
      error instanceof Error ? error.message : String(error),
    );
  }
  if (!response.ok) throw httpError(response, address.href);
  // Many hosts (single-page apps, `vite preview`) answer a missing file with their own page and
  // status 200: for a database URL, an HTML answer means the file is not there.
  if (/^text\/html\b/i.test(response.headers.get('content-type') ?? '')) {
    throw new AppError(
      'fetch_failed',
      `There is no database at ${address.href}: the server sent a web page instead (its way of saying 404 Not Found).`,
      'Check the address for typos; it must point at the .sqlite file itself, not a page about it.',
    );
  }
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = Number.isFinite(declared) && declared > 0 ? checkDatabaseSize(declared) : null;
  if (tooLarge) throw tooLarge;
  let body: Blob;
  try {
    body = await response.blob();
  } catch (error) {
    throw new AppError(
      'fetch_failed',
      `The download of ${address.href} broke off.`,
      'Try again.',
      error instanceof Error ? error.message : String(error),
    );
  }
  return new File([body], databaseNameFromUrl(address.href), { type: body.type });
}
