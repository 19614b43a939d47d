// Overpayments, prepayments and zero-total invoices, through the real sync,
// planner, worker and mailbox against the sandbox: an invoice with nothing due
// (zero total, or settled by an overpayment or prepayment) is never reminded;
// an overpayment or prepayment left unallocated on the customer's account is
// their credit, exactly as an unallocated credit note is — shown on the pages,
// and holding their reminders when the workspace asks
// (docs/decisions/0004-hold-reminders-while-credit.md).
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { control } from "../support/sandbox-app";
import { at, liveWorkspace, receivedBy, remindAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db } = await import("~/server/db.server");
const { creditNotes, invoices, users, xeroConnections } = await import("~db/schema");
const { previewDueReminders } = await import("~/reminders/planner.server");
const { setHoldRemindersWhileCredit, unallocatedCreditOf } = await import("~/models/credit-notes.server");

const ZONE = "Pacific/Auckland";
/** A Wednesday morning in Auckland, inside the default send window. */
const NOW = at("2025-06-11T10:00", ZONE);
const LATER = at("2025-06-11T11:00", ZONE);
const TODAY = "2025-06-11";
const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

let workspace: TestWorkspace;
let demoUserId: string;
beforeEach(async () => {
  workspace = await liveWorkspace(world, { timeZone: ZONE });
  [{ id: demoUserId }] = await db.select({ id: users.id }).from(users).where(eq(users.email, "demo@solido.test"));
});

type Kind = "overpayments" | "prepayments";

/** Money the customer paid in "Xero" that is not for one invoice; returns its id. */
async function received(kind: Kind, xeroContactId: string, amount: string): Promise<string> {
  const credit = await control(world.sandbox, `/organisations/${workspace.tenantId}/${kind}`, { contactId: xeroContactId, amount });
  return (credit.OverpaymentID ?? credit.PrepaymentID) as string;
}

async function allocate(kind: Kind, creditId: string, xeroInvoiceId: string) {
  await control(world.sandbox, `/organisations/${workspace.tenantId}/${kind}/${creditId}/allocations`, { invoiceId: xeroInvoiceId });
}

const amountDueOf = async (xeroInvoiceId: string) => {
  const [row] = await db.select({ amountDue: invoices.amountDue, status: invoices.status }).from(invoices)
    .where(and(eq(invoices.workspaceId, workspace.workspaceId), eq(invoices.xeroInvoiceId, xeroInvoiceId.toLowerCase())));
  return row;
};

describe("invoices with nothing due", () => {
  it("never reminds for a zero-total invoice, or one settled by an overpayment or a prepayment, while an ordinary overdue invoice is reminded", async () => {
    const settled = await workspace.contact({ name: "Settled Up Ltd", emailAddress: "accounts@settled.test" });
    const zero = await workspace.invoice(settled, { dueDate: daysBefore(TODAY, 10), amount: "0.00" });
    const overpaid = await workspace.invoice(settled, { dueDate: daysBefore(TODAY, 10), amount: "200.00" });
    const prepaid = await workspace.invoice(settled, { dueDate: daysBefore(TODAY, 10), amount: "100.00" });
    const book = world.sandbox.store.book(workspace.tenantId)!;
    const dueOf = (xeroInvoiceId: string) => (book.amountDue(book.invoices.get(xeroInvoiceId)!) / 100).toFixed(2);
    await allocate("overpayments", await received("overpayments", settled, (Number(dueOf(overpaid.xeroInvoiceId)) + 30).toFixed(2)), overpaid.xeroInvoiceId);
    await allocate("prepayments", await received("prepayments", settled, dueOf(prepaid.xeroInvoiceId)), prepaid.xeroInvoiceId);
    const other = await workspace.contact({ name: "Still Owing Ltd", emailAddress: "accounts@owing.test" });
    await workspace.invoice(other, { dueDate: daysBefore(TODAY, 10), amount: "80.00" });
    world.sandbox.callLog.clear();

    await workspace.sync();
    await remindAt(NOW);

    for (const invoice of [zero, overpaid, prepaid]) expect(await amountDueOf(invoice.xeroInvoiceId)).toEqual({ amountDue: "0.00", status: "PAID" });
    expect(await receivedBy(world.mailbox, "accounts@settled.test")).toHaveLength(0);
    expect(await receivedBy(world.mailbox, "accounts@owing.test")).toHaveLength(1);
    // The overpayment's $30 left over is the customer's credit (shown, not holding: the hold is off).
    expect(await unallocatedCreditOf(workspace.workspaceId, settled.toLowerCase())).toEqual([{ currencyCode: "NZD", remainingCredit: "30.00", creditNotes: 1 }]);
    const paths = world.sandbox.callLog.list({ tenantId: workspace.tenantId }).map((call) => call.path);
    expect(paths).toEqual(expect.arrayContaining(["/api.xro/2.0/Overpayments", "/api.xro/2.0/Prepayments"]));
  });
});

