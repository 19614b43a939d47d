// Settings → Reminders in real Chromium over the built app: uploading a logo
// (a refused file keeps what was typed; the accepted one shows and can be
// removed), and pausing a customer picked by name, then resuming them from the
// list — with axe on the page along the way.
import { contacts } from "~db/schema";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { expect, test } from "./support/test";

/** A real 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

test.describe("the logo", () => {
  // The refused upload is the action's 400, which Chromium reports as a failed resource.
  test.use({ expectedConsoleErrors: [/status of 400 \(Bad Request\)/] });

  test("an uploaded logo shows on the page; a file that is too big is refused without losing what was typed", async ({ page, member }) => {
    await page.goto(`/w/${member.workspace.slug}/settings/reminders`);
    const senderName = page.getByLabel("Sender name");
    await senderName.fill("Harbour Coffee Accounts");
    await page.getByLabel("Upload a logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.concat([PNG, Buffer.alloc(600 * 1024)]) });
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "larger than 512 KB" })).toBeVisible();
    await expect(senderName).toHaveValue("Harbour Coffee Accounts");

    await page.getByLabel("Upload a logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByTestId("toast")).toHaveText("Branding saved with your new logo.");
    await expect(senderName).toHaveValue("Harbour Coffee Accounts");
    const logo = page.getByRole("img", { name: /^Logo of / });
    await expect(logo).toHaveAttribute("src", new RegExp(`/brand/logo/${member.workspace.id}/[0-9a-f]{64}$`));
    // The browser really loaded it from Solido's public address.
    await expect.poll(() => logo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(1);
    await expectNoSeriousAccessibilityViolations(page, "reminder settings with a logo");

    await page.getByRole("button", { name: "Remove logo" }).click();
    await expect(page.getByTestId("toast")).toHaveText("Logo removed: reminders show your business's name instead.");
    await expect(logo).toHaveCount(0);
  });
});

test("a customer picked by name is paused from the settings page and resumed from its list", async ({ page, member, database }) => {
  await database.insert(contacts).values([
    { workspaceId: member.workspace.id, xeroContactId: crypto.randomUUID(), name: "Aroha's Café", emailAddress: "accounts@aroha.test", isCustomer: true },
    { workspaceId: member.workspace.id, xeroContactId: crypto.randomUUID(), name: "Kiwi Plumbing", emailAddress: "pay@kiwi.test", isCustomer: true },
  ]);
  await page.goto(`/w/${member.workspace.slug}/settings/reminders`);
  await expect(page.getByTestId("paused-empty")).toBeVisible();

  await page.getByLabel("Find a customer by name or email").fill("aroha");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await expect(page.getByRole("radio", { name: /Aroha's Café/ })).toBeChecked();
  await expect(page.getByRole("radio", { name: /Kiwi Plumbing/ })).toHaveCount(0);
  await page.getByLabel("Why (optional, for your team)").fill("Paying in instalments");
  await page.getByRole("button", { name: "Pause reminders" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Reminders paused for Aroha's Café.");

  const item = page.getByTestId("paused-item");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Aroha's Café");
  await expect(item).toContainText("Paused until resumed: Paying in instalments");
  await expectNoSeriousAccessibilityViolations(page, "reminder settings with a paused customer");

  await page.getByRole("button", { name: "Resume reminders for Aroha's Café" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Reminders resumed for Aroha's Café.");
  await expect(page.getByTestId("paused-empty")).toBeVisible();
});

test("a minimum's currency is chosen from ISO 4217, the organisation's own currency first", async ({ page, member }) => {
  await page.goto(`/w/${member.workspace.slug}/settings/reminders`);
  const currency = page.getByRole("combobox", { name: "Currency" });
  await expect(currency).toHaveValue(member.workspace.baseCurrency ?? "NZD");
  await expect(currency.locator("option").first()).toHaveText(member.workspace.baseCurrency ?? "NZD");
  await expect(currency.locator("option", { hasText: "JPY" })).toHaveCount(1);
  await currency.selectOption("JPY");
  await page.getByLabel("Minimum", { exact: true }).fill("500");
  await page.getByRole("button", { name: "Save minimum" }).click();
  await expect(page.getByText("JPY: 500")).toBeVisible();
});

test.describe("the sender name", () => {
  // The refused save is the action's 400, which Chromium reports as a failed resource.
  test.use({ expectedConsoleErrors: [/status of 400 \(Bad Request\)/] });

  test("an over-long sender name is refused in plain words next to the field, with what was typed kept", async ({ page, member }) => {
    await page.goto(`/w/${member.workspace.slug}/settings/reminders`);
    const long = "Harbour Coffee Accounts ".repeat(6).trim();
    await page.getByLabel("Sender name").fill(long);
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Keep the sender name to 100 characters or fewer" })).toBeVisible();
    await expect(page.getByLabel("Sender name")).toHaveValue(long);
  });
});

test.describe("attachments and copies", () => {
  // The refused save is the action's 400, which Chromium reports as a failed resource.
  test.use({ expectedConsoleErrors: [/status of 400 \(Bad Request\)/] });

  test("invoice PDFs and a blind copy are switched on; a copy address that is not one is refused next to the field, nothing typed lost", async ({ page, member }) => {
    await page.goto(`/w/${member.workspace.slug}/settings/reminders`);
    const card = page.getByRole("form", { name: "Attachments and copies" });
    await card.getByLabel("Attach each invoice as a PDF, as Xero shows it").check();
    const copyTo = card.getByLabel("Send a blind copy of every email to customers to");
    await copyTo.fill("owner at harbour");
    // The browser's own check on type=email would stop the form first; the server's words are what matter without it.
    await copyTo.evaluate((input: HTMLInputElement) => input.form!.setAttribute("novalidate", ""));
    await card.getByRole("button", { name: "Save" }).click();
    const error = page.getByRole("alert").filter({ hasText: "Enter an email address" });
    await expect(error).toBeVisible();
    await expect(copyTo).toHaveValue("owner at harbour");
    await expect(copyTo).toHaveAttribute("aria-invalid", "true");
    await expect(card.getByLabel("Attach each invoice as a PDF, as Xero shows it")).toBeChecked();
    await expectNoSeriousAccessibilityViolations(page, "Settings reminders attachments refused");

    await copyTo.fill("owner@harbour.test");
    await card.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Reminders carry each invoice's PDF from Xero, and a blind copy of each goes to owner@harbour.test.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("form", { name: "Attachments and copies" }).getByLabel("Send a blind copy of every email to customers to")).toHaveValue("owner@harbour.test");
    await expect(page.getByRole("form", { name: "Attachments and copies" }).getByLabel("Attach each invoice as a PDF, as Xero shows it")).toBeChecked();
  });
});
