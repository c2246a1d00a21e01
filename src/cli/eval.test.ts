/**
 * `npm run eval` end to end: the real CLI process against the mock OpenAI-compatible server on
 * the shared Spider databases, with stages off and on, resumed from --out, and scoring a
 * predictions file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchmarkResponder, WRONG_SQL } from '../../e2e/support/mock-benchmark-model';
import { startMockOpenAiServer, type MockOpenAiServer } from '../../e2e/support/mock-openai-server';
import { faultyResponder } from '../../e2e/support/faulty-server';
import {
  SPIDER_DB_DIR,
  SPIDER_DEV_JSON,
  sharedDataAvailable,
  spiderQuestions,
} from '../test-support/shared-data';
import { evalCli } from '../test-support/eval-cli';

describe.skipIf(!sharedDataAvailable())('npm run eval', () => {
  let server: MockOpenAiServer;
  let dir: string;
  const base = ['--questions', SPIDER_DEV_JSON, '--db-dir', SPIDER_DB_DIR, '--limit', '6'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eval-cli-'));
    server = await startMockOpenAiServer({
      models: ['mock-coder'],
      respond: benchmarkResponder(spiderQuestions().slice(0, 6)),
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the pipeline with stages off and on, writes --out, and resumes from it', async () => {
    const out = join(dir, 'ablation');
    const args = [
      ...base,
      '--endpoint',
      server.baseUrl,
      '--model',
      'mock-coder',
      '--stages',
      'ts',
      '--stages',
      'all',
      '--concurrency',
      '4',
      '--out',
      out,
    ];
    const first = await evalCli(args);
    expect(first.code).toBe(0);
    const [plain, all] = first.stdout.split('Setting: ').slice(1);
    expect(plain).toContain('Text2SQL only (ts)');
    expect(plain).toMatch(/^EX 3\/6 \(50\.0%\)$/m);
    expect(all).toContain('All stages (all)');
    expect(all).toMatch(/^EX 6\/6 \(100\.0%\)$/m);
    expect(all).toMatch(/Noise correction: ran 6, adopted 3, wrong->right 3, right->wrong 0/);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(12);
    const predictions = readFileSync(join(out, 'predict-all.txt'), 'utf8').trim().split('\n');
    expect(predictions).toEqual(
      spiderQuestions()
        .slice(0, 6)
        .map((q) => q.query.replace(/\s+/g, ' ').trim()),
    );
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('| All stages |');

    const requests = server.requests.length;
    const again = await evalCli(args);
    expect(again.stderr).toContain('Resuming: 12 results already in');
    expect(server.requests.length).toBe(requests);
    expect(again.stdout).toMatch(/^EX 6\/6 \(100\.0%\)$/m);
  }, 180_000);

  it('scores the same EX when the server fails one request in three, and says what it retried', async () => {
    const flaky = faultyResponder(benchmarkResponder(spiderQuestions().slice(0, 6)), { every: 3 });
    const faulty = await startMockOpenAiServer({ models: ['mock-coder'], respond: flaky.respond });
    try {
      const result = await evalCli([
        ...base,
        '--endpoint',
        faulty.baseUrl,
        '--model',
        'mock-coder',
        '--stages',
        'ts',
        '--stages',
        'all',
        '--concurrency',
        '4',
      ]);
      expect(result.code).toBe(0);
      // Every kind of fault was met, and the figures are those of the healthy server above.
      expect(Object.values(flaky.injected).every((n) => n > 0)).toBe(true);
      const [plain, all] = result.stdout.split('Setting: ').slice(1);
      expect(plain).toMatch(/^EX 3\/6 \(50\.0%\)$/m);
      expect(all).toMatch(/^EX 6\/6 \(100\.0%\)$/m);
      expect(result.stdout).not.toContain('not scored');
      const retried = /^Retried calls: (\d+) \((.*)\)$/m.exec(result.stdout);
      const injected = Object.values(flaky.injected).reduce((a, b) => a + b, 0);
      expect(Number(retried?.[1])).toBe(injected);
      expect(retried?.[2]).toContain(`429: ${flaky.injected['429'] + flaky.injected['429-date']}`);
      expect(retried?.[2]).toContain(`503: ${flaky.injected['503']}`);
      expect(retried?.[2]).toContain(`500: ${flaky.injected['500']}`);
      expect(retried?.[2]).toContain(`stream cut: ${flaky.injected.drop}`);
    } finally {
      await faulty.close();
    }
  }, 180_000);

  it('leaves questions unscored when the faults never end, exits 3, and a resume scores them', async () => {
    const flaky = faultyResponder(benchmarkResponder(spiderQuestions().slice(0, 6)), {
      every: 1,
      faults: ['503'],
    });
    const faulty = await startMockOpenAiServer({ models: ['mock-coder'], respond: flaky.respond });
    const out = join(dir, 'unscored');
    const args = [
      ...base,
      '--endpoint',
      faulty.baseUrl,
      '--model',
      'mock-coder',
      '--stages',
      'all',
      '--concurrency',
      '6',
      '--retries',
      '1',
      '--out',
      out,
    ];
    try {
      const first = await evalCli(args);
      expect(first.code).toBe(3);
      expect(first.stdout).toMatch(/^EX 0\/0 \(-\) over the 0 scored questions$/m);
      expect(first.stdout).toMatch(
        /^EX 0\/6 \(0\.0%\) over all 6 questions, 6 not scored \(server error\)$/m,
      );
      expect(first.stdout).toContain('6 questions not scored (server error)');
      expect(first.stdout).toMatch(/#0 0: .*\(503\).*\(tried 2 times\)/);
      expect(first.stdout).toContain(
        `run the same command again: it keeps the scored results in ${out}`,
      );
      const summary = readFileSync(join(out, 'summary.md'), 'utf8');
      expect(summary).toContain('## Not scored (server error)');
      expect(summary).toContain('| All stages | 6 | - (0/0) | 0.0% (0/6) |');

      flaky.failAll = false;
      const second = await evalCli(args);
      expect(second.code).toBe(0);
      expect(second.stderr).toContain('Resuming: 6 results already in');
      expect(second.stderr).toContain('(6 not scored (server error): they run again)');
      expect(second.stdout).toMatch(/^EX 6\/6 \(100\.0%\)$/m);
      expect(readFileSync(join(out, 'summary.md'), 'utf8')).not.toContain('Not scored');
    } finally {
      await faulty.close();
    }
  }, 180_000);

  it('spreads the questions over two endpoints and moves the work of a failing one to the other', async () => {
    const healthy = await startMockOpenAiServer({
      models: ['mock-coder'],
      respond: benchmarkResponder(spiderQuestions().slice(0, 6)),
    });
    const failing = faultyResponder(benchmarkResponder(spiderQuestions().slice(0, 6)), {
      every: 1,
      faults: ['503'],
    });
    const broken = await startMockOpenAiServer({
      models: ['mock-coder'],
      respond: failing.respond,
    });
    try {
      const result = await evalCli([
        ...base,
        '--endpoint',
        healthy.baseUrl,
        '--endpoint',
        broken.baseUrl,
        '--model',
        'mock-coder',
        '--stages',
        'all',
        '--concurrency',
        '2',
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^EX 6\/6 \(100\.0%\)$/m);
      // The broken replica was tried, set aside, and its calls answered by the healthy one.
      expect(failing.injected['503']).toBeGreaterThan(0);
      expect(failing.injected['503']).toBeLessThan(healthy.requests.length);
      expect(result.stdout).toMatch(
        new RegExp(`^Retried calls: ${failing.injected['503']} \\(503: `, 'm'),
      );
      const port = (url: string) => new URL(url).host;
      expect(result.stderr).toContain(port(healthy.baseUrl));
      expect(result.stderr).toContain(`${port(broken.baseUrl)} 0/2 set aside`);
    } finally {
      await healthy.close();
      await broken.close();
    }
  }, 180_000);

  it('runs the vote row with EX by agreement, and leaves the constrained row out saying why', async () => {
    const result = await evalCli([
      // The first two questions only.
      ...base.slice(0, -1),
      '2',
      '--endpoint',
      server.baseUrl,
      '--model',
      'mock-coder',
      '--stages',
      'all+grammar',
      '--stages',
      'all+vote',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'Left out all+grammar: All stages + SQL constrained to the schema needs an engine that takes a grammar',
    );
    expect(result.stdout).toContain('Setting: All stages + agreement vote (5 samples, T 0.7)');
    expect(result.stdout).not.toContain('Setting: All stages + SQL constrained');
    expect(result.stdout).toMatch(/^ {2}5 of 5 agree: EX 2\/2 \(100\.0%\)$/m);
  }, 120_000);

  it('scores a predictions file without a model', async () => {
    const file = join(dir, 'predict.txt');
    const golds = spiderQuestions()
      .slice(0, 6)
      .map((q) => q.query);
    writeFileSync(file, golds.map((sql, i) => (i < 4 ? sql : WRONG_SQL)).join('\n') + '\n');
    const result = await evalCli([...base, '--predictions', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^EX 4\/6 \(66\.7%\)$/m);
  }, 120_000);

  it('says what is wrong with bad input', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '[{"db_id": "x"}]');
    const result = await evalCli([
      '--questions',
      bad,
      '--db-dir',
      SPIDER_DB_DIR,
      '--predictions',
      bad,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('entry 1 has no "question"');
    const noServer = await evalCli([
      ...base,
      '--endpoint',
      'http://127.0.0.1:9/v1',
      '--model',
      'm',
    ]);
    expect(noServer.code).toBe(2);
  }, 120_000);
});
