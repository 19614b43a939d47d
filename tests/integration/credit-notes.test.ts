// Unallocated credit on a customer's account, through the real sync, planner,
// worker and mailbox against the sandbox: the credit is copied at the next
// sync, the invoice and contact pages show it, and with the workspace's hold
// on, the customer's reminders wait until the hold is lifted or the credit is
// allocated in Xero.
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { control } from "../support/sandbox-app";
import { at, liveWorkspace, receivedBy, remindAt, startReminderWorld, type TestWorkspace } from "../reminders/support";

const world = await startReminderWorld();
const { db, sql } = await import("~/server/db.server");
const { creditNotes, users, xeroConnections } = await import("~db/schema");
const { previewDueReminders } = await import("~/reminders/planner.server");
const { setHoldRemindersWhileCredit, unallocatedCreditOf } = await import("~/models/credit-notes.server");
const { startSession } = await import("~/http/session.server");
const invoicePage = await import("~/routes/w.$workspaceSlug.invoices_.$invoiceId");
const contactPage = await import("~/routes/w.$workspaceSlug.contacts_.$contactId");
const reminderSettingsPage = await import("~/routes/w.$workspaceSlug.settings.reminders");

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

/** A sales credit note in "Xero" for the customer; returns its id and the credit it leaves (Xero adds tax to `amount`). */
async function creditNote(xeroContactId: string, amount: string) {
  const note = await control(world.sandbox, `/organisations/${workspace.tenantId}/credit-notes`, { contactId: xeroContactId, amount });
  return { id: note.CreditNoteID as string, remaining: Number(note.RemainingCredit), number: note.CreditNoteNumber as string };
}

async function allocate(creditNoteId: string, xeroInvoiceId: string, amount?: string) {
  await control(world.sandbox, `/organisations/${workspace.tenantId}/credit-notes/${creditNoteId}/allocations`, amount ? { invoiceId: xeroInvoiceId, amount } : { invoiceId: xeroInvoiceId });
}

const nzd = (amount: number) => new Intl.NumberFormat("en-NZ", { style: "currency", currency: "NZD" }).format(amount);

async function asMember(url: string, form?: Record<string, string>) {
  const started = await startSession(new Request("http://localhost/"), demoUserId, "/");
  const cookie = (started.headers.get("Set-Cookie") ?? "").split(";")[0];
  return form
    ? new Request(url, { method: "POST", headers: { cookie, origin: "http://localhost" }, body: new URLSearchParams(form) })
    : new Request(url, { headers: { cookie } });
}

describe("syncing credit notes", () => {
  it("copies a customer's unallocated credit at the next sync, and forgets it once Xero shows it allocated", async () => {
    const xeroContactId = await workspace.contact({ name: "Northwind", emailAddress: "accounts@northwind.test" });
    const invoice = await workspace.invoice(xeroContactId, { dueDate: daysBefore(TODAY, 7), amount: "400.00" });
    const note = await creditNote(xeroContactId, "100.00");
    world.sandbox.callLog.clear();

    await workspace.sync();

    const calls = world.sandbox.callLog.list({ tenantId: workspace.tenantId, pathPrefix: "/api.xro/2.0/CreditNotes" });
    expect(calls).toHaveLength(1);
    expect(decodeURIComponent(calls[0].query)).toContain('Type=="ACCRECCREDIT"');
    const [held] = await db.select().from(creditNotes).where(and(eq(creditNotes.workspaceId, workspace.workspaceId), eq(creditNotes.xeroCreditNoteId, note.id.toLowerCase())));
    expect(held).toMatchObject({ status: "AUTHORISED", xeroContactId: xeroContactId.toLowerCase(), creditNoteNumber: note.number });
    expect(Number(held.remainingCredit)).toBe(note.remaining);
    expect(await unallocatedCreditOf(workspace.workspaceId, xeroContactId.toLowerCase())).toEqual([
      { currencyCode: "NZD", remainingCredit: note.remaining.toFixed(2), creditNotes: 1 },
    ]);

    await allocate(note.id, invoice.xeroInvoiceId);
    await workspace.sync();

    // Read again as changed since the mark (If-Modified-Since), now PAID with nothing remaining.
    const [after] = await db.select().from(creditNotes).where(eq(creditNotes.id, held.id));
    expect(after).toMatchObject({ status: "PAID", remainingCredit: "0.00" });
    expect(await unallocatedCreditOf(workspace.workspaceId, xeroContactId.toLowerCase())).toEqual([]);
    const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspace.workspaceId));
    expect(connection.creditNotesSyncedThrough).not.toBeNull();
    const incremental = world.sandbox.callLog.list({ tenantId: workspace.tenantId, pathPrefix: "/api.xro/2.0/CreditNotes" }).at(-1)!;
    expect(incremental.query).not.toContain("AUTHORISED");
  });
});

