// Unallocated credit in real Chromium over the built app, with the worker, the
// Xero sandbox and the mailbox: a customer has a credit note in Xero nobody has
// allocated; after the first sync their invoice and contact pages show the
// credit; the business turns on "hold reminders while credit" in Settings →
// Reminders; that customer then gets no reminder (send-now says why), while a
// customer without credit still gets theirs at the mailbox.
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { contacts, invoices } from "~db/schema";
import { expect, test } from "./support/test";
import { messagesTo } from "./support/mailbox";
import { remindersLive, signUpWithXero } from "./support/journey";
import { xeroUserWithOrganisation } from "./support/xero-sandbox";

test("a customer with unallocated credit in Xero: shown after sync, and held from reminders once the business asks", async ({ page, database }) => {
  // Sign-up, a first sync and a send through the worker; the waits are on conditions, this bounds a hang.
  test.setTimeout(180_000);
  const run = crypto.randomBytes(3).toString("hex");
  const owner = { email: `cora-${run}@solido.test`, name: "Cora Credit" };
  const organisation = `Credit Roasters ${run}`;
  const withCredit = { name: "Returns Often Ltd", emailAddress: `accounts-${run}@returns.test` };
  const withoutCredit = { name: "Pays Late Ltd", emailAddress: `accounts-${run}@late.test` };
  const xero = await xeroUserWithOrganisation(owner, organisation);
  const dueDate = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const creditContactId = await xero.customer(withCredit);
  const held = await xero.invoiceFor(creditContactId, { dueDate, amount: "400.00" });
  await xero.creditNote(creditContactId, "100.00");
  const other = await xero.invoice(withoutCredit, { dueDate, amount: "150.00" });

  const workspace = await signUpWithXero(page, database, owner, organisation);
  const solidoInvoiceId = async (xeroInvoiceId: string) =>
    (await database.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.workspaceId, workspace.id), eq(invoices.xeroInvoiceId, xeroInvoiceId))))[0]?.id;
  await expect.poll(() => solidoInvoiceId(held.xeroInvoiceId), { timeout: 60_000, message: "the first sync" }).toBeTruthy();

  // Credit is read last in a sync. The invoice and contact pages then show it (NZ$115.00: the credit note's $100 plus GST).
  await expect
    .poll(async () => {
      await page.goto(`/w/${workspace.slug}/invoices/${await solidoInvoiceId(held.xeroInvoiceId)}`);
      return (await page.getByTestId("credit-notice").count()) > 0;
    }, { timeout: 60_000, message: "the credit on the invoice page" })
    .toBe(true);
  await expect(page.getByTestId("credit-notice")).toContainText(`${withCredit.name} has $115.00 of unallocated credit in Xero.`);
  await expect(page.getByTestId("credit-notice")).toContainText("Reminders still go out.");
  const [contact] = await database.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, workspace.id), eq(contacts.xeroContactId, creditContactId)));
  await page.goto(`/w/${workspace.slug}/contacts/${contact.id}`);
  await expect(page.getByTestId("credit-notice")).toContainText("$115.00 of unallocated credit");

  // The business turns the hold on in Settings → Reminders.
  await page.goto(`/w/${workspace.slug}/settings/reminders`);
  await page.getByRole("checkbox", { name: /Hold a customer's reminders while they have unallocated credit in Xero/ }).check();
  await page.getByRole("form", { name: "Customers with credit" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("checkbox", { name: /Hold a customer's reminders/ })).toBeChecked();
  await remindersLive(database, workspace.id);

  // The held customer: the invoice page says so, and sending now is refused with the reason.
  await page.goto(`/w/${workspace.slug}/invoices/${await solidoInvoiceId(held.xeroInvoiceId)}`);
  await expect(page.getByTestId("credit-hold")).toContainText(`Reminders to ${withCredit.name} are held while this credit remains`);
  await expect(page.getByRole("button", { name: "Send the next reminder now" })).toBeDisabled();
  await expect(page.getByTestId("send-now-refusal")).toContainText("has unallocated credit in Xero, and reminders are held while credit remains");

  // The customer without credit still gets their reminder at the mailbox; the held one gets none.
  await page.goto(`/w/${workspace.slug}/invoices/${await solidoInvoiceId(other.xeroInvoiceId)}`);
  await page.getByRole("button", { name: "Send the next reminder now" }).click();
  await page.getByRole("dialog", { name: "Send the next reminder now?" }).getByRole("button", { name: "Send now" }).click();
  await expect.poll(async () => (await messagesTo(withoutCredit.emailAddress)).length, { timeout: 90_000, message: "the other customer's reminder" }).toBe(1);
  expect(await messagesTo(withCredit.emailAddress)).toHaveLength(0);
});
