/**
 * The OpenAI-compatible engine against a real local HTTP server speaking the protocol, and the
 * page without WebGPU (Chromium's default here: navigator.gpu but no adapter).
 */
import { expect, test } from './support/test';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import { ModelPage } from './support/model-page';

const ANSWER = 'SELECT name FROM track ORDER BY milliseconds DESC LIMIT 5;';
const SETTINGS_KEY = 'ttsql.engine-settings.v1';

let server: MockOpenAiServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('without WebGPU the Model view explains why and offers the server engine', async ({
  page,
}) => {
  const model = new ModelPage(page);
  await model.open();
  const missing = page.getByTestId('webgpu-missing');
  await expect(missing).toBeVisible();
  await expect(missing).toContainText('WebGPU is not available here');
  await expect(model.chip).toContainText('WebGPU unavailable');
  await page.screenshot({
    path: test.info().outputPath('engines-webgpu-missing.png'),
    fullPage: true,
  });
  await missing.getByRole('button', { name: 'Use an OpenAI-compatible server instead' }).click();
  await expect(model.endpoint).toBeVisible();
  await expect(model.apiKey).toHaveAttribute('type', 'password');
  await page.screenshot({
    path: test.info().outputPath('engines-server-empty.png'),
    fullPage: true,
  });
});

test('a server link, once accepted, connects and the Try it box streams the answer', async ({
  page,
}) => {
  let partialSeen: () => void = () => {};
  const holdUntil = new Promise<void>((resolve) => (partialSeen = resolve));
  server = await startMockOpenAiServer({
    models: ['qwen-mock', 'other-model'],
    // The stream pauses after "SELECT name " until the test has seen it, so a slow page cannot
    // receive the whole answer before the test looks at the partial one.
    respond: () => ({
      content: ANSWER,
      chunkSize: 3,
      delayMsPerChunk: 20,
      holdAfterChars: 12,
      holdUntil,
    }),
  });
  const model = new ModelPage(page);
  await model.openServerLink(server.baseUrl, 'qwen-mock');
  await model.expectReady();
  await expect(model.chip).toContainText('Server');
  await expect(model.chip).toContainText('qwen-mock');
  await expect(model.model).toHaveValue('qwen-mock');
  await expect(model.view.getByTestId('server-connected')).toContainText('lists 2 models');

  await model.send('List the five longest tracks.');
  // Streaming: part of the answer shows, and the chip says generating, before the rest arrives.
  await expect(model.chip).toHaveAttribute('data-state', 'generating');
  await expect(model.output).toContainText('SELECT name');
  expect(await model.output.innerText()).not.toContain('LIMIT 5;');
  partialSeen();
  await expect(model.output).toHaveText(ANSWER);
  await expect(model.stats).toContainText(/\d+ tokens · [\d.]+ tokens\/s/);
  await model.expectReady();

  const body = server.requests.at(-1);
  expect(body?.model).toBe('qwen-mock');
  expect(body?.stream).toBe(true);
  expect(body?.stream_options).toEqual({ include_usage: true });
  expect(body?.messages?.at(-1)?.content).toBe('List the five longest tracks.');
  await page.screenshot({
    path: test.info().outputPath('engines-server-ready.png'),
    fullPage: true,
  });
});

test('Connect normalises the endpoint, lists the models and switching model reconnects', async ({
  page,
}) => {
  server = await startMockOpenAiServer({
    models: ['alpha', 'beta'],
    respond: (body) => ({ content: `from ${body.model}` }),
  });
  const model = new ModelPage(page);
  await model.open();
  // Without the trailing /v1, as people often paste it.
  await model.connect(server.baseUrl.replace(/\/v1$/, '/'), { model: '' });
  await model.expectReady();
  await expect(model.model.locator('option')).toHaveText(['alpha', 'beta']);
  await expect(model.chip).toContainText('alpha');
  await model.model.selectOption('beta');
  await expect(model.chip).toContainText('beta');
  await model.expectReady();
  await model.send('hi');
  await expect(model.output).toHaveText('from beta');
});

test('a connection dropped mid-stream is tried again whole: the cut text goes, the whole answer comes', async ({
  page,
}) => {
  let calls = 0;
  let partialShown: () => void = () => {};
  const dropWhen = new Promise<void>((resolve) => (partialShown = resolve));
  server = await startMockOpenAiServer({
    models: ['qwen-mock'],
    respond: () =>
      ++calls === 1
        ? { content: ANSWER, chunkSize: 4, dropAfterChars: 12, dropWhen }
        : { content: ANSWER, chunkSize: 4, delayMsPerChunk: 20 },
  });
  const model = new ModelPage(page);
  await model.openServerLink(server.baseUrl, 'qwen-mock');
  await model.expectReady();
  await model.send();
  await expect(model.output).toContainText(ANSWER.slice(0, 12));
  partialShown();
  await expect(model.output).toHaveText(ANSWER);
  await expect(model.stats).toContainText('retried once: stream cut, waited');
  await expect(model.alert).toHaveCount(0);
  expect(calls).toBe(2);
});