describe("holding reminders while credit remains", () => {
  it("sends nothing to a customer with credit while the hold is on, and sends once it is lifted", async () => {
    const xeroContactId = await workspace.contact({ name: "Credit Holder", emailAddress: "accounts@holder.test" });
    const invoice = await workspace.invoice(xeroContactId, { dueDate: daysBefore(TODAY, 7), amount: "300.00" });
    await creditNote(xeroContactId, "50.00");
    const other = await workspace.contact({ name: "No Credit", emailAddress: "accounts@nocredit.test" });
    await workspace.invoice(other, { dueDate: daysBefore(TODAY, 7), amount: "80.00" });
    await workspace.sync();
    await setHoldRemindersWhileCredit(workspace.workspaceId, demoUserId, true);

    await remindAt(NOW);

    expect(await receivedBy(world.mailbox, "accounts@holder.test")).toHaveLength(0);
    expect(await receivedBy(world.mailbox, "accounts@nocredit.test")).toHaveLength(1);
    const invoiceId = await workspace.solidoInvoiceId(invoice.xeroInvoiceId);
    const preview = await previewDueReminders(workspace.workspaceId, NOW);
    expect(preview.find((row) => row.invoiceId === invoiceId)).toMatchObject({ blocked: "held_for_credit" });

    await setHoldRemindersWhileCredit(workspace.workspaceId, demoUserId, false);
    await remindAt(LATER);

    expect(await receivedBy(world.mailbox, "accounts@holder.test")).toHaveLength(1);
  });

  it("resumes a held customer's reminders once the credit is allocated in Xero and synced", async () => {
    const xeroContactId = await workspace.contact({ name: "Allocator", emailAddress: "accounts@allocator.test" });
    const invoice = await workspace.invoice(xeroContactId, { dueDate: daysBefore(TODAY, 7), amount: "500.00" });
    const note = await creditNote(xeroContactId, "60.00");
    await workspace.sync();
    await setHoldRemindersWhileCredit(workspace.workspaceId, demoUserId, true);

    await remindAt(NOW);
    expect(await receivedBy(world.mailbox, "accounts@allocator.test")).toHaveLength(0);

    await allocate(note.id, invoice.xeroInvoiceId);
    await workspace.sync();
    await remindAt(LATER);

    const [message, ...others] = await receivedBy(world.mailbox, "accounts@allocator.test");
    expect(others).toHaveLength(0);
    // The reminder asks for what is left after the credit.
    const book = world.sandbox.store.book(workspace.tenantId)!;
    expect(message.text).toContain(nzd(book.amountDue(book.invoices.get(invoice.xeroInvoiceId)!) / 100));
  });
});

describe("the pages", () => {
  it("show the customer's unallocated credit on the invoice and contact pages, and say when it holds their reminders", async () => {
    const xeroContactId = await workspace.contact({ name: "Northwind Traders", emailAddress: "accounts@northwind-traders.test" });
    const invoice = await workspace.invoice(xeroContactId, { dueDate: daysBefore(TODAY, 3), amount: "250.00" });
    const note = await creditNote(xeroContactId, "100.00");
    await workspace.sync();
    const invoiceId = await workspace.solidoInvoiceId(invoice.xeroInvoiceId);
    const contactId = await workspace.solidoContactId(xeroContactId);
    const params = { workspaceSlug: workspace.slug, invoiceId, contactId };
    const load = async () => {
      const onInvoice = await invoicePage.loader({ request: await asMember(`http://localhost/w/${workspace.slug}/invoices/${invoiceId}`), params, context: {} });
      const onContact = await contactPage.loader({ request: await asMember(`http://localhost/w/${workspace.slug}/contacts/${contactId}`), params, context: {} });
      return [onInvoice.credit, onContact.credit];
    };

    expect(await load()).toEqual([
      { amounts: [nzd(note.remaining)], held: false },
      { amounts: [nzd(note.remaining)], held: false },
    ]);

    // An admin ticks "Hold a customer's reminders while they have unallocated credit" on Settings → Reminders.
    const settingsUrl = `http://localhost/w/${workspace.slug}/settings/reminders`;
    const saved = await reminderSettingsPage.action({ request: await asMember(settingsUrl, { intent: "credit-hold", hold: "on" }), params, context: {} });
    expect((saved as Response).status).toBe(302);
    const settings = await reminderSettingsPage.loader({ request: await asMember(settingsUrl), params, context: {} });
    expect(settings.holdRemindersWhileCredit).toBe(true);
    expect(await load()).toEqual([
      { amounts: [nzd(note.remaining)], held: true },
      { amounts: [nzd(note.remaining)], held: true },
    ]);
    const [{ count }] = await sql<{ count: number }[]>`
      select count(*)::int as count from audit_log where workspace_id = ${workspace.workspaceId} and action = 'reminders.credit_hold_on'`;
    expect(count).toBe(1);

    await allocate(note.id, invoice.xeroInvoiceId);
    await workspace.sync();
    expect(await load()).toEqual([null, null]);
  });
});
