// The sync's invoice upsert sends its page as one array per column: whatever
// text Xero holds (quotes, backslashes, braces, commas, the word NULL) must
// arrive exactly, and a page written twice must change nothing the second time.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { contacts, invoices, workspaces } from "~db/schema";
import { db, sql } from "~/server/db.server";
import { upsertInvoices } from "~/models/invoices.server";
import { createWorkspace } from "../support/dashboard-fixtures";
import { invoiceRecord } from "../support/invoice-records";

describe("writing a page of Xero invoices", () => {
  it("keeps every character of Xero's text, and writes nothing when the same page comes again", async () => {
    const { workspace } = await createWorkspace();
    const awkward = [
      invoiceRecord({ reference: 'He said "pay me", {soon}\\now', contactName: 'Ō\'Brien "Builders", Ltd\\', invoiceNumber: "NULL" }),
      invoiceRecord({ reference: "", invoiceNumber: null, dueDate: null, total: "0.0001", amountDue: "0", status: "PAID", sentToContact: false }),
      invoiceRecord({ reference: " spaced , out ", invoiceNumber: "{1,2}" }),
    ];
    const written = await sql.begin((tx) => upsertInvoices(tx, workspace.id, awkward));
    expect(written).toEqual({ created: 3, updated: 0, unchanged: 0, paymentsDetected: 0 });

    const rows = await db
      .select({ xeroInvoiceId: invoices.xeroInvoiceId, invoiceNumber: invoices.invoiceNumber, reference: invoices.reference, total: invoices.total, dueDate: invoices.dueDate, status: invoices.status, settledSeenAt: invoices.settledSeenAt, sentToContact: invoices.sentToContact, contactName: contacts.name })
      .from(invoices)
      .innerJoin(contacts, eq(contacts.id, invoices.contactId))
      .where(eq(invoices.workspaceId, workspace.id));
    const byId = new Map(rows.map((row) => [row.xeroInvoiceId, row]));
    expect(byId.get(awkward[0].xeroInvoiceId)).toMatchObject({ reference: 'He said "pay me", {soon}\\now', invoiceNumber: "NULL", contactName: 'Ō\'Brien "Builders", Ltd\\' });
    expect(byId.get(awkward[1].xeroInvoiceId)).toMatchObject({ reference: "", invoiceNumber: null, dueDate: null, total: "0.00", status: "PAID", sentToContact: false });
    expect(byId.get(awkward[1].xeroInvoiceId)!.settledSeenAt).not.toBeNull();
    expect(byId.get(awkward[2].xeroInvoiceId)).toMatchObject({ reference: " spaced , out ", invoiceNumber: "{1,2}" });

    expect(await sql.begin((tx) => upsertInvoices(tx, workspace.id, awkward))).toEqual({ created: 0, updated: 0, unchanged: 3, paymentsDetected: 0 });
    const paid = { ...awkward[0], status: "PAID" as const, amountDue: "0", amountPaid: "100.5" };
    expect(await sql.begin((tx) => upsertInvoices(tx, workspace.id, [paid]))).toEqual({ created: 0, updated: 1, unchanged: 0, paymentsDetected: 1 });
  });

  it("creates a contact first met on an invoice once, and uses one another transaction created meanwhile", async () => {
    const { workspace } = await createWorkspace();
    const known = invoiceRecord({ contactName: "Known Ltd" });
    await sql.begin((tx) => upsertInvoices(tx, workspace.id, [known]));
    const newcomer = invoiceRecord({ contactName: "Newcomer Ltd" });
    // Another writer (a contact page of the same sync run again, say) inserts the newcomer and holds its
    // transaction open while this page is written: the page waits for it, then uses its row.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const other = sql.begin(async (tx) => {
      await tx`insert into contacts (workspace_id, xero_contact_id, name) values (${workspace.id}, ${newcomer.xeroContactId}, 'Newcomer (from its contact page)')`;
      inserted();
      await held;
    });
    await insertedYet;
    const page = sql.begin((tx) => upsertInvoices(tx, workspace.id, [newcomer, invoiceRecord({ xeroContactId: known.xeroContactId }), invoiceRecord({ xeroContactId: newcomer.xeroContactId })]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await other;
    expect(await page).toEqual({ created: 3, updated: 0, unchanged: 0, paymentsDetected: 0 });

    const rows = await sql<{ xeroContactId: string; name: string; invoices: number }[]>`
      select c.xero_contact_id as "xeroContactId", c.name, count(i.id)::int as invoices
      from contacts c left join invoices i on i.contact_id = c.id
      where c.workspace_id = ${workspace.id} group by c.id order by c.name`;
    expect([...rows]).toEqual([
      { xeroContactId: known.xeroContactId, name: "Known Ltd", invoices: 2 },
      { xeroContactId: newcomer.xeroContactId, name: "Newcomer (from its contact page)", invoices: 2 },
    ]);
  });

  it("goes with its workspace: a deleted workspace's contacts take their invoices with them", async () => {
    const { workspace } = await createWorkspace();
    await sql.begin((tx) => upsertInvoices(tx, workspace.id, [invoiceRecord({}), invoiceRecord({})]));
    await db.delete(workspaces).where(eq(workspaces.id, workspace.id));
    expect(await db.select().from(invoices).where(eq(invoices.workspaceId, workspace.id))).toEqual([]);
  });

  it("refuses an invoice whose workspace and contact do not belong together", async () => {
    const { workspace } = await createWorkspace();
    const other = await createWorkspace();
    await sql.begin((tx) => upsertInvoices(tx, workspace.id, [invoiceRecord({})]));
    const [invoice] = await db.select().from(invoices).where(eq(invoices.workspaceId, workspace.id));
    await expect(db.update(invoices).set({ workspaceId: other.workspace.id }).where(eq(invoices.id, invoice.id))).rejects.toThrow();
  });
});
