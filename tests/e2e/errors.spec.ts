import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { expect, pageHeading, test } from "./support/test";

test.describe("error pages", () => {
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

  test("every error page offers Contact support, which says where to write and which page the customer came from", async ({ page, member }) => {
    await page.goto("/no-such-page");
    await page.getByRole("link", { name: "Contact support" }).first().click();
    await expect(pageHeading(page)).toHaveText("Contact Solido support");
    await expect(page.getByText("You came here from /no-such-page.")).toBeVisible();
    await expect(page.getByTestId("support-email")).toHaveText("support@solido.test");
    const mailto = new URL((await page.getByRole("link", { name: "Email support" }).getAttribute("href"))!);
    expect(mailto.protocol).toBe("mailto:");
    expect(mailto.searchParams.get("body")).toContain("Page: /no-such-page");
    expect(mailto.searchParams.get("body")).toContain(`Signed in as: ${member.user.email}`);
    await expectNoSeriousAccessibilityViolations(page, "the support page");

    // Inside a workspace the error keeps the sidebar, and still offers support.
    await page.goto(`/w/${member.workspace.slug}/invoices/00000000-0000-0000-0000-000000000000`);
    await expect(page.getByTestId("error-page")).toBeVisible();
    await page.getByTestId("error-page").getByRole("link", { name: "Contact support" }).click();
    await expect(page.getByText(`You came here from /w/${member.workspace.slug}/invoices/00000000-0000-0000-0000-000000000000.`)).toBeVisible();
  });
});

test("the landing page's footer leads to support, privacy and terms, each a real page", async ({ page }) => {
  for (const [link, heading] of [
    ["Contact support", "Contact Solido support"],
    ["Privacy", "Privacy"],
    ["Terms", "Terms of use"],
  ]) {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Help and policies" }).getByRole("link", { name: link }).click();
    await expect(pageHeading(page)).toHaveText(heading);
    await expect(page.getByText("support@solido.test").first()).toBeVisible();
  }
  await expectNoSeriousAccessibilityViolations(page, "the terms page");
});
