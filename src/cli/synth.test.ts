/**
 * `npm run synth` end to end: the real command in a child process, against the mock
 * OpenAI-compatible server (strong, judge and weak models scripted by prompt), on a shared
 * Spider database; then resumed from its --out folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAiServer, type MockOpenAiServer } from '../../e2e/support/mock-openai-server';
import { faultyResponder } from '../../e2e/support/faulty-server';
import { synthPromptKind, synthReplies } from '../../e2e/support/mock-synth-replies';
import { toBirdPredictions } from '../core/eval/predictions';
import { SPIDER_DB_DIR, spiderDatabasePath } from '../test-support/shared-data';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');

const PAIRS = [
  {
    question: 'How many singers are there?',
    sql: 'SELECT count(*) FROM singer',
    difficulty: 'simple',
  },
  { question: 'What are the names of the stadiums?', sql: 'SELECT Name FROM stadium' },
  {
    question: 'Which singers are from France?',
    sql: "SELECT Name FROM singer WHERE Country = 'France'",
  },
  {
    question: 'List singers from Atlantis.',
    sql: "SELECT Name FROM singer WHERE Country = 'Atlantis'",
  },
  { question: 'What are the song names?', sql: 'SELECT Song_Nam FROM singer' },
  {
    question: 'How many concerts were held in each stadium?',
    sql: 'SELECT T2.Name, count(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID GROUP BY T1.Stadium_ID',
    difficulty: 'moderate',
  },
];

let server: MockOpenAiServer;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'synth-cli-'));
  server = await startMockOpenAiServer({ respond: replies() });
});

/** The strong, judge and weak models' answers, as a fresh script (its rounds are used up in order). */
function replies() {
  return synthReplies({
    rounds: [PAIRS.slice(0, 5), [PAIRS[0], PAIRS[5]] as typeof PAIRS],
    judge: (q) =>
      q.startsWith('What are the names of the stadiums')
        ? { match: false, reason: 'It should list stadium locations.' }
        : { match: true, reason: 'Fine.' },
    weak: (q) =>
      q.startsWith('How many singers')
        ? 'SELECT count(Singer_ID) FROM singer'
        : q.startsWith('Which singers')
          ? 'SELECT Name FROM singer'
          : null,
  });
}

afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

/** Runs a command-line tool of this repository (tsx, as `npm run` does). */
const tool = (script: string, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    cwd: repo,
    timeout: 60_000,
  });

const synth = (extra: string[]) =>
  tool('synth', [
    '--db',
    spiderDatabasePath('concert_singer'),
    '--strong-endpoint',
    server.baseUrl,
    '--strong-model',
    'strong',
    '--weak-endpoint',
    server.baseUrl,
    '--weak-model',
    'weak',
    '--out',
    out,
    '--concurrency',
    '2',
    ...extra,
  ]);

