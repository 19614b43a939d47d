// Settings → Team: inviting your own address is refused in plain words.
import { expect, test } from "./support/test";

test.describe("inviting yourself", () => {
  // The refused invitation is the action's 400, which Chromium reports as a failed resource.
  test.use({ expectedConsoleErrors: [/status of 400 \(Bad Request\)/] });

  test("is refused with a sentence saying the address is yours", async ({ page, member }) => {
    await page.goto(`/w/${member.workspace.slug}/settings/team`);
    await page.getByLabel("Email address").fill(member.user.email!.toUpperCase());
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "is you: you're already in this workspace" })).toBeVisible();
  });
});

test.describe("a 300-character address", () => {
  test.use({ expectedConsoleErrors: [/status of 400 \(Bad Request\)/] });

  test("is refused as too long in plain words", async ({ page, member }) => {
    await page.goto(`/w/${member.workspace.slug}/settings/team`);
    await page.getByLabel("Email address").fill(`${"a".repeat(287)}@example.test`);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "That email address is too long" })).toBeVisible();
  });
});
