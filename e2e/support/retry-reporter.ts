/**
 * CI retries a failed e2e test once, so that one slow moment on a loaded machine does not fail
 * the build. A test that passed only on its retry is still a problem to look at: this reporter
 * names each one at the end of the run, with what its first try failed on, so a retry never
 * hides a flaky test.
 */
import type { FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';

// Playwright's messages carry colour codes; the CI log reads better without them.
const COLOUR_CODE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const firstLine = (text: string | undefined) =>
  (text ?? 'no message').replace(COLOUR_CODE, '').split('\n')[0]!.trim();

export default class RetryReporter implements Reporter {
  private suite: Suite | null = null;

  onBegin(_config: unknown, suite: Suite): void {
    this.suite = suite;
  }

  onEnd(_result: FullResult): void {
    const retried = (this.suite?.allTests() ?? []).filter((test: TestCase) =>
      test.results.some((result) => result.retry > 0),
    );
    if (retried.length === 0) return;
    const lines = retried.map((test) => {
      const first = test.results[0];
      const outcome = test.outcome() === 'flaky' ? 'passed on retry' : 'failed every try';
      return `  - ${test.titlePath().filter(Boolean).join(' › ')} (${outcome}; first try: ${firstLine(first?.error?.message)})`;
    });
    console.log(`\nRetried e2e tests (${retried.length}): look at these even when CI is green.`);
    console.log(lines.join('\n'));
  }

  printsToStdio(): boolean {
    return false;
  }
}
