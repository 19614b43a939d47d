// Schedules per Xero contact group end to end in real Chromium over the built
// app, the worker, the Xero sandbox and the mailbox: the organisation's Xero
// holds a "Key accounts" and a "Retail" group; an admin gives Key accounts a
// schedule of its own in Settings → Reminders with words of its own for the
// step 7 days after the due date, the contact pages say which schedule applies
// and why, and after going live the group's customer receives THOSE words at
// the mailbox while a customer in no group receives the default schedule's.
//
// Time-robust as the first-day journey: the send window is opened to every
// hour of every day, and the invoices fall due
// 8 days before the organisation's today, so the 7-day step is the one due.
import crypto from "node:crypto";
import fs from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { workspaces } from "~db/schema";
import { localParts } from "~/reminders/send-window";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { messagesTo } from "./support/mailbox";
import { expect, pageHeading, test } from "./support/test";
import { signUpWithXero } from "./support/journey";
import { xeroUserWithOrganisation } from "./support/xero-sandbox";

const SHOTS = "/tmp/shots-sched-ui";
const ZONE = "Pacific/Auckland";
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// The refused "Add schedule" with no group chosen is the action's 400, which Chromium reports as a failed resource.
test.use({ expectedConsoleErrors: [/status of 400 \(Bad Request\)/] });

