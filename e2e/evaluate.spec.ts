/**
 * The Evaluate view end to end: the Spider sample benchmark, 20 questions through the mock
 * server under two settings, a reload mid-run that resumes, the ablation table, one question's
 * run in the Ask view, and an imported predictions file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from './support/test';
import { SPIDER_DEV_JSON } from '../src/test-support/shared-data';
import { benchmarkResponder, questionOfPrompt } from './support/mock-benchmark-model';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import { EvaluatePage } from './support/evaluate-page';
import { PipelinePage, stageOf } from './support/pipeline-page';
import { MEMORY_EXAMPLES_HEADING } from '../src/core/pipeline/prompts';

const questions = JSON.parse(readFileSync(SPIDER_DEV_JSON, 'utf8')) as {
  question: string;
  query: string;
}[];
let server: MockOpenAiServer;

test.beforeAll(async () => {
  // Slow enough answers that a reload lands mid-run; every second question is answered right first.
  server = await startMockOpenAiServer({
    models: ['mock-model'],
    respond: benchmarkResponder(questions.slice(0, 20), { delayMs: 120 }),
  });
});
test.afterAll(async () => server.close());

test('runs 20 Spider questions under two settings, resumes after a reload, opens a run, scores predictions', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const app = new PipelinePage(page);
  const evaluate = new EvaluatePage(page);
  await app.open(server.baseUrl);
  await evaluate.show();
  await evaluate.loadSpiderSample();
  await expect(page.getByText('Every database is here and every gold SQL runs.')).toBeVisible();
  await expect(page.getByTestId('rule-text')).toContainText("Spider's test-suite execution rule");

  await evaluate.chooseFirst(20);
  await expect(evaluate.runButton()).toHaveText('Run 20 questions × 2 settings');
  await evaluate.runButton().click();
  await expect(evaluate.progress).toContainText(/^([4-9]|[1-3]\d) \/ 40 done/, { timeout: 60_000 });

  await page.reload();
  await app.waitUntilReady();
  await evaluate.show();
  const kept = page.getByText(/The page closed during a run: \d+ results are kept/);
  await expect(kept).toBeVisible();
  const keptResults = Number(/(\d+) results are kept/.exec(await kept.innerText())?.[1]);
  expect(keptResults).toBeGreaterThan(0);
  // What was kept, as the person can export it before resuming.
  const keptDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Results JSON' }).click();
  const keptRows = JSON.parse(readFileSync(await (await keptDownload).path(), 'utf8')) as {
    settingId: string;
    question: string;
  }[];
  expect(keptRows).toHaveLength(keptResults);
  const keptAllStages = new Set(
    keptRows.filter((r) => r.settingId === 'all').map((r) => r.question.trim()),
  );
  await expect(evaluate.runButton()).toHaveText('Resume 20 questions × 2 settings');
  const before = server.requests.length;
  await evaluate.runButton().click();
  await expect(evaluate.ablationRow('All stages')).toContainText('100.0% (20/20)', {
    timeout: 90_000,
  });
  await expect(evaluate.ablationRow('Text2SQL only')).toContainText('50.0% (10/20)');
  // Resuming asks only what was left: each "All stages" run starts with one schema-linking
  // call, so after the reload those calls name exactly the questions whose result was not kept.
  const linkedAfter = server.requests
    .slice(before)
    .filter((r) => stageOf(r) === 'links')
    .map(questionOfPrompt);
  expect(new Set(linkedAfter).size).toBe(linkedAfter.length);
  expect(linkedAfter.filter((q) => keptAllStages.has(q))).toEqual([]);
  expect(linkedAfter.length).toBe(20 - keptAllStages.size);
  const stages = page
    .getByTestId('stage-table')
    .getByRole('row')
    .filter({ hasText: 'Noise correction' });
  await expect(stages).toContainText('All stages');
  await expect(stages.getByRole('cell')).toHaveText([
    'All stages',
    'Noise correction',
    '20',
    '10',
    '10',
    '0',
  ]);
  await expect(
    page.getByRole('img', { name: 'Execution accuracy by setting and difficulty' }),
  ).toBeVisible();
  await page
    .getByRole('region', { name: 'Ablation' })
    .screenshot({ path: testInfo.outputPath('evaluate-ablation.png') });

  // One question: why it matches, both results, and its run in the Ask view.
  await page.getByRole('combobox', { name: 'Setting shown' }).selectOption({ label: 'All stages' });
  const first = page.getByTestId('question-row').first();
  await first.getByRole('button').first().click();
  await expect(first.getByTestId('match-reason')).toContainText('Match: The same 1 row');
  await expect(first.getByTestId('question-detail')).toContainText('Gold SQL');
  await page.screenshot({ path: testInfo.outputPath('evaluate-question.png'), fullPage: true });
  await first.getByRole('button', { name: 'Open run' }).click();
  await expect(page.getByRole('tab', { name: 'Ask' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText(questions[0]?.question ?? '').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Noise correction' })).toBeVisible();

  // Import predictions: the gold SQL as predict.txt scores 100% on all 972.
  await evaluate.show();
  const file = testInfo.outputPath('predict.txt');
  writeFileSync(file, questions.map((q) => q.query.replace(/\s+/g, ' ')).join('\n') + '\n');
  await page.getByTestId('predictions-file').setInputFiles(file);
  await expect(evaluate.ablationRow('Predictions: predict.txt')).toContainText('100.0% (972/972)', {
    timeout: 90_000,
  });
});

test('the rows beyond the reference: the vote row reports EX by agreement, the constrained row says why it cannot run', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  // A server of no known kind: it takes no grammar, and the vote asks it once per sample.
  const plain = await startMockOpenAiServer({
    models: ['mock-model'],
    respond: benchmarkResponder(questions.slice(0, 4)),
  });
  try {
    const app = new PipelinePage(page);
    const evaluate = new EvaluatePage(page);
    await app.open(plain.baseUrl);
    await evaluate.show();
    await evaluate.loadSpiderSample();
    await evaluate.chooseFirst(4);
    for (const label of ['Text2SQL only', 'All stages'])
      await page.getByRole('checkbox', { name: label, exact: true }).uncheck();
    await page.getByRole('checkbox', { name: /agreement vote/ }).check();
    await page
      .getByRole('checkbox', { name: 'All stages + SQL constrained to the schema' })
      .check();
    await expect(page.getByTestId('settings-left-out')).toContainText(
      'Left out of the run: All stages + SQL constrained to the schema needs an engine that takes a grammar',
    );
    await expect(evaluate.runButton()).toHaveText('Run 4 questions × 1 setting');
    await evaluate.runButton().click();
    await expect(evaluate.ablationRow('agreement vote')).toContainText('100.0% (4/4)', {
      timeout: 90_000,
    });
    await expect(evaluate.ablationRow('SQL constrained')).toHaveCount(0);
    const levels = page.getByTestId('agreement-table').getByRole('row');
    await expect(levels.filter({ hasText: '5 of 5 agree' }).getByRole('cell')).toHaveText([
      'All stages + agreement vote (5 samples, T 0.7)',
      '5 of 5 agree',
      '4',
      '100.0% (4/4)',
    ]);
    await page
      .getByRole('region', { name: 'Ablation' })
      .screenshot({ path: testInfo.outputPath('evaluate-agreement.png') });
    const first = page.getByTestId('question-row').first();
    await first.getByRole('button').first().click();
    await expect(first.getByTestId('question-detail')).toContainText('5 of 5 agree');
  } finally {
    await plain.close();
  }
});

test("the knowledge rows: memory leaves out the question's paraphrase, descriptions need BIRD's files", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const prompts: string[] = [];
  const answer = benchmarkResponder(questions.slice(0, 2), { rightFirst: () => true });
  const recording = await startMockOpenAiServer({
    models: ['mock-model'],
    respond: (body) => {
      prompts.push(body.messages?.at(-1)?.content ?? '');
      return answer(body);
    },
  });
  try {
    const app = new PipelinePage(page);
    const evaluate = new EvaluatePage(page);
    await app.open(recording.baseUrl);
    await evaluate.show();
    await evaluate.loadSpiderSample();
    await evaluate.chooseFirst(2);
    for (const label of ['Text2SQL only', 'All stages'])
      await page.getByRole('checkbox', { name: label, exact: true }).uncheck();
    await page.getByRole('checkbox', { name: /All stages \+ memory/ }).check();
    await page.getByRole('checkbox', { name: /column descriptions/ }).check();
    // Spider ships no descriptions: the row is left out, saying why.
    await expect(page.getByTestId('settings-left-out')).toHaveText(
      "Left out of the run: All stages + the benchmark's column descriptions needs a benchmark with column descriptions (BIRD's database_description folders), and this one has none.",
    );
    for (const width of [768, 1024, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page
        .getByRole('region', { name: 'Run' })
        .screenshot({ path: testInfo.outputPath(`evaluate-knowledge-rows-${width}.png`) });
    }
    await expect(evaluate.runButton()).toHaveText('Run 2 questions × 1 setting');
    await evaluate.runButton().click();
    await expect(evaluate.ablationRow('memory')).toContainText('100.0% (2/2)', {
      timeout: 90_000,
    });
    // "How many singers do we have?" and "What is the total number of singers?" share their
    // gold SQL: neither prompt remembers the other, yet both remember other questions.
    const [first, second] = [questions[0]?.question ?? '', questions[1]?.question ?? ''];
    const asking = (q: string) =>
      prompts.filter(
        (p) => p.includes(MEMORY_EXAMPLES_HEADING) && p.endsWith(`Question: ${q}\n\nSQL:`),
      );
    expect(asking(first).length).toBeGreaterThan(0);
    expect(asking(second).length).toBeGreaterThan(0);
    for (const p of asking(first)) expect(p).not.toContain(`Question: ${second}`);
    for (const p of asking(second)) expect(p).not.toContain(`Question: ${first}\n`);
  } finally {
    await recording.close();
  }
});
