/**
 * Where the real databases for tests live: `$SHARED_DATA_DIR`, else `../shared/data` beside the
 * repository (how CI and the developers' machines lay it out). Test-only: never imported by the app.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const SHARED_DATA_DIR = process.env.SHARED_DATA_DIR ?? resolve(repoRoot, '../shared/data');

export const CHINOOK_PATH = join(SHARED_DATA_DIR, 'chinook.sqlite');
export const NORTHWIND_PATH = join(SHARED_DATA_DIR, 'northwind.sqlite');
export const SPIDER_DB_DIR = join(SHARED_DATA_DIR, 'spider-dev/database');
export const SPIDER_DEV_JSON = join(SHARED_DATA_DIR, 'spider-dev/dev.json');

export interface SpiderQuestion {
  db_id: string;
  question: string;
  query: string;
}

export function spiderDatabasePath(dbId: string): string {
  return join(SPIDER_DB_DIR, `${dbId}.sqlite`);
}

export function spiderDatabaseIds(): string[] {
  return readdirSync(SPIDER_DB_DIR)
    .filter((name) => name.endsWith('.sqlite'))
    .map((name) => name.replace(/\.sqlite$/, ''))
    .sort();
}

export function spiderQuestions(): SpiderQuestion[] {
  return JSON.parse(readFileSync(SPIDER_DEV_JSON, 'utf8')) as SpiderQuestion[];
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

export function sharedDataAvailable(): boolean {
  return existsSync(SPIDER_DEV_JSON);
}
