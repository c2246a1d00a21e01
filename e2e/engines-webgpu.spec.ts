/**
 * The on-device engine with `--enable-unsafe-webgpu`: Chromium then offers its SwiftShader
 * software adapter, which has no shader-f16. No model is downloaded here (there is no network);
 * a custom model pointing at a local server that answers 404 exercises the download failure.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './support/test';
import { chromiumLaunchOptions } from './support/browser';
import { ModelPage } from './support/model-page';
import { WorkbenchPage } from './support/workbench-page';

test.use({ launchOptions: chromiumLaunchOptions(['--enable-unsafe-webgpu']) });
// The model list comes from web-llm's worker (about 6 MB to parse): slow on a busy machine.
test.describe.configure({ timeout: 120_000 });

test('a GPU without shader-f16 gets the q4f32_1 builds, and the page says why', async ({
  page,
}) => {
  const model = new ModelPage(page);
  await model.open();
  const summary = page.getByTestId('gpu-summary');
  await expect(summary).toContainText('WebGPU is available');
  await expect(summary).toContainText('shader-f16: no');
  await expect(page.getByTestId('variant-reason')).toContainText('q4f32_1');
  await expect(page.getByTestId('variant-reason')).toContainText(
    'does not offer the shader-f16 feature',
  );

  const picker = page.getByRole('radiogroup', { name: 'Model to run on this device' });
  // web-llm's catalogue has loaded: the eight Qwen2.5 and four Qwen3 models, each in its
  // q4f32_1 build only.
  await expect(picker.locator('tbody tr')).toHaveCount(12, { timeout: 60_000 });
  await expect(picker.locator('tbody tr[data-model-id^="Qwen3-"]')).toHaveCount(4);
  await expect(picker.locator('tbody tr[data-model-id$="q4f16_1-MLC"]')).toHaveCount(0);
  const checked = picker.getByRole('radio', { checked: true });
  await expect(checked).toHaveAccessibleName(/q4f32_1$/);
  // A software adapter counts as a small device: the 0.5B Coder model is suggested.
  await expect(checked).toHaveAccessibleName('Qwen2.5-Coder 0.5B q4f32_1');
  await expect(page.getByTestId('suggestion')).toContainText('software GPU adapter');
  await expect(
    picker.locator('tr[data-model-id="Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC"]'),
  ).toContainText(/about \d+ MB/);
  await expect(page.getByRole('button', { name: 'Download and load' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('engines-webgpu.png'), fullPage: true });
});

test.describe('custom models from a local file server (404 or no answer)', () => {
  let fileServer: Server;
  let base = '';
  const requested: string[] = [];

  test.beforeAll(async () => {
    fileServer = createServer((req, res) => {
      requested.push(req.url ?? '');
      // A server that never answers: the download can only end by Cancel.
      if (req.url?.startsWith('/slow/')) return;
      res.writeHead(404, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
      res.end('not found');
    });
    await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    fileServer.closeAllConnections();
    await new Promise<void>((resolve) => fileServer.close(() => resolve()));
  });

  test('Cancel stops a download that hangs and leaves nothing failed', async ({ page }) => {
    const model = new ModelPage(page);
    await model.open();
    await expect(page.getByTestId('gpu-summary')).toBeVisible();
    await page.getByText('Add a custom model (MLC-compiled)').click();
    await page.getByLabel('Model id').fill('slow-model-q4f32_1');
    await page.getByLabel('Model URL (weights)').fill(`${base}/slow/model`);
    await page.getByLabel('Model library URL (.wasm)').fill(`${base}/slow/lib.wasm`);
    await page.getByRole('button', { name: 'Add to the list' }).click();
    await page.getByRole('button', { name: 'Download and load' }).click();

    await expect(page.getByRole('progressbar', { name: 'Model download' })).toBeVisible();
    await expect(model.chip).toHaveAttribute('data-state', 'loading');
    await expect(page.getByTestId('load-progress')).toContainText('elapsed');
    await page.screenshot({
      path: test.info().outputPath('engines-webgpu-loading.png'),
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(model.chip).toHaveAttribute('data-state', 'not_loaded');
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(model.view.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Download and load' })).toBeEnabled();
  });

  test('gives a clear download error and the app stays usable', async ({ page }) => {
    const model = new ModelPage(page);
    await model.open();
    await expect(page.getByTestId('gpu-summary')).toBeVisible();
    await page.getByText('Add a custom model (MLC-compiled)').click();
    await page.getByLabel('Model id').fill('my-route-qwen-q4f32_1');
    await page.getByLabel('Model URL (weights)').fill(`${base}/models/my-route-qwen`);
    await page
      .getByLabel('Model library URL (.wasm)')
      .fill(`${base}/libs/my-route-qwen-webgpu.wasm`);
    await page.getByRole('button', { name: 'Add to the list' }).click();

    const picker = page.getByRole('radiogroup', { name: 'Model to run on this device' });
    await expect(picker.getByRole('radio', { name: 'my-route-qwen-q4f32_1' })).toBeChecked({
      timeout: 60_000,
    });
    await page.getByRole('button', { name: 'Download and load' }).click();

    const alert = model.view.getByRole('alert');
    await expect(alert).toHaveAttribute('data-error-code', 'model_download_failed', {
      timeout: 30_000,
    });
    await expect(alert).toContainText('could not be downloaded');
    // The Cache API hides the status; the engine asks again and names the file and the 404.
    await expect(alert).toContainText(
      `${base}/models/my-route-qwen/resolve/main/mlc-chat-config.json answered 404`,
    );
    await expect(alert).toContainText('Check the Model URL');
    await expect(model.chip).toHaveAttribute('data-state', 'failed');
    await expect(model.chip).toContainText('my-route-qwen-q4f32_1');
    // The failure came from our server's 404, at web-llm's first file.
    expect(
      requested.some((url) =>
        url.startsWith('/models/my-route-qwen/resolve/main/mlc-chat-config.json'),
      ),
    ).toBe(true);
    await page.screenshot({
      path: test.info().outputPath('engines-webgpu-404.png'),
      fullPage: true,
    });

    // The rest of the app still works: a query runs in the SQL view.
    const wb = new WorkbenchPage(page);
    await wb.runSql('SELECT COUNT(*) AS n FROM Artist;');
    await expect(wb.resultTable).toBeVisible();
    await expect(wb.resultTable).toContainText('275');

    // And the custom model is remembered across a reload, still selected.
    await page.reload();
    await model.show();
    await expect(picker.getByRole('radio', { name: 'my-route-qwen-q4f32_1' })).toBeChecked({
      timeout: 60_000,
    });
  });
});
