import { expect, test } from '@playwright/test';
import { startMockOpenAiServer } from './support/mock-openai-server';
import { PipelinePage, replyByStage } from './support/pipeline-page';
test.use({ viewport: { width: 1280, height: 2600 } });
test('shots', async ({ page }) => {
  test.setTimeout(180_000);
  const joined = "SELECT count(DISTINCT ar.Name) AS artists FROM Artist ar JOIN Album al ON al.ArtistId = ar.ArtistId JOIN Track t ON t.AlbumId = al.AlbumId JOIN Genre g ON g.GenreId = t.GenreId WHERE g.Name = 'Jazz'";
  let slowSql = true;
  const base = replyByStage({
    links: '{"Artist": ["ArtistId", "Name"], "Album": ["AlbumId", "ArtistId"], "Track": ["AlbumId", "GenreId"], "Genre": ["GenreId", "Name"]}',
    pseudo_sql: '```sql\n' + joined + ';\n```',
    sql: '```sql\n' + joined.replace('g.Name', 'g.Nam') + ';\n```',
    correction: 'The genre column is Name.\n```sql\n' + joined + ';\n```',
    continuation: joined.slice(7) + ';',
  });
  const mock = await startMockOpenAiServer({
    respond: (body) => { const r = base(body); return slowSql && r.content.includes('g.Nam ') ? { ...r, chunkSize: 3, delayMsPerChunk: 120 } : r; },
    models: ['mock-model'],
  });
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.ask('How many artists have jazz tracks?', 'jazz is a genre name');
  await expect(app.status('SQL generation')).toHaveText('running');
  await page.waitForTimeout(2500);
  await page.locator('main').screenshot({ path: '/tmp/pipe-running.png' });
  await app.waitForRunEnd();
  await page.waitForTimeout(1500);
  await page.locator('main').screenshot({ path: '/tmp/pipe-finished.png' });
  await app.replaceSql('SQL generation', 'SELECT Title FROM Album WHERE AlbumId = 1');
  await page.locator('main').screenshot({ path: '/tmp/pipe-stale.png' });
  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('main').screenshot({ path: '/tmp/pipe-history.png' });
  await mock.close();
});
