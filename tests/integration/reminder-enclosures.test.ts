// What goes with a reminder besides its words, checked at a real SMTP server
// against the sandbox: each invoice's PDF as Xero renders it (fetched again
// only when the invoice changed in Xero), and a blind copy to the business
// that its customers never see.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { at, liveWorkspace, receivedBy, remindAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { workspaces } = await import("~db/schema");
const { PDFS_PER_EMAIL, pdfFilename } = await import("~/reminders/invoice-pdfs.server");

const ZONE = "Pacific/Auckland";
/** A Wednesday morning in Auckland, inside the default send window. */
const NOW = at("2025-06-11T10:00", ZONE);
const TODAY = "2025-06-11";
const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const money = (cents: number) => `NZD ${(cents / 100).toFixed(2)}`;

let workspace: TestWorkspace;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE });
  world.mailbox.faults.clear();
});

const pdfCalls = () =>
  world.sandbox.callLog.list({ tenantId: workspace.tenantId, pathPrefix: "/api.xro/2.0/Invoices/" }).filter((call) => call.contentType === "application/pdf");

async function attachment(messageId: string, index: number) {
  const response = await fetch(`${world.mailbox.url}/api/messages/${messageId}/attachments/${index}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer()).toString("latin1");
}

const amountDueInXero = (xeroInvoiceId: string) => {
  const book = world.sandbox.store.book(workspace.tenantId)!;
  return book.amountDue(book.invoices.get(xeroInvoiceId)!);
};

describe("invoice PDFs", () => {
  it("attaches each invoice's PDF from Xero, fetched once, and again only after the invoice changed in Xero", async () => {
    await db.update(workspaces).set({ attachInvoicePdfs: true }).where(eq(workspaces.id, workspace.workspaceId));
    const contactId = await workspace.contact({ name: "Kauri Kitchens", emailAddress: "accounts@kauri.test" });
    const older = await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "120.00", reference: "Beans" });
    const newer = await workspace.invoice(contactId, { dueDate: TODAY, amount: "80.50", reference: "Filters" });
    await workspace.sync();

    await remindAt(NOW);

    const [message] = await receivedBy(world.mailbox, "accounts@kauri.test");
    // In the order the email lists the invoices: earliest due first.
    expect(message.attachments).toEqual([
      { filename: pdfFilename(older.number), contentType: "application/pdf", size: expect.any(Number) },
      { filename: pdfFilename(newer.number), contentType: "application/pdf", size: expect.any(Number) },
    ]);
    const first = await attachment(message.id, 0);
    expect(first.startsWith("%PDF-")).toBe(true);
    expect(first).toContain(`(Invoice number: ${older.number})`);
    expect(first).toContain(`(Amount due: ${money(amountDueInXero(older.xeroInvoiceId))})`);
    expect(pdfCalls()).toHaveLength(2);

    // A week on, both get their next step. Unchanged in Xero: their kept PDFs go again, with no call.
    await remindAt(new Date(NOW.getTime() + 7 * 86_400_000));
    let messages = await receivedBy(world.mailbox, "accounts@kauri.test");
    expect(messages).toHaveLength(2);
    expect(messages[1].attachments.map((each) => each.filename)).toEqual([pdfFilename(older.number), pdfFilename(newer.number)]);
    expect(pdfCalls()).toHaveLength(2);

    // Part-paid in Xero: its next reminder's PDF is fetched again (one call) and shows what is owed now.
    const before = amountDueInXero(newer.xeroInvoiceId);
    await workspace.pay(newer.xeroInvoiceId, "20.00");
    await remindAt(new Date(NOW.getTime() + 14 * 86_400_000));
    messages = await receivedBy(world.mailbox, "accounts@kauri.test");
    expect(messages).toHaveLength(3);
    expect(messages[2].attachments.map((each) => each.filename)).toEqual([pdfFilename(newer.number)]);
    const pdf = await attachment(messages[2].id, 0);
    expect(amountDueInXero(newer.xeroInvoiceId)).toBe(before - 2000);
    expect(pdf).toContain(`(Amount due: ${money(before - 2000)})`);
    expect(pdfCalls()).toHaveLength(3);
  });

  it(`attaches at most ${PDFS_PER_EMAIL} PDFs to an email about more invoices, the earliest due`, async () => {
    await db.update(workspaces).set({ attachInvoicePdfs: true }).where(eq(workspaces.id, workspace.workspaceId));
    const contactId = await workspace.contact({ name: "Many Invoices Ltd", emailAddress: "many@invoices.test" });
    const due = [];
    for (let index = 0; index < PDFS_PER_EMAIL + 2; index++) due.push(await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7 - index), amount: "10.00" }));
    await workspace.sync();

    await remindAt(NOW);

    const [message] = await receivedBy(world.mailbox, "many@invoices.test");
    for (const invoice of due) expect(message.html).toContain(invoice.number);
    const earliest = [...due].reverse().slice(0, PDFS_PER_EMAIL);
    expect(message.attachments.map((each) => each.filename)).toEqual(earliest.map((invoice) => pdfFilename(invoice.number)));
    expect(pdfCalls()).toHaveLength(PDFS_PER_EMAIL);
  });

  it("sends no PDF and makes no PDF call when the workspace has not asked for them", async () => {
    const contactId = await workspace.contact({ name: "Plain Email Co", emailAddress: "plain@email.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "55.00" });
    await workspace.sync();

    await remindAt(NOW);

    const [message] = await receivedBy(world.mailbox, "plain@email.test");
    expect(message.attachments).toEqual([]);
    expect(pdfCalls()).toHaveLength(0);
  });
});

describe("a blind copy to the business", () => {
  it("delivers the same message to the business's address, which appears in no header the customer sees", async () => {
    await db.update(workspaces).set({ blindCopyEmail: "owner@business.test" }).where(eq(workspaces.id, workspace.workspaceId));
    const contactId = await workspace.contact({ name: "Copied Customer", emailAddress: "copied@customer.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "75.00" });
    await workspace.sync();

    await remindAt(NOW);

    const [message, ...others] = await receivedBy(world.mailbox, "copied@customer.test");
    expect(others).toHaveLength(0);
    // One message, one SMTP transaction, two recipients: the copy is exactly what the customer got.
    expect(message.envelope.rcptTo.map((address) => address.toLowerCase()).sort()).toEqual(["copied@customer.test", "owner@business.test"]);
    expect(await receivedBy(world.mailbox, "owner@business.test")).toEqual([message]);
    expect(message.headers.map((header) => header.name.toLowerCase())).not.toContain("bcc");
    expect(JSON.stringify(message.headers)).not.toContain("owner@business.test");
    expect(message.to.map((address) => address.address)).toEqual(["copied@customer.test"]);
  });

  it("a copy address the mail server refuses does not stop the customer's email or mark the customer's address bouncing", async () => {
    await db.update(workspaces).set({ blindCopyEmail: "gone@business.test" }).where(eq(workspaces.id, workspace.workspaceId));
    world.mailbox.faults.add({ recipient: "gone@business.test", code: 550, message: "5.1.1 No such user" });
    const contactId = await workspace.contact({ name: "Still Reached", emailAddress: "still@reached.test" });
    await workspace.invoice(contactId, { dueDate: daysFrom(TODAY, -7), amount: "75.00" });
    await workspace.sync();

    await remindAt(NOW);

    const [message] = await receivedBy(world.mailbox, "still@reached.test");
    expect(message.envelope.rcptTo).toEqual(["still@reached.test"]);
    const [email] = await workspace.emails();
    expect(email.status).toBe("sent");
    const { contacts } = await import("~db/schema");
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, await workspace.solidoContactId(contactId)));
    expect(contact.emailBouncingSince).toBeNull();
  });
});
