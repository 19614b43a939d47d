// A reminder carrying its invoice as a PDF, read as the customer would: an
// admin ticks "Attach each invoice as a PDF" in Settings → Reminders, sends an
// overdue invoice's reminder now, and at the mailbox the message lists the PDF
// by the invoice's number, and the file that downloads is Xero's PDF of it.
import crypto from "node:crypto";
import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import { invoices } from "~db/schema";
import { pdfFilename } from "~/reminders/invoice-pdfs.server";
import { expect, pageHeading, test } from "./support/test";
import { remindersLive, signUpWithXero } from "./support/journey";
import { mailboxUrl, messagesTo } from "./support/mailbox";
import { xeroUserWithOrganisation } from "./support/xero-sandbox";

const SHOTS = "/tmp/shots-cleanup";

test("a reminder's invoice PDF is listed at the customer's mailbox by its number, and opens as Xero's PDF of it", async ({ page, database }) => {
  test.setTimeout(180_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const run = crypto.randomBytes(3).toString("hex");
  const owner = { email: `petra-${run}@solido.test`, name: "Petra Pdf" };
  const organisation = `Attached Roasters ${run}`;
  const customer = { name: "Paper Trail Ltd", emailAddress: `accounts-${run}@paper.test` };
  const xero = await xeroUserWithOrganisation(owner, organisation);
  const invoice = await xero.invoice(customer, { dueDate: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10), amount: "360.00" });

  const workspace = await signUpWithXero(page, database, owner, organisation);
  await remindersLive(database, workspace.id);
  await page.goto(`/w/${workspace.slug}/settings/reminders`);
  const enclosures = page.getByRole("form", { name: "Attachments and copies" });
  await enclosures.getByRole("checkbox", { name: /Attach each invoice as a PDF/ }).check();
  await enclosures.getByRole("button", { name: "Save" }).click();
  await page.reload();
  await expect(page.getByRole("form", { name: "Attachments and copies" }).getByRole("checkbox", { name: /Attach each invoice as a PDF/ })).toBeChecked();

  const [row] = await database.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.workspaceId, workspace.id), eq(invoices.xeroInvoiceId, invoice.xeroInvoiceId)));
  await page.goto(`/w/${workspace.slug}/invoices/${row.id}`);
  await page.getByRole("button", { name: "Send the next reminder now" }).click();
  await page.getByRole("dialog", { name: "Send the next reminder now?" }).getByRole("button", { name: "Send now" }).click();
  await expect.poll(async () => (await messagesTo(customer.emailAddress)).length, { timeout: 90_000, message: "the reminder at the mailbox" }).toBe(1);
  const [message] = await messagesTo(customer.emailAddress);

  // The customer's view of the message: the PDF listed by the invoice's number.
  await page.goto(mailboxUrl(`/messages/${encodeURIComponent(message.id)}`));
  await expect(pageHeading(page)).toHaveText(`Invoice ${invoice.number} is now overdue`);
  const attachments = page.getByRole("region", { name: "Attachments" });
  const link = attachments.getByRole("link", { name: pdfFilename(invoice.number) });
  await expect(link).toBeVisible();
  await expect(attachments).toContainText("application/pdf");
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/mailbox-pdf-${width}.png` });
  }

  // It opens: the file is a PDF of this invoice, under its own name.
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe(pdfFilename(invoice.number));
  const content = fs.readFileSync((await download.path())!).toString("latin1");
  expect(content.startsWith("%PDF-")).toBe(true);
  expect(content).toContain(`(Invoice number: ${invoice.number})`);
});
