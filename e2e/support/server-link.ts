/** Links that name a model server (`?endpoint=&model=`), followed the way a person does. */
import { expect, type Page } from '@playwright/test';

export function serverLink(baseUrl: string, model: string): string {
  return `/?endpoint=${encodeURIComponent(baseUrl)}&model=${encodeURIComponent(model)}`;
}

/** The proposal a server link shows; nothing is sent to the server until it is accepted. */
export function serverProposal(page: Page) {
  return page.getByRole('alertdialog', { name: /This link asks to use another model server/ });
}

/** Opens a server link and says yes to its proposal, as a person who trusts the link would. */
export async function openServerLink(page: Page, baseUrl: string, model: string): Promise<void> {
  await page.goto(serverLink(baseUrl, model));
  const proposal = serverProposal(page);
  await expect(proposal).toBeVisible({ timeout: 30_000 });
  await proposal.getByRole('button', { name: 'Use this server' }).click();
  await expect(proposal).toHaveCount(0);
}
