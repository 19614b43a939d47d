// The Xero sync engine end to end: the real worker tasks, real xero-node over
// HTTP to the sandbox, real PostgreSQL. What Solido holds is compared with
// what the sandbox's books hold, invoice by invoice.
import { and, desc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contacts, invoices, syncRuns, xeroConnections } from "~db/schema";
import type { OrganisationBook } from "~sandbox/books";
import { connectedWorkspace, control, differencesFromXero, money, runJobs, startSandboxForApp } from "../support/sandbox-app";

const sandbox = await startSandboxForApp();
afterAll(() => sandbox.close());

const { db } = await import("~/server/db.server");
const { requestSync } = await import("~/xero/connection-lifecycle.server");
const { closeWorkerLiveness } = await import("~jobs/tasks/worker-liveness");
afterAll(() => closeWorkerLiveness());

const HARBOUR = "Harbour Coffee Roasters";
let workspaceId: string;
let tenantId: string;
let book: OrganisationBook;

async function latestRun() {
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt)).limit(1);
  return run;
}

async function syncNow() {
  const requested = await requestSync(workspaceId);
  expect(requested).toEqual({ ok: true });
  await runJobs();
  return latestRun();
}

async function solidoInvoice(xeroInvoiceId: string) {
  const [row] = await db
    .select({ invoice: invoices, contact: contacts })
    .from(invoices)
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    .where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.xeroInvoiceId, xeroInvoiceId)));
  return row;
}

/** An open invoice of the demo org with nothing paid or credited yet. */
function untouchedOpenInvoice(exclude: string[] = []) {
  const invoice = [...book.invoices.values()].find(
    (candidate) => candidate.type === "ACCREC" && candidate.status === "AUTHORISED" && candidate.amountPaid === 0 && candidate.amountCredited === 0 && !exclude.includes(candidate.id),
  );
  if (!invoice) throw new Error("The demo org has no untouched open invoice left");
  return invoice;
}

beforeAll(async () => {
  ({ workspaceId, tenantId } = await connectedWorkspace(sandbox, "demo@solido.test", HARBOUR));
  book = sandbox.store.book(tenantId)!;
});

describe("the first sync of a newly connected organisation", () => {
  it("copies every open sales invoice, and those settled in the last 90 days, exactly as Xero holds them", async () => {
    sandbox.callLog.clear();
    await runJobs();
    const run = await latestRun();
    expect(run).toMatchObject({ kind: "first", trigger: "connect", status: "succeeded", errorCode: null });

    const { differences, held } = await differencesFromXero(workspaceId, book, run.startedAt!);
    expect(differences).toEqual([]);
    expect(held).toBeGreaterThan(50);
    expect(run.invoicesCreated).toBe(held);
    expect(run.pagesDone).toBe(run.pageCount);

    // Organisation, open invoices and recent history together (one page), then the customers they name by id (one call of ≤ 50), then open credit (one page), then the contact groups.
    const calls = sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" });
    // Customers' credit last: credit notes, overpayments and prepayments (docs/decisions/0004-hold-reminders-while-credit.md).
    expect(calls.map((call) => call.path)).toEqual([
      "/api.xro/2.0/Organisation",
      "/api.xro/2.0/Invoices",
      "/api.xro/2.0/Contacts",
      "/api.xro/2.0/CreditNotes",
      "/api.xro/2.0/Overpayments",
      "/api.xro/2.0/Prepayments",
      // and the contact groups (the demo organisation has none: the list alone; docs/decisions/0018-contact-groups-in-sync.md)
      "/api.xro/2.0/ContactGroups",
    ]);
    expect(run.xeroCalls).toBe(7);
    expect(run.bytesReceived).toBe(calls.reduce((sum, call) => sum + call.bytes, 0));
    expect(calls.filter((call) => call.path.endsWith("Invoices")).every((call) => call.query.includes("summaryOnly=true") && call.query.includes("pageSize=1000"))).toBe(true);

    const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId));
    expect(connection).toMatchObject({ lastSyncStatus: "succeeded", lastSyncError: null });
    expect(connection.invoicesSyncedThrough).not.toBeNull();
    expect(connection.contactsSyncedThrough).not.toBeNull();
  });

  it("copies each customer's email and the contact persons marked to receive emails", async () => {
    const held = await db.select().from(contacts).where(eq(contacts.workspaceId, workspaceId));
    expect(held.length).toBe([...book.contacts.values()].filter((contact) => contact.isCustomer).length);
    for (const row of held) {
      const contact = book.contacts.get(row.xeroContactId)!;
      expect(row.emailAddress ?? "").toBe(contact.emailAddress);
      expect(row.ccEmailAddresses).toEqual(contact.contactPersons.filter((person) => person.includeInEmails).map((person) => person.emailAddress));
      expect(row.status).toBe(contact.status);
    }
  });
});

