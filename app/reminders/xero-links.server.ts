// The two Xero calls reminders make besides the payment check, both through
// the workspace's gateway (paced, metered, retried): the customer's "view and
// pay" link, fetched once per invoice and kept, and the history note that
// tells the business, inside Xero, that Solido sent a reminder.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { invoices } from "~db/schema";
import { db } from "~/server/db.server";
import { xeroGateway, type XeroError, type XeroGateway, type XeroResult } from "~/xero/gateway.server";

/**
 * Fills in `online_invoice_url` for the given invoices that lack one. Xero has
 * no batch form of this call, so it is made once per invoice, ever. An
 * invoice Xero will not link (a 400) is left without a link; the email then
 * simply has no button for it.
 */
export async function fillOnlineInvoiceUrls(workspaceId: string, invoiceIds: string[], gateway: XeroGateway = xeroGateway(workspaceId)): Promise<XeroResult<void>> {
  if (invoiceIds.length === 0) return { ok: true, value: undefined };
  const missing = await db
    .select({ id: invoices.id, xeroInvoiceId: invoices.xeroInvoiceId })
    .from(invoices)
    .where(and(eq(invoices.workspaceId, workspaceId), inArray(invoices.id, invoiceIds), isNull(invoices.onlineInvoiceUrl)));
  for (const invoice of missing) {
    const result = await gateway.call("OnlineInvoices", (client, tenantId) => client.accountingApi.getOnlineInvoice(tenantId, invoice.xeroInvoiceId));
    if (!result.ok) {
      if (result.error.code === "rejected") continue;
      return result;
    }
    const url = result.value.body.onlineInvoices?.[0]?.onlineInvoiceUrl;
    if (url) await db.update(invoices).set({ onlineInvoiceUrl: url }).where(eq(invoices.id, invoice.id));
  }
  return { ok: true, value: undefined };
}

/**
 * Adds a history note to each invoice in Xero: one PUT each (Xero has no batch
 * form), booked in the tenant's budget a round at a time. The idempotency key
 * makes a retried call (an answer lost, a worker killed) add the note once.
 * Stops at the first note that fails for good: says how many, in order, were
 * added before it.
 */
export async function addInvoiceHistoryNotes(
  gateway: XeroGateway,
  notes: { xeroInvoiceId: string; details: string; idempotencyKey: string }[],
): Promise<{ added: number; error?: XeroError }> {
  const { answers, error } = await gateway.callEach(
    "HistoryRecords",
    notes.map((note) => (client, tenantId) =>
      client.accountingApi.createInvoiceHistory(tenantId, note.xeroInvoiceId, { historyRecords: [{ details: note.details }] }, note.idempotencyKey),
    ),
  );
  return { added: answers.length, error };
}
