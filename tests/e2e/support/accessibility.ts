// An automated accessibility check for the page as it stands (axe-core, all of
// its rules): a test fails on any violation axe rates serious or critical,
// naming the rule and the elements so the fix is obvious from the report.
// With E2E_SCREENSHOT_DIR set, each checked page is also saved there as a PNG,
// named after the check, for reviewing the journeys by eye.
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const BLOCKING = new Set(["serious", "critical"]);

export async function expectNoSeriousAccessibilityViolations(page: Page, where: string) {
  await test.step(`accessibility: ${where}`, async () => {
    // Email previews are sandboxed frames that may run no script, axe's included: they are
    // customers' emails, checked as such by the email tests, not pages of the app.
    const { violations } = await new AxeBuilder({ page }).exclude("iframe[sandbox]").analyze();
    const blocking = violations
      .filter((violation) => violation.impact && BLOCKING.has(violation.impact))
      .map(
        (violation) =>
          `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes
            .map((node) => `${node.target.join(" ")}${node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, " ")})` : ""}`)
            .join("; ")}`,
      );
    const screenshots = process.env.E2E_SCREENSHOT_DIR;
    if (screenshots) {
      const name = where.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
    }
    expect(blocking, `serious or critical accessibility violations on ${where} (${page.url()})`).toEqual([]);
  });
}