describe('npm run synth', () => {
  it('spreads weak answers over two endpoints and moves the work of a broken one to the other', async () => {
    const broken = await startMockOpenAiServer({
      respond: faultyResponder(() => ({ content: '' }), { every: 1, faults: ['503'] }).respond,
    });
    const healthy = await startMockOpenAiServer({ respond: replies() });
    const dir = mkdtempSync(join(tmpdir(), 'synth-replicas-'));
    try {
      const result = await tool('synth', [
        '--db',
        spiderDatabasePath('concert_singer'),
        '--strong-endpoint',
        healthy.baseUrl,
        '--strong-model',
        'strong',
        '--weak-endpoint',
        healthy.baseUrl,
        '--weak-endpoint',
        broken.baseUrl,
        '--weak-model',
        'weak',
        '--out',
        dir,
        '--n',
        '4',
        '--concurrency',
        '2',
      ]);
      expect(result.stdout).toMatch(/^Round 1 .*; retries \d+\.$/m);
      expect(result.stdout).toContain(
        '| weak answers not scored (server error; the weak step asks again) | 0 |',
      );
      // What the healthy server alone gives: one right, two wrong, none unscored.
      expect(result.stdout).toContain('| weak answers | 3 |');
      expect(result.stdout).toContain('| weak answers right by execution | 1 |');
      expect(result.stdout).toContain(
        '| weak answers wrong (preference pairs come from these) | 2 |',
      );
      expect(result.stdout).toMatch(/^Retried calls: [1-9]\d* \(503: [1-9]\d*\)$/m);
    } finally {
      await broken.close();
      await healthy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('writes the five files, prints the counts, and resumes from --out', async () => {
    const first = await synth(['--n', '4']);
    expect(first.stdout).toContain('Round 1');
    expect(first.stdout).toContain('| pairs kept after running them | 4 |');
    expect(first.stdout).toContain('| dropped: SQL error | 1 |');
    expect(first.stdout).toContain('| dropped: no rows | 1 |');
    expect(first.stdout).toContain('| dropped: near-duplicate | 1 |');
    expect(first.stdout).toContain('| judge: SQL does not answer it (filtered) | 1 |');
    expect(first.stdout).toContain('target number of pairs was kept');

    const pairs = JSON.parse(readFileSync(join(out, 'pairs.json'), 'utf8')) as {
      question: string;
      db_id: string;
      SQL: string;
    }[];
    expect(pairs.map((p) => p.question)).toEqual([
      PAIRS[0]?.question,
      PAIRS[2]?.question,
      PAIRS[5]?.question,
    ]);
    expect(pairs.every((p) => p.db_id === 'concert_singer')).toBe(true);
    const filtered = readFileSync(join(out, 'filtered.jsonl'), 'utf8').trim().split('\n');
    expect(filtered).toHaveLength(1);
    expect(JSON.parse(filtered[0] as string)).toMatchObject({
      question: PAIRS[1]?.question,
      reason: 'It should list stadium locations.',
    });
    // Singers: the weak count matches; France: the weak SQL lists every singer; stadium counts: no SQL.
    const dpo = readFileSync(join(out, 'dpo.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { rejected: { content: string } });
    expect(dpo.map((d) => d.rejected.content)).toEqual([
      '```sql\nSELECT Name FROM singer\n```',
      'I cannot answer that.',
    ]);
    const sft = readFileSync(join(out, 'sft.jsonl'), 'utf8').trim().split('\n');
    expect(new Set(sft.map((l) => (JSON.parse(l) as { task: string }).task))).toEqual(
      new Set(['text2sql', 'schema_linking', 'noise_correction', 'continuation_writing']),
    );
    const calls = server.requests.length;

    // pairs.json runs in the evaluation lab as it is: its gold SQL, given as the predictions, scores 100%.
    const predictions = join(out, 'gold-predictions.json');
    writeFileSync(
      predictions,
      toBirdPredictions(
        pairs.map((p) => p.SQL),
        pairs.map((p) => p.db_id),
      ),
    );
    const evaluated = await tool('eval', [
      '--questions',
      join(out, 'pairs.json'),
      '--db-dir',
      SPIDER_DB_DIR,
      '--predictions',
      predictions,
      '--out',
      join(out, 'eval'),
    ]);
    expect(evaluated.stdout).toContain('EX 3/3 (100');

    // Same command: nothing left to do, no model call.
    const again = await synth(['--n', '4']);
    expect(again.stdout).toContain('Resuming from');
    expect(server.requests).toHaveLength(calls);

    // A higher target resumes synthesis; the round asks for more and the judge sees only new pairs.
    const more = await synth(['--n', '5']);
    expect(more.stdout).toContain('Resuming from');
    const kinds = server.requests.slice(calls).map(synthPromptKind);
    expect(kinds[0]).toBe('synthesis');
    expect(kinds.filter((k) => k === 'judge')).toHaveLength(0);
    expect(more.stdout).toContain('a round added no new pair');
  }, 120_000);

  it('says what is missing when a flag is wrong', async () => {
    await expect(tool('synth', ['--db', 'x.sqlite'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--strong-endpoint and --strong-model are required.'),
    });
    const notSqlite = ['--db', join(repo, 'package.json')];
    await expect(
      tool('synth', [
        ...notSqlite,
        '--strong-endpoint',
        'http://127.0.0.1:9/v1',
        '--strong-model',
        'm',
      ]),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('not an SQLite database') });
  }, 60_000);
});
