// An automated accessibility check for the page as it stands (axe-core, all of
// its rules): a test fails on any violation axe rates serious or critical,
// naming the rule and the elements so the fix is obvious from the report.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const BLOCKING = new Set(["serious", "critical"]);

export async function expectNoSeriousAccessibilityViolations(page: Page, where: string) {
  await test.step(`accessibility: ${where}`, async () => {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const blocking = violations
      .filter((violation) => violation.impact && BLOCKING.has(violation.impact))
      .map(
        (violation) =>
          `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes
            .map((node) => `${node.target.join(" ")}${node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, " ")})` : ""}`)
            .join("; ")}`,
      );
    expect(blocking, `serious or critical accessibility violations on ${where} (${page.url()})`).toEqual([]);
  });
}
