// Settings → Team: a refused invitation says why in plain words next to the
// address, keeping what was typed (with and without JavaScript), and the role
// dropdowns stay usable at 375 px.
import crypto from "node:crypto";
import { memberships } from "~db/schema";
import { connectWorkspace, createUser } from "./support/session";
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

test.describe("a refused invitation", () => {
  test.use({ expectedConsoleErrors: [/status of 400 \(Bad Request\)/] });

  test("says what is wrong next to the address field, which keeps what was typed", async ({ page, member, database }) => {
    await connectWorkspace(database, member.workspace); // inviting needs the organisation connected
    await page.goto(`/w/${member.workspace.slug}/settings/team`);
    const address = page.getByLabel("Email address");
    await address.fill(member.user.email!);
    await page.getByLabel("Role").selectOption("admin");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(address).toHaveAttribute("aria-invalid", "true");
    // The error is the field's description: a screen reader reads it with the field.
    await expect(address).toHaveAccessibleDescription(/is you: you're already in this workspace/);
    await expect(address).toHaveValue(member.user.email!);
    await expect(page.getByLabel("Role")).toHaveValue("admin");
    // Corrected, the error goes.
    await address.fill(`colleague-${crypto.randomUUID().slice(0, 8)}@example.test`);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByTestId("toast")).toContainText("Invitation sent to colleague-");
    await expect(address).not.toHaveAttribute("aria-invalid");
  });
});

test.describe("a refused invitation without JavaScript", () => {
  test.use({ javaScriptEnabled: false, expectedConsoleErrors: [/status of 400 \(Bad Request\)/] });

  test("comes back from the server with the error by the field and the address and role as typed", async ({ page, member }) => {
    await page.goto(`/w/${member.workspace.slug}/settings/team`);
    const tooLong = `${"b".repeat(250)}@example.test`;
    await page.getByLabel("Email address").fill(tooLong);
    await page.getByLabel("Role").selectOption("admin");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByLabel("Email address")).toHaveAccessibleDescription(/That email address is too long/);
    await expect(page.getByLabel("Email address")).toHaveValue(tooLong);
    await expect(page.getByLabel("Role")).toHaveValue("admin");
  });
});

test.describe("the team page at 375 px", () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test("keeps the role dropdowns, inviting and changing a role, inside the screen", async ({ page, member, database }) => {
    const colleague = await createUser(database, { givenName: "Cole", email: `cole-${crypto.randomUUID().slice(0, 8)}@example.test` });
    await database.insert(memberships).values({ workspaceId: member.workspace.id, userId: colleague.id, role: "viewer" });
    await page.goto(`/w/${member.workspace.slug}/settings/team`);
    const inside = async (what: string, box: { x: number; width: number } | null) => {
      expect(box, what).not.toBeNull();
      expect(box!.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `${what}: right edge`).toBeLessThanOrEqual(375);
    };
    await inside("the invitation's role", await page.getByLabel("Role").boundingBox());
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByRole("button", { name: "Change role for Cole" }).click();
    const dialog = page.getByRole("dialog");
    await inside("the new role", await dialog.getByLabel("New role").boundingBox());
    await dialog.getByLabel("New role").selectOption("admin");
    await dialog.getByRole("button", { name: "Change role" }).click();
    await expect(page.getByTestId("toast")).toContainText("is now an admin");
  });
});
