import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { expect, pageHeading, test } from "./support/test";

test.use({ expectedConsoleErrors: [/status of 404/] });

test("an unknown URL gets a plain-spoken page with a way home, and no stack trace", async ({ page }) => {
  const response = await page.goto("/no-such-page/at-all");

  expect(response!.status()).toBe(404);
  await expect(pageHeading(page)).toHaveText("We couldn't find that page");
  await expect(page.locator("pre")).toHaveCount(0);
  await expect(page.getByText(/at \S+ \(.*:\d+:\d+\)/)).toHaveCount(0);
  await expectNoSeriousAccessibilityViolations(page, "the not-found page");

  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(pageHeading(page)).toHaveText("Get paid on time.");
});