describe("unallocated overpayments and prepayments", () => {
  it("count as the customer's credit: held while the hold is on, and released once allocated in Xero and synced", async () => {
    const overpaying = await workspace.contact({ name: "Overpayer Co", emailAddress: "accounts@overpayer.test" });
    const invoice = await workspace.invoice(overpaying, { dueDate: daysBefore(TODAY, 7), amount: "300.00" });
    const overpayment = await received("overpayments", overpaying, "40.00");
    const depositing = await workspace.contact({ name: "Depositor Co", emailAddress: "accounts@depositor.test" });
    const deposited = await workspace.invoice(depositing, { dueDate: daysBefore(TODAY, 7), amount: "120.00" });
    await received("prepayments", depositing, "25.00");
    await workspace.sync();
    expect(await unallocatedCreditOf(workspace.workspaceId, overpaying.toLowerCase())).toEqual([{ currencyCode: "NZD", remainingCredit: "40.00", creditNotes: 1 }]);
    expect(await unallocatedCreditOf(workspace.workspaceId, depositing.toLowerCase())).toEqual([{ currencyCode: "NZD", remainingCredit: "25.00", creditNotes: 1 }]);
    const kinds = await db.select({ kind: creditNotes.kind }).from(creditNotes).where(eq(creditNotes.workspaceId, workspace.workspaceId));
    expect(kinds.map((row) => row.kind).sort()).toEqual(["overpayment", "prepayment"]);

    await setHoldRemindersWhileCredit(workspace.workspaceId, demoUserId, true);
    await remindAt(NOW);

    expect(await receivedBy(world.mailbox, "accounts@overpayer.test")).toHaveLength(0);
    expect(await receivedBy(world.mailbox, "accounts@depositor.test")).toHaveLength(0);
    const preview = await previewDueReminders(workspace.workspaceId, NOW);
    for (const xeroInvoiceId of [invoice.xeroInvoiceId, deposited.xeroInvoiceId]) {
      const invoiceId = await workspace.solidoInvoiceId(xeroInvoiceId);
      expect(preview.find((row) => row.invoiceId === invoiceId)).toMatchObject({ blocked: "held_for_credit" });
    }

    // Allocated in Xero: the overpayment is PAID, the invoice owes $40 less, and the next sync releases the customer.
    await allocate("overpayments", overpayment, invoice.xeroInvoiceId);
    await workspace.sync();
    await remindAt(LATER);

    expect(await unallocatedCreditOf(workspace.workspaceId, overpaying.toLowerCase())).toEqual([]);
    const [message, ...others] = await receivedBy(world.mailbox, "accounts@overpayer.test");
    expect(others).toHaveLength(0);
    const book = world.sandbox.store.book(workspace.tenantId)!;
    const due = book.amountDue(book.invoices.get(invoice.xeroInvoiceId)!) / 100;
    expect(message.text).toContain(new Intl.NumberFormat("en-NZ", { style: "currency", currency: "NZD" }).format(due));
    expect(await receivedBy(world.mailbox, "accounts@depositor.test")).toHaveLength(0);
  });

  it("a connection made before Solido asked for the payments scope syncs without them, never calling what Xero would refuse", async () => {
    const customer = await workspace.contact({ name: "Old Grant Ltd", emailAddress: "accounts@oldgrant.test" });
    await workspace.invoice(customer, { dueDate: daysBefore(TODAY, 7), amount: "90.00" });
    await received("overpayments", customer, "15.00");
    const [connection] = await db.select({ scopes: xeroConnections.scopes }).from(xeroConnections).where(eq(xeroConnections.workspaceId, workspace.workspaceId));
    await db.update(xeroConnections).set({ scopes: connection.scopes.filter((scope) => !scope.startsWith("accounting.payments")) }).where(eq(xeroConnections.workspaceId, workspace.workspaceId));
    world.sandbox.callLog.clear();

    await workspace.sync();

    const [after] = await db.select({ status: xeroConnections.lastSyncStatus, error: xeroConnections.lastSyncError }).from(xeroConnections).where(eq(xeroConnections.workspaceId, workspace.workspaceId));
    expect(after).toEqual({ status: "succeeded", error: null });
    const paths = world.sandbox.callLog.list({ tenantId: workspace.tenantId }).map((call) => call.path);
    expect(paths).toContain("/api.xro/2.0/CreditNotes");
    expect(paths.filter((path) => /Overpayments|Prepayments/.test(path))).toEqual([]);
    expect(await unallocatedCreditOf(workspace.workspaceId, customer.toLowerCase())).toEqual([]);
  });
});