/** The page at 1280 and 375 px (and the part the journey is about, on its own), saved for looking at; never wider than a phone at 375. */
async function shoot(page: Page, name: string, part?: Locator) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    // The part cut from the whole page, without scrolling to it (an element screenshot scrolls, and a click
    // straight after that and the resize back to 1280 px was seen to send no form).
    const box = part ? await part.boundingBox() : null;
    const scrollY = await page.evaluate(() => window.scrollY);
    if (box) await page.screenshot({ path: `${SHOTS}/${name}-${width}-part.png`, fullPage: true, clip: { ...box, y: box.y + scrollY } });
    else await page.screenshot({ path: `${SHOTS}/${name}-${width}-top.png` });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a contact group's own schedule: an admin adds it in Settings, and the group's customer receives its words while others receive the default's", async ({ page, database }) => {
  test.setTimeout(240_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const run = crypto.randomBytes(3).toString("hex");
  const owner = { email: `gwen-${run}@solido.test`, name: "Gwen Groups" };
  const organisation = `Group Roasters ${run}`;
  const xero = await xeroUserWithOrganisation(owner, organisation);
  const today = localParts(new Date(), ZONE).day;
  const keyCustomer = { name: "Key Account Co", emailAddress: `key-${run}@groups.test` };
  const plainCustomer = { name: "Ordinary Ltd", emailAddress: `ordinary-${run}@groups.test` };
  const keyId = await xero.customer(keyCustomer);
  const plainId = await xero.customer(plainCustomer);
  const keyInvoice = await xero.invoiceFor(keyId, { dueDate: shift(today, -8), amount: "640.00" });
  const plainInvoice = await xero.invoiceFor(plainId, { dueDate: shift(today, -8), amount: "210.00" });
  await xero.contactGroup("Key accounts", [keyId]);
  await xero.contactGroup("Retail", [keyId]);

  const workspace = await signUpWithXero(page, database, owner, organisation);
  const contactPage = async (name: string) => {
    const contact = await database.query.contacts.findFirst({ where: (contacts, { and, eq }) => and(eq(contacts.workspaceId, workspace.id), eq(contacts.name, name)) });
    await page.goto(`/w/${workspace.slug}/contacts/${contact!.id}`);
    await expect(pageHeading(page)).toHaveText(name);
  };

  // Settings → Reminders: the groups the first sync read, none with a schedule yet.
  await page.goto(`/w/${workspace.slug}/settings/reminders`);
  const card = page.getByTestId("group-schedules");
  await expect(card.getByRole("heading", { name: "Schedules for Xero contact groups" })).toBeVisible();
  await expect(card).toContainText("No group has a schedule of its own yet");
  const choose = card.getByRole("combobox", { name: "Add a schedule for a group" });
  await expect(choose.getByRole("option")).toHaveText(["Choose a group…", "Key accounts (1 customer)", "Retail (1 customer)"]);
  await shoot(page, "settings-0-group-schedules", card);
  // Nothing chosen: refused in words next to the select.
  await card.getByRole("button", { name: "Add schedule" }).click();
  await expect(card.getByRole("alert")).toHaveText("Choose a group.");
  await choose.selectOption({ label: "Key accounts (1 customer)" });
  await card.getByRole("button", { name: "Add schedule" }).click();

  // The group's own page: a copy of everyone else's schedule, edited with the same editor and preview.
  await expect(page.getByTestId("toast")).toHaveText("The “Key accounts” group has its own schedule now, a copy of everyone else's to change as you like.");
  await expect(page.getByRole("heading", { name: "Schedule for the “Key accounts” group" })).toBeVisible();
  await expect(page.getByText("1 customer in Xero's “Key accounts” group.")).toBeVisible();
  await page.getByRole("button", { name: "7 days after the due date: Invoice {{invoice_number}} is now overdue" }).click();
  await page.getByRole("textbox", { name: "Subject", exact: true }).fill("A gentle word about {{invoice_number}} from your friends at the roastery");
  await page.getByRole("textbox", { name: "Message", exact: true }).fill("Kia ora {{contact_name}},\n\nNo rush, but {{invoice_number}} for {{amount_due}} is waiting. Marmalade biscuits on us next time.\n\n{{business_name}}");
  const preview = page.locator('iframe[title="Preview of the email 7 days after the due date"]');
  await expect(preview).toHaveAttribute("srcdoc", /Marmalade biscuits on us next time/);
  // Shown as the group's own customer would read it.
  await expect(preview).toHaveAttribute("srcdoc", /Kia ora Key Account Co,/);
  await page.getByRole("button", { name: "Save schedule" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Schedule saved.");
  await expect(page.getByRole("button", { name: /^7 days after the due date: A gentle word about/ })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page, "a contact group's schedule");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, "group-schedule-edit");

  // Back in Settings: one group schedule; then Retail's too, listed after it.
  await page.getByRole("link", { name: "← Reminders" }).click();
  await expect(card.getByTestId("group-schedule")).toHaveText([/1\. Key accounts.*1 customer in Xero's “Key accounts” group\./]);
  await shoot(page, "settings-1-group-schedule", card);
  await choose.selectOption({ label: "Retail (1 customer)" });
  await card.getByRole("button", { name: "Add schedule" }).click();
  await expect(page.getByRole("heading", { name: "Schedule for the “Retail” group" })).toBeVisible();
  await expect(page.getByText("1 customer in Xero's “Retail” group, who gets the schedule of “Key accounts” (they are in that group too). It comes after “Key accounts” in Settings → Reminders: a customer in both gets that group's schedule.")).toBeVisible();
  await page.getByRole("link", { name: "← Reminders" }).click();
  await expect(card.getByTestId("group-schedule")).toHaveText([/1\. Key accounts\s*Applies first/, /2\. Retail\s*1 customer in Xero's “Retail” group, who gets the schedule of a group listed above/]);
  await expect(card).toContainText("Every contact group in Xero has a schedule here.");
  await expectNoSeriousAccessibilityViolations(page, "Settings → Reminders with two group schedules");
  await shoot(page, "settings-2-group-schedules", card);

  // Retail moved first, then back: the order decides, and the page says so.
  await card.getByRole("button", { name: "Move up the “Retail” schedule" }).click();
  await expect(page.getByTestId("toast")).toHaveText("“Retail” moved up.");
  await expect(card.getByTestId("group-schedule")).toHaveText([/1\. Retail/, /2\. Key accounts/]);
  await card.getByRole("button", { name: "Move down the “Retail” schedule" }).click();
  await expect(card.getByTestId("group-schedule")).toHaveText([/1\. Key accounts/, /2\. Retail/]);

  // The contact pages: which schedule applies, and why.
  await contactPage(keyCustomer.name);
  await expect(page.getByTestId("contact-schedule")).toHaveText(
    "Reminder schedule: Key accounts — because they are in Xero's “Key accounts” group (also in “Retail”, whose schedule comes later).",
  );
  await expect(page.getByTestId("contact-schedule").getByRole("link", { name: "Key accounts" })).toHaveAttribute("href", /\/settings\/reminders\/schedules\//);
  await shoot(page, "contact-in-two-groups", page.getByTestId("contact-schedule").locator(".."));
  await contactPage(plainCustomer.name);
  await expect(page.getByTestId("contact-schedule")).toHaveText("Reminder schedule: Everyone else — not in a Xero contact group with a schedule of its own.");
  await shoot(page, "contact-in-no-group", page.getByTestId("contact-schedule").locator(".."));

  // Go live with the switch, reminders allowed at any hour of any day (the first-day journey sets that in the page).
  await database.update(workspaces).set({ sendWindowStartHour: 0, sendWindowEndHour: 24, sendWeekdays: [1, 2, 3, 4, 5, 6, 7] }).where(eq(workspaces.id, workspace.id));
  await page.goto(`/w/${workspace.slug}/settings/reminders`);
  await page.getByRole("button", { name: "Turn reminders on" }).click();
  const dialog = page.getByRole("dialog", { name: "Start sending reminders?" });
  await expect(dialog.getByTestId("go-live-count")).toHaveText("2 reminders in 2 emails will go out now (until 24:00). The Reminders page lists each one.");
  await dialog.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Reminders are on. The first ones go now (until 24:00).");

  // At the mailbox, as each customer reads it.
  await expect.poll(async () => (await messagesTo(keyCustomer.emailAddress)).length, { timeout: 120_000, message: "the key account's reminder at the mailbox" }).toBe(1);
  await expect.poll(async () => (await messagesTo(plainCustomer.emailAddress)).length, { timeout: 60_000, message: "the ordinary customer's reminder at the mailbox" }).toBe(1);
  const [keyEmail] = await messagesTo(keyCustomer.emailAddress);
  expect(keyEmail.subject).toBe(`A gentle word about ${keyInvoice.number} from your friends at the roastery`);
  expect(keyEmail.text).toContain("Kia ora Key Account Co,");
  expect(keyEmail.text).toContain("Marmalade biscuits on us next time.");
  expect(keyEmail.html).toContain("Marmalade biscuits on us next time.");
  const [plainEmail] = await messagesTo(plainCustomer.emailAddress);
  expect(plainEmail.subject).toBe(`Invoice ${plainInvoice.number} is now overdue`);
  expect(plainEmail.text).toContain("is now 8 days overdue");
  expect(plainEmail.text).not.toContain("Marmalade");
});

test("Settings tells a workspace whose Xero has no contact groups where to create them", async ({ page, member }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.goto(`/w/${member.workspace.slug}/settings/reminders`);
  const card = page.getByTestId("group-schedules");
  await expect(card.getByTestId("no-contact-groups")).toContainText("Xero has no contact groups for this organisation yet.");
  await expect(card.getByTestId("no-contact-groups")).toContainText("Contacts → Groups");
  await expect(card.getByRole("combobox", { name: "Add a schedule for a group" })).toHaveCount(0);
  await shoot(page, "settings-no-contact-groups", card);
});