describe("incremental sync", () => {
  it("costs five calls (contacts, invoices, credit notes, overpayments, prepayments) and changes nothing when nothing changed in Xero", async () => {
    sandbox.callLog.clear();
    const before = await db.select().from(invoices).where(eq(invoices.workspaceId, workspaceId));
    const run = await syncNow();
    expect(run).toMatchObject({ kind: "incremental", trigger: "manual", status: "succeeded", invoicesCreated: 0, invoicesUpdated: 0, paymentsDetected: 0 });
    expect(run.xeroCalls).toBeLessThanOrEqual(5);
    expect(sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" }).every((call) => call.query.length > 0)).toBe(true);
    expect(await db.select().from(invoices).where(eq(invoices.workspaceId, workspaceId))).toEqual(before);
  });

  it("marks an invoice paid at Xero as settled, with when it was seen", async () => {
    const invoice = untouchedOpenInvoice();
    await control(sandbox, `/organisations/${tenantId}/invoices/${invoice.id}/payments`, {});
    const run = await syncNow();
    expect(run).toMatchObject({ status: "succeeded", paymentsDetected: 1, invoicesUpdated: 1 });
    expect(run.xeroCalls).toBeLessThanOrEqual(5);
    const copy = await solidoInvoice(invoice.id);
    expect(copy.invoice).toMatchObject({ status: "PAID", amountDue: "0.00", amountPaid: money(invoice.total) });
    expect(copy.invoice.settledSeenAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt!.getTime() - 1000);
  });

  it("keeps a partly paid invoice open with the new amount due", async () => {
    const invoice = untouchedOpenInvoice();
    await control(sandbox, `/organisations/${tenantId}/invoices/${invoice.id}/payments`, { amount: "10.05" });
    const run = await syncNow();
    expect(run).toMatchObject({ status: "succeeded", paymentsDetected: 0 });
    const copy = await solidoInvoice(invoice.id);
    expect(copy.invoice).toMatchObject({ status: "AUTHORISED", amountDue: money(invoice.total - 1005), amountPaid: "10.05", settledSeenAt: null });
  });

  it("lowers the amount due by an allocated credit note, and settles an invoice credited in full", async () => {
    const partly = untouchedOpenInvoice();
    const fully = untouchedOpenInvoice([partly.id]);
    const note = await control(sandbox, `/organisations/${tenantId}/credit-notes`, { contactId: partly.contactId, currencyCode: partly.currencyCode, amount: "20.00" });
    await control(sandbox, `/organisations/${tenantId}/credit-notes/${note.CreditNoteID}/allocations`, { invoiceId: partly.id, amount: "5.50" });
    const big = await control(sandbox, `/organisations/${tenantId}/credit-notes`, { contactId: fully.contactId, currencyCode: fully.currencyCode, amount: money(fully.total * 2) });
    await control(sandbox, `/organisations/${tenantId}/credit-notes/${big.CreditNoteID}/allocations`, { invoiceId: fully.id, amount: money(fully.total) });
    const run = await syncNow();
    expect(run).toMatchObject({ status: "succeeded", paymentsDetected: 1 });
    expect((await solidoInvoice(partly.id)).invoice).toMatchObject({ status: "AUTHORISED", amountDue: money(partly.total - 550), amountCredited: "5.50" });
    expect((await solidoInvoice(fully.id)).invoice).toMatchObject({ status: "PAID", amountDue: "0.00" });
    expect((await solidoInvoice(fully.id)).invoice.settledSeenAt).not.toBeNull();
  });

  it("settles a voided invoice and a deleted one", async () => {
    const voided = untouchedOpenInvoice();
    await control(sandbox, `/organisations/${tenantId}/invoices/${voided.id}/void`);
    const submitted = await control(sandbox, `/organisations/${tenantId}/invoices`, { contactId: voided.contactId, amount: "99.90", status: "SUBMITTED", dueDate: "2031-01-31" });
    await syncNow();
    expect((await solidoInvoice(submitted.InvoiceID)).invoice).toMatchObject({ status: "SUBMITTED", settledSeenAt: null });
    await control(sandbox, `/organisations/${tenantId}/invoices/${submitted.InvoiceID}/delete`);
    const run = await syncNow();
    expect(run).toMatchObject({ status: "succeeded" });
    expect((await solidoInvoice(voided.id)).invoice).toMatchObject({ status: "VOIDED" });
    expect((await solidoInvoice(voided.id)).invoice.settledSeenAt).not.toBeNull();
    expect((await solidoInvoice(submitted.InvoiceID)).invoice.status).toBe("DELETED");
    expect((await solidoInvoice(submitted.InvoiceID)).invoice.settledSeenAt).not.toBeNull();
  });

  it("follows a contact's new email address (forgetting that the old one bounced), and an archived contact", async () => {
    const [changing, archiving] = [...book.contacts.values()].filter((contact) => contact.isCustomer && contact.status === "ACTIVE" && contact.emailAddress);
    await db
      .update(contacts)
      .set({ emailBouncingSince: new Date() })
      .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.xeroContactId, [changing.id, archiving.id])));
    await control(sandbox, `/organisations/${tenantId}/contacts/${changing.id}`, { emailAddress: "accounts@new-address.test" }, "PATCH");
    await control(sandbox, `/organisations/${tenantId}/contacts/${archiving.id}/archive`);
    const run = await syncNow();
    expect(run).toMatchObject({ status: "succeeded", contactsUpdated: 2 });
    const [changed] = await db.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.xeroContactId, changing.id)));
    const [archived] = await db.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.xeroContactId, archiving.id)));
    expect(changed.emailAddress).toBe("accounts@new-address.test");
    expect(changed.emailBouncingSince).toBeNull();
    expect(archived.status).toBe("ARCHIVED");
    expect(archived.emailBouncingSince).not.toBeNull(); // same address: still bouncing
  });

  it("fetches the details of a contact first met on a new invoice", async () => {
    const added = await control(sandbox, `/organisations/${tenantId}/contacts`, { name: "Brand New Cafe", emailAddress: "pay@brandnew.test", isCustomer: false });
    const invoice = await control(sandbox, `/organisations/${tenantId}/invoices`, { contactId: added.ContactID, amount: "42.00", status: "AUTHORISED", dueDate: "2031-02-28" });
    const run = await syncNow();
    expect(run).toMatchObject({ status: "succeeded", invoicesCreated: 1 });
    const copy = await solidoInvoice(invoice.InvoiceID);
    expect(copy.contact).toMatchObject({ name: "Brand New Cafe", emailAddress: "pay@brandnew.test" });
    expect(copy.contact.xeroUpdatedAt).not.toBeNull();
  });

  it("changes nothing when the same run's job is run twice", async () => {
    const runId = (await syncNow()).id;
    const before = await db.select().from(invoices).where(eq(invoices.workspaceId, workspaceId));
    const { syncWorkspace } = await import("~/sync/sync-engine.server");
    expect(await syncWorkspace(runId)).toMatchObject({ status: "skipped", errorCode: "finished" });
    expect(await db.select().from(invoices).where(eq(invoices.workspaceId, workspaceId))).toEqual(before);
  });
});

