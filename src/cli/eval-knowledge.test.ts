/**
 * `npm run eval --stages all+memory --stages all+descriptions` end to end: the real CLI against
 * the mock server, on a copy of a Spider database given BIRD-shaped description files.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchmarkResponder, questionOfPrompt } from '../../e2e/support/mock-benchmark-model';
import {
  startMockOpenAiServer,
  type ChatCompletionBody,
  type MockOpenAiServer,
} from '../../e2e/support/mock-openai-server';
import { MEMORY_EXAMPLES_HEADING } from '../core/pipeline/prompts';
import {
  SPIDER_DB_DIR,
  sharedDataAvailable,
  spiderDatabasePath,
  spiderQuestions,
} from '../test-support/shared-data';
import { evalCli } from '../test-support/eval-cli';

const userText = (body: ChatCompletionBody) =>
  [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';

describe.skipIf(!sharedDataAvailable())('npm run eval with the knowledge rows', () => {
  let server: MockOpenAiServer;
  let dir: string;
  const bodies: ChatCompletionBody[] = [];
  // concert_singer's first six questions: three pairs, each pair with the same gold SQL.
  const questions = sharedDataAvailable() ? spiderQuestions().slice(0, 6) : [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eval-knowledge-'));
    mkdirSync(join(dir, 'db/concert_singer/database_description'), { recursive: true });
    copyFileSync(
      spiderDatabasePath('concert_singer'),
      join(dir, 'db/concert_singer/concert_singer.sqlite'),
    );
    writeFileSync(
      join(dir, 'db/concert_singer/database_description/singer.csv'),
      'original_column_name,column_name,column_description,data_format,value_description\n' +
        'Is_male,,whether the singer is a man,text,"T = male, F = female"\n',
    );
    writeFileSync(join(dir, 'dev.json'), JSON.stringify(questions));
    const respond = benchmarkResponder(questions, { rightFirst: () => true });
    server = await startMockOpenAiServer({
      models: ['mock-coder'],
      respond: (body) => {
        bodies.push(body);
        return respond(body);
      },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the memory row with the leave-out rule and the descriptions row with BIRD files', async () => {
    const result = await evalCli([
      ...['--questions', join(dir, 'dev.json'), '--db-dir', join(dir, 'db')],
      ...['--endpoint', server.baseUrl, '--model', 'mock-coder'],
      ...['--stages', 'all+memory', '--stages', 'all+descriptions'],
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Setting: All stages + memory (3 examples from the database's other questions)",
    );
    expect(result.stdout).toContain("Setting: All stages + the benchmark's column descriptions");
    const prompts = bodies.map((b) => ({ asked: questionOfPrompt(b), text: userText(b) }));
    const [q0, q1] = questions;
    const withMemory = prompts.filter((p) => p.text.includes(MEMORY_EXAMPLES_HEADING));
    // The first question remembers some of its database's other questions, never the one with
    // its own SQL (the second), nor itself before the question it asks.
    const first = withMemory.filter((p) => p.asked === q0?.question);
    expect(first.length).toBeGreaterThan(0);
    for (const p of first) {
      expect(p.text).not.toContain(`Question: ${q1?.question}`);
      expect(p.text.split(`Question: ${q0?.question}`)).toHaveLength(2);
    }
    expect(
      prompts.some((p) =>
        p.text.includes('Is_male BOOLEAN, -- whether the singer is a man; values: T = male'),
      ),
    ).toBe(true);
  }, 120_000);

  it('leaves the descriptions row out, saying why, when the databases have no descriptions', async () => {
    const result = await evalCli([
      ...['--questions', join(dir, 'dev.json'), '--db-dir', SPIDER_DB_DIR, '--limit', '2'],
      ...['--endpoint', server.baseUrl, '--model', 'mock-coder'],
      ...['--stages', 'all+descriptions'],
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "Left out all+descriptions: All stages + the benchmark's column descriptions needs a benchmark with column descriptions (BIRD's database_description folders), and this one has none.",
    );
  }, 120_000);
});
