/**
 * The `test` every spec uses: Playwright's, with a guard that fails any test during which the
 * page reported a Content Security Policy violation (the built page ships a CSP; a violation is
 * either an attack it stopped or a feature it broke, and both need a look).
 */
import { expect, test as base } from '@playwright/test';

export { expect };

declare global {
  interface Window {
    __reportCspViolation?: (text: string) => void;
  }
}

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
        violations.push(text);
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          window.__reportCspViolation?.(
            `${event.effectiveDirective} refused ${event.blockedURI || 'inline code'} (${event.sourceFile}:${event.lineNumber})`,
          );
        });
      });
      await use(violations);
      expect(violations, 'Content Security Policy violations during the test').toEqual([]);
    },
    { auto: true },
  ],
});
