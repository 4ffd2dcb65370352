import type { SerializedError } from "vitest";
import type { Reporter, TestCase, TestModule } from "vitest/node";

/**
 * Prints one plain closing line, `N passed, N failed` (plus skipped), after vitest's own summary, so that tools
 * reading the last lines of a run see the totals in a common form. A test file that fails to load, or whose setup
 * (beforeAll/afterAll of the file or a suite) fails, counts as failed: each test that setup kept from running is a
 * failure, and a file with no test to blame counts once; an unhandled error counts once too. Only tests skipped on
 * purpose (`.skip`, `.todo`, filtered out) are "skipped".
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[], unhandledErrors: readonly SerializedError[] = []): void {
    const line = summaryLine(modules, unhandledErrors.length);
    // printed when the process exits, so it is the run's last line, after vitest's own summary
    process.once("exit", () => process.stdout.write(`\n${line}\n`));
  }
}

/** A test that did not run because setup of its file or of an enclosing suite failed (not skipped on purpose). */
function blockedBySetup(t: TestCase): boolean {
  if (t.options.mode === "skip" || t.options.mode === "todo") return false;
  for (let p: TestCase["parent"] | undefined = t.parent; p; p = p.type === "suite" ? p.parent : undefined)
    if (p.errors().length > 0) return true;
  return false;
}

export function summaryLine(modules: readonly TestModule[], unhandledErrors: number): string {
  let passed = 0;
  let failed = unhandledErrors;
  let skipped = 0;
  for (const m of modules) {
    let failedHere = 0;
    for (const t of m.children.allTests()) {
      const state = t.result().state;
      if (state === "passed") passed++;
      else if (state === "failed" || blockedBySetup(t)) failedHere++;
      else skipped++;
    }
    // a file that failed to load (no tests collected) or whose teardown failed, with no failed test to show for it
    if (failedHere === 0 && (m.state() === "failed" || m.errors().length > 0)) failedHere = 1;
    failed += failedHere;
  }
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}
