/**
 * Zip files in the browser with fflate (about 8 kB gzipped), loaded only when a zip is made. The
 * one wrapper around the library.
 */

/** A zip of text files, by name. */
export async function zipTextFiles(files: Record<string, string>): Promise<Blob> {
  const { strToU8, zipSync } = await import('fflate');
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, text]) => [name, strToU8(text)]),
  );
  const bytes = zipSync(entries, { level: 6 });
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
