// Repeats after the last step in real Chromium over the built app, with the
// worker, the Xero sandbox and the mailbox: an admin turns on "then every 7
// days until paid" in Settings → Reminders (seeing the repeat's email
// previewed), the invoice page names the repeat as the next reminder, and the
// repeat that arrives at the mailbox names the day Solido really wrote before.
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { contacts, invoices, reminderEmails, reminders, reminderSteps } from "~db/schema";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { expect, pageHeading, test } from "./support/test";
import { messagesTo } from "./support/mailbox";
import { remindersLive, signUpWithXero } from "./support/journey";
import { xeroUserWithOrganisation } from "./support/xero-sandbox";

const SHOTS = "/tmp/shots-schedules";
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

// The refused save is the action's 400, which Chromium reports as a failed resource.
test.use({ expectedConsoleErrors: [/status of 400 \(Bad Request\)/] });

test("an admin turns on repeats after the last step, and the repeat arrives naming the day Solido wrote before", async ({ page, database }) => {
  test.setTimeout(180_000);
  const run = crypto.randomBytes(3).toString("hex");
  const owner = { email: `rita-${run}@solido.test`, name: "Rita Repeat" };
  const organisation = `Repeat Roasters ${run}`;
  const customer = { name: "Slow Payers Ltd", emailAddress: `accounts-${run}@slow.test` };
  const xero = await xeroUserWithOrganisation(owner, organisation);
  // Due 40 days ago: the last step (30 days) went 10 days ago; the first repeat (37 days) has come.
  const invoice = await xero.invoice(customer, { dueDate: daysAgo(40), amount: "480.00" });

  const workspace = await signUpWithXero(page, database, owner, organisation);
  await remindersLive(database, workspace.id);
  // The last step's reminder as the engine records one it sent ten days ago.
  const [row] = await database
    .select({ invoiceId: invoices.id, contactId: contacts.id })
    .from(invoices)
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    .where(and(eq(invoices.workspaceId, workspace.id), eq(invoices.xeroInvoiceId, invoice.xeroInvoiceId)));
  const [last] = await database.select().from(reminderSteps).where(and(eq(reminderSteps.workspaceId, workspace.id), eq(reminderSteps.offsetDays, 30)));
  const sentOn = daysAgo(10);
  const [email] = await database
    .insert(reminderEmails)
    .values({ workspaceId: workspace.id, contactId: row.contactId, sendDate: sentOn, messageId: `<seeded-${run}@solido.test>`, status: "sent", toAddress: customer.emailAddress, subject: "Payment needed", sentAt: new Date(`${sentOn}T00:00:00Z`) })
    .returning();
  await database.insert(reminders).values({ workspaceId: workspace.id, invoiceId: row.invoiceId, stepId: last.id, emailId: email.id, status: "sent", amountDue: "480.00" });

  await page.goto(`/w/${workspace.slug}/settings/reminders`);
  const card = page.getByRole("form", { name: "After the last step" });
  await card.getByRole("checkbox", { name: "Then write again until paid" }).check();
  await card.getByRole("textbox", { name: "Every how many days" }).fill("");
  await card.getByRole("button", { name: "Save" }).click();
  // Refused in words next to the field, the box still ticked.
  await expect(card.getByRole("alert")).toContainText("Enter whole days between 1 and 90");
  await expect(card.getByRole("checkbox", { name: "Then write again until paid" })).toBeChecked();
  await card.getByRole("textbox", { name: "Every how many days" }).fill("7");
  await card.getByRole("textbox", { name: /At most how many times/ }).fill("3");
  await card.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("toast")).toHaveText("After the last step, reminders repeat every 7 days until paid, at most 3 times.");
  // (Read from the frame's document, not inside it: the preview frame is sandboxed, and runs no script, a test's included.)
  const preview = page.locator('iframe[title="Preview of the email repeat 37 days after the due date"]');
  await expect(preview).toBeVisible();
  await expect(preview).toHaveAttribute("srcdoc", /We wrote to you about this invoice, most recently on/);
  await expectNoSeriousAccessibilityViolations(page, "Settings → Reminders with repeats on");
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.getByRole("heading", { name: "After the last step" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/repeat-settings-${width}.png`, fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.goto(`/w/${workspace.slug}/invoices/${row.invoiceId}`);
  await expect(pageHeading(page)).toHaveText(`Invoice ${invoice.number}`);
  await page.getByRole("button", { name: "Send the next reminder now" }).click();
  const dialog = page.getByRole("dialog", { name: "Send the next reminder now?" });
  await expect(dialog).toContainText(`emails the next reminder (37 days after the due date, repeat 1) to ${customer.emailAddress} straight away`);
  await dialog.getByRole("button", { name: "Send now" }).click();

  await expect.poll(async () => (await messagesTo(customer.emailAddress)).length, { timeout: 90_000, message: "the repeat at the mailbox" }).toBe(1);
  const [message] = await messagesTo(customer.emailAddress);
  expect(message.subject).toBe(`Payment still needed: invoice ${invoice.number} is 40 days overdue`);
  const written = new Intl.DateTimeFormat("en-NZ", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${sentOn}T00:00:00Z`));
  expect(message.text).toContain(`We wrote to you about this invoice on ${written}.`);
  expect(message.text).not.toMatch(/final reminder/i);

  await page.reload();
  await expect(page.getByTestId("invoice-timeline")).toContainText("Reminder sent (37 days after the due date, repeat 1)");
  // The next one is the second repeat, a week after the first one's day.
  await expect(page.getByText(/\(44 days after the due date, repeat 2\)/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/repeat-invoice-1280.png`, fullPage: true });
});