test('a stream that keeps dropping is reported after the last try, which says how often it was tried', async ({
  page,
}) => {
  server = await startMockOpenAiServer({
    models: ['qwen-mock'],
    respond: () => ({ content: ANSWER, chunkSize: 4, dropAfterChars: 12 }),
  });
  const model = new ModelPage(page);
  await model.openServerLink(server.baseUrl, 'qwen-mock');
  await model.expectReady();
  await model.send();
  // Five tries, about 7 s of waiting between them.
  await expect(model.alert).toContainText(
    'The connection to the server dropped after 12 characters',
    { timeout: 30_000 },
  );
  await expect(model.alert).toContainText('(tried 5 times)');
  await expect(model.alert).toHaveAttribute('data-error-code', 'stream_dropped');
  await expect(model.stats).toContainText(
    'retried 4 times: stream cut, stream cut, stream cut, stream cut',
  );
  await model.expectReady();
});

test('a wrong API key is reported as unauthorized; the key never reaches the address, links or settings', async ({
  page,
}) => {
  const key = 'sk-test-secret-4711';
  server = await startMockOpenAiServer({
    models: ['qwen-mock'],
    requireApiKey: key,
    respond: () => ({ content: 'SELECT 1;' }),
  });
  const requestUrls: string[] = [];
  page.on('request', (request) => requestUrls.push(request.url()));
  const model = new ModelPage(page);
  await model.open();

  await model.connect(server.baseUrl, { model: 'qwen-mock', apiKey: 'sk-wrong' });
  await expect(model.alert).toHaveAttribute('data-error-code', 'unauthorized');
  await expect(model.alert).toContainText('API key');
  await expect(model.chip).toContainText('failed');

  await model.apiKey.fill(key);
  await model.view.getByRole('button', { name: 'Connect' }).click();
  await model.expectReady();
  await model.send('ping');
  await expect(model.output).toHaveText('SELECT 1;');

  const shareLink = await model.view.locator('code[title*="endpoint="]').innerText();
  expect(shareLink).toContain('endpoint=');
  expect(shareLink).not.toContain(key);
  expect(page.url()).not.toContain(key);
  expect(requestUrls.filter((url) => url.includes(key))).toEqual([]);
  const settings = await page.evaluate((k) => localStorage.getItem(k), SETTINGS_KEY);
  expect(settings).toContain(server.baseUrl);
  expect(settings).not.toContain(key);
  // Reloading brings the key back from its own storage entry, so the person need not retype it.
  await page.reload();
  await model.show();
  await expect(model.apiKey).toHaveValue(key);
});

test('a server that does not stream: the answer comes as one JSON body', async ({ page }) => {
  server = await startMockOpenAiServer({ respond: () => ({ content: ANSWER }) });
  const model = new ModelPage(page);
  await model.open();
  await model.view.getByLabel('OpenAI-compatible server').check();
  await model.view.getByText('Options', { exact: true }).click();
  await model.view.getByLabel(/Stream the answer/).uncheck();
  // This server has no /v1/models: a typed model name is enough.
  await model.connect(server.baseUrl, { model: 'typed-model' });
  await model.expectReady();
  await expect(model.view.getByTestId('server-connected')).toContainText(
    'does not list its models',
  );
  await model.send();
  await expect(model.output).toHaveText(ANSWER);
  expect(server.requests.at(-1)?.stream).toBe(false);
});

test('a model the server does not have gives model_not_found', async ({ page }) => {
  server = await startMockOpenAiServer({
    models: ['qwen-mock'],
    respond: (body) => ({
      content: '',
      status: 404,
      errorBody: JSON.stringify({ error: { message: `model '${body.model}' not found` } }),
    }),
  });
  const model = new ModelPage(page);
  await model.openServerLink(server.baseUrl, 'missing-model');
  await model.expectReady();
  await model.send();
  await expect(model.alert).toHaveAttribute('data-error-code', 'model_not_found');
  await expect(model.alert).toContainText('missing-model');
});

test('a server the browser cannot reach is explained, with how to allow this origin', async ({
  page,
}) => {
  const model = new ModelPage(page);
  await model.open();
  // Port 9 (discard) has nothing listening here: the same TypeError as a CORS refusal.
  await model.connect('http://127.0.0.1:9/v1', { model: 'qwen2.5-coder:1.5b' });
  await expect(model.alert).toHaveAttribute('data-error-code', 'cors');
  await expect(model.alert).toContainText('OLLAMA_ORIGINS=');
  await expect(model.alert).toContainText('--allowed-origins');
  await page.screenshot({
    path: test.info().outputPath('engines-server-cors.png'),
    fullPage: true,
  });
});

test('Stop ends a streaming answer, keeps what came, and frees the engine', async ({ page }) => {
  server = await startMockOpenAiServer({
    models: ['qwen-mock'],
    respond: () => ({ content: ANSWER, chunkSize: 1, delayMsPerChunk: 300 }),
  });
  const model = new ModelPage(page);
  await model.openServerLink(server.baseUrl, 'qwen-mock');
  await model.expectReady();
  await model.send();
  await expect(model.output).toContainText('SELECT');
  await model.view.getByRole('button', { name: 'Stop' }).click();
  await expect(model.stats).toContainText(/Stopped after \d+ characters/);
  await model.expectReady();
  const kept = await model.output.innerText();
  expect(kept.length).toBeGreaterThan(0);
  expect(kept).not.toContain('LIMIT 5;');
  await expect(model.alert).toHaveCount(0);
});