describe("the sync schedule", () => {
  it("queues an incremental sync once a workspace's last sync is an interval old, and not before", async () => {
    const { enqueue } = await import("~jobs/enqueue");
    const sweep = async () => {
      await enqueue(db, "workspace_syncs_schedule", {});
      await runJobs();
    };
    const before = await latestRun();
    await sweep();
    expect((await latestRun()).id).toBe(before.id);

    // The last sync was queued 16 minutes ago (the default interval is 15).
    await db.update(syncRuns).set({ queuedAt: new Date(Date.now() - 16 * 60_000) }).where(eq(syncRuns.workspaceId, workspaceId));
    sandbox.callLog.clear();
    await sweep();
    const scheduled = await latestRun();
    expect(scheduled).toMatchObject({ kind: "incremental", trigger: "schedule", status: "succeeded" });
    expect(sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" }).length).toBeLessThanOrEqual(5);
  });

  it("runs no sync for a workspace that needs reconnecting, and says why", async () => {
    await db.update(xeroConnections).set({ status: "needs_reconnect" }).where(eq(xeroConnections.workspaceId, workspaceId));
    const { queueSync } = await import("~/models/sync-runs.server");
    await db.transaction((tx) => queueSync(tx, { workspaceId, tenantId, trigger: "manual" }));
    sandbox.callLog.clear();
    await runJobs();
    expect(await latestRun()).toMatchObject({ status: "skipped", errorCode: "needs_reconnect" });
    expect(sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" })).toEqual([]);
    await db.update(syncRuns).set({ queuedAt: new Date(Date.now() - 60 * 60_000) }).where(eq(syncRuns.workspaceId, workspaceId));
    const { queueDueSyncs } = await import("~/models/sync-runs.server");
    expect(await queueDueSyncs(15)).toBe(0);
    await db.update(xeroConnections).set({ status: "connected" }).where(eq(xeroConnections.workspaceId, workspaceId));
  });
});
