// "Send the next reminder now" in real Chromium over the built app, with the
// worker, the Xero sandbox and the mailbox: a business signs up with Xero, an
// admin opens an overdue invoice, confirms, and the customer's email arrives
// at the mailbox and shows on the invoice's timeline.
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { invoices } from "~db/schema";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { expect, pageHeading, test } from "./support/test";
import { messagesTo } from "./support/mailbox";
import { remindersLive, signUpWithXero } from "./support/journey";
import { xeroUserWithOrganisation } from "./support/xero-sandbox";

test("an admin sends an overdue invoice's next reminder now, and the customer receives it", async ({ page, database }) => {
  // Sign-up, a first sync, a payment check with Xero and a send, through the worker: on a loaded
  // machine that took over the suite's 30 s once. The waits below are on conditions; this only
  // bounds a hang.
  test.setTimeout(180_000);
  // A Xero user and organisation of this journey's own, so it shares nothing with the sign-up journeys.
  const run = crypto.randomBytes(3).toString("hex");
  const owner = { email: `nina-${run}@solido.test`, name: "Nina Now" };
  const organisation = `Send Now Roasters ${run}`;
  const customer = { name: "Prompt Payers Ltd", emailAddress: `accounts-${run}@prompt.test` };
  const xero = await xeroUserWithOrganisation(owner, organisation);
  const dueDate = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const invoice = await xero.invoice(customer, { dueDate, amount: "240.00" });

  const workspace = await signUpWithXero(page, database, owner, organisation);
  const synced = async () =>
    (await database.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.workspaceId, workspace.id), eq(invoices.xeroInvoiceId, invoice.xeroInvoiceId))))[0]?.id;
  expect(await synced()).toBeTruthy();
  // The admin looks at Settings → Reminders (which shows the default schedule), and reminders go live
  // (that page's own journey covers its switch).
  await page.goto(`/w/${workspace.slug}/settings/reminders`);
  await expect(pageHeading(page)).toBeVisible();
  await remindersLive(database, workspace.id);

  await page.goto(`/w/${workspace.slug}/invoices/${await synced()}`);
  await expect(pageHeading(page)).toHaveText(`Invoice ${invoice.number}`);
  await page.getByRole("button", { name: "Send the next reminder now" }).click();
  const dialog = page.getByRole("dialog", { name: "Send the next reminder now?" });
  await expect(dialog).toContainText(`emails the next reminder (7 days after the due date) to ${customer.emailAddress} straight away`);
  await expectNoSeriousAccessibilityViolations(page, "the send-now confirmation");
  await dialog.getByRole("button", { name: "Send now" }).click();
  await expect(page.getByTestId("toast")).toHaveText(`Sending the reminder (7 days after the due date) to ${customer.emailAddress} now.`);

  await expect.poll(async () => (await messagesTo(customer.emailAddress)).length, { timeout: 90_000, message: "the reminder at the mailbox" }).toBe(1);
  const [message] = await messagesTo(customer.emailAddress);
  expect(message.subject).toBe(`Invoice ${invoice.number} is now overdue`);

  await page.reload();
  const timeline = page.getByTestId("invoice-timeline");
  await expect(timeline).toContainText("Next reminder sent now (7 days after the due date)");
  await expect(timeline).toContainText("Reminder sent (7 days after the due date)");
  // One email a day: the button now says why it is off.
  await expect(page.getByRole("button", { name: "Send the next reminder now" })).toBeDisabled();
  await expect(page.getByTestId("send-now-refusal")).toContainText("at most one a day");
});
