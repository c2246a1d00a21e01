/** Picked benchmark files and zips keep BIRD's description files beside the databases. */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readPickedFiles } from './benchmark-source';

const QUESTIONS = JSON.stringify([
  { question_id: 0, db_id: 'schools', question: 'How many?', evidence: '', SQL: 'SELECT 1' },
]);
const CSV = 'original_column_name,column_name,column_description\nCDSCode,,the school code\n';
const bytes = (text: string) => new TextEncoder().encode(text);

function picked(path: string, content: string | Uint8Array): File {
  const file = new File([content as BlobPart], path.split('/').at(-1) ?? path);
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}

describe('readPickedFiles', () => {
  it("keeps a picked folder's database_description files, as bytes, by db_id", async () => {
    const source = await readPickedFiles([
      picked('dev/dev.json', QUESTIONS),
      picked('dev/dev_databases/schools/schools.sqlite', 'SQLite format 3'),
      picked('dev/dev_databases/schools/database_description/frpm.csv', CSV),
      picked('dev/dev_databases/schools/notes.csv', 'not a description'),
    ]);
    expect([...source.databases.keys()]).toEqual(['schools']);
    const files = source.descriptions.get('schools') ?? [];
    expect(files.map((f) => f.name)).toEqual([
      'dev/dev_databases/schools/database_description/frpm.csv',
    ]);
    expect(new TextDecoder().decode(files[0]?.bytes)).toBe(CSV);
  });

  it('keeps them from a zip, and a benchmark without them has none', async () => {
    const zip = zipSync({
      'dev.json': bytes(QUESTIONS),
      'dev_databases/schools/schools.sqlite': bytes('SQLite format 3'),
      'dev_databases/schools/database_description/schools.csv': bytes(CSV),
    });
    const zipped = await readPickedFiles([picked('bird.zip', zip)]);
    expect(zipped.descriptions.get('schools')?.map((f) => f.name)).toEqual([
      'dev_databases/schools/database_description/schools.csv',
    ]);
    const spider = await readPickedFiles([
      picked('dev.json', QUESTIONS),
      picked('database/schools/schools.sqlite', 'SQLite format 3'),
    ]);
    expect(spider.descriptions.size).toBe(0);
  });
});
