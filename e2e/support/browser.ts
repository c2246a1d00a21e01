import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Flags that keep Chromium from reaching for the (closed) network on its own. */
const QUIET_FLAGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Which Chromium to drive: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's
 * own bundled browser (what a developer elsewhere has after `npx playwright install`).
 */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return { executablePath: chromiumExecutable(), args: [...QUIET_FLAGS, ...extraArgs] };
}
