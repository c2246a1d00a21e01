/**
 * Where a benchmark comes from in the browser: picked files (a folder pick gives every file with
 * its relative path), a .zip among them (fflate, loaded on first use), or the Spider dev sample
 * shipped with the app as one zip. The result is the questions file's text, one Blob per
 * database and BIRD's description files of each database that has them, keyed by db_id.
 */
import { AppError } from '../../core/errors';
import {
  dbIdOfDescriptionPath,
  dbIdOfPath,
  indexDatabaseFiles,
  indexDescriptionFiles,
} from '../../core/eval/database-files';
import type { DescriptionFile } from '../../core/knowledge/bird-descriptions';

export interface BenchmarkSource {
  /** The questions file, when one was among the files. */
  questions: { name: string; text: string } | null;
  databases: Map<string, Blob>;
  /** BIRD's `<db_id>/database_description/*.csv`, by db_id: what the descriptions row uses. */
  descriptions: Map<string, DescriptionFile[]>;
}

export const SPIDER_SAMPLE_URL = `${import.meta.env.BASE_URL}samples/spider-dev.zip`;
export const SPIDER_SAMPLE_LICENCE =
  'Spider dev set (Yu et al. 2018), CC BY-SA 4.0: 972 questions over 19 of its 20 databases.';

/** Files whose name says they are not the questions (Spider's tables.json, BIRD's column descriptions). */
const NOT_QUESTIONS = /(^|\/)(tables|train_tables|dev_tables|test_tables)\.json$/i;

function pickQuestions(jsonFiles: { path: string; read: () => Promise<string> }[]) {
  const candidates = jsonFiles.filter((f) => !NOT_QUESTIONS.test(f.path));
  // dev.json / test.json / questions.json first, then the shortest path.
  const rank = (p: string) =>
    (/(^|\/)(dev|test|questions)\.json$/i.test(p) ? 0 : 1) * 10_000 + p.length;
  return candidates.sort((a, b) => rank(a.path) - rank(b.path))[0] ?? null;
}

function pathOf(file: File): string {
  return (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
}

interface Entry {
  path: string;
  blob: () => Blob;
  read: () => Promise<string>;
}

async function collect(entries: Entry[]): Promise<BenchmarkSource> {
  const index = indexDatabaseFiles(entries.map((e) => e.path));
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const databases = new Map<string, Blob>();
  for (const [dbId, path] of index) databases.set(dbId, (byPath.get(path) as Entry).blob());
  // Description files are small (BIRD dev: 75 files, under 1 MB): read now, kept as bytes,
  // because their encoding is only known from the bytes.
  const descriptions = new Map<string, DescriptionFile[]>();
  for (const [dbId, paths] of indexDescriptionFiles(entries.map((e) => e.path))) {
    descriptions.set(
      dbId,
      await Promise.all(
        paths.map(async (path) => ({
          name: path,
          bytes: new Uint8Array(await (byPath.get(path) as Entry).blob().arrayBuffer()),
        })),
      ),
    );
  }
  const json = pickQuestions(entries.filter((e) => e.path.toLowerCase().endsWith('.json')));
  const questions = json
    ? await json.read().then((text) => ({ name: json.path.split('/').at(-1) ?? json.path, text }))
    : null;
  return { questions, databases, descriptions };
}

/** Unzips a benchmark archive (questions file and databases). */
export async function readZip(zip: Blob, name: string): Promise<BenchmarkSource> {
  const { unzip } = await import('fflate');
  const bytes = new Uint8Array(await zip.arrayBuffer());
  const files = await new Promise<Record<string, Uint8Array>>((resolve, reject) => {
    // Only what a benchmark needs is inflated: a zip of a whole dataset holds much else.
    unzip(
      bytes,
      {
        filter: (f) =>
          f.name.toLowerCase().endsWith('.json') ||
          dbIdOfPath(f.name) !== null ||
          dbIdOfDescriptionPath(f.name) !== null,
      },
      (error, data) => (error ? reject(error) : resolve(data)),
    );
  }).catch((error: unknown) => {
    throw new AppError(
      'invalid_benchmark',
      `${name} cannot be unzipped.`,
      'Check that the file is a complete .zip (download it again if it was cut short).',
      error instanceof Error ? error.message : String(error),
    );
  });
  const decoder = new TextDecoder();
  return collect(
    Object.entries(files).map(([path, data]) => ({
      path,
      blob: () => new Blob([data as BlobPart]),
      read: async () => decoder.decode(data),
    })),
  );
}

/** Picked files or a picked folder: .json questions, .sqlite databases, and .zip archives inside. */
export async function readPickedFiles(files: readonly File[]): Promise<BenchmarkSource> {
  const loose = await collect(
    files
      .filter((f) => !f.name.toLowerCase().endsWith('.zip'))
      .map((file) => ({ path: pathOf(file), blob: () => file, read: () => file.text() })),
  );
  for (const zip of files.filter((f) => f.name.toLowerCase().endsWith('.zip'))) {
    const inner = await readZip(zip, zip.name);
    loose.questions ??= inner.questions;
    for (const [dbId, blob] of inner.databases)
      if (!loose.databases.has(dbId)) loose.databases.set(dbId, blob);
    for (const [dbId, files] of inner.descriptions)
      if (!loose.descriptions.has(dbId)) loose.descriptions.set(dbId, files);
  }
  return loose;
}

export async function fetchSpiderSample(signal?: AbortSignal): Promise<BenchmarkSource> {
  let response: Response;
  try {
    response = await fetch(SPIDER_SAMPLE_URL, { signal });
  } catch (error) {
    throw new AppError(
      'fetch_failed',
      'The Spider sample could not be downloaded.',
      'Check the connection and try again.',
      String(error),
    );
  }
  if (!response.ok) {
    throw new AppError(
      'fetch_failed',
      `The Spider sample could not be downloaded (HTTP ${response.status}).`,
      'Reload the page and try again.',
    );
  }
  return readZip(await response.blob(), 'spider-dev.zip');
}
