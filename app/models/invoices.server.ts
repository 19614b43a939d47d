// A workspace's sales invoices, as copied from Xero: the page reads, and the
// set-based upsert sync writes with, which is also where a payment is noticed.
import { count, eq } from "drizzle-orm";
import type { TransactionSql } from "postgres";
import { invoices } from "~db/schema";
import { db, sql } from "~/db.server";
import type { UpsertCounts } from "./contacts.server";

/** How many invoices sync has copied from Xero into the workspace. */
export async function countInvoices(workspaceId: string) {
  const [row] = await db.select({ total: count() }).from(invoices).where(eq(invoices.workspaceId, workspaceId));
  return row?.total ?? 0;
}

/** A sales invoice as Xero describes it. Money is a decimal string, dates are YYYY-MM-DD. */
export type InvoiceRecord = {
  xeroInvoiceId: string;
  xeroContactId: string;
  /** Used only if the contact is new to Solido (see contactsWithoutDetails). */
  contactName: string;
  invoiceNumber: string | null;
  reference: string | null;
  status: (typeof invoices.$inferSelect)["status"];
  currencyCode: string;
  total: string;
  amountDue: string;
  amountPaid: string;
  amountCredited: string;
  issueDate: string | null;
  dueDate: string | null;
  sentToContact: boolean;
  /** ISO timestamp: Xero's UpdatedDateUTC. */
  xeroUpdatedAt: string;
};

export type InvoiceUpsertCounts = UpsertCounts & {
  /** Invoices Solido held unsettled that Xero now shows paid, voided, deleted or with nothing due. */
  paymentsDetected: number;
};

/**
 * Inserts or updates a batch in two statements (contacts first referenced
 * here, then the invoices). `settled_seen_at` records when Solido first saw
 * the invoice settled — the reminder engine's stop signal; it is cleared if
 * Xero un-settles the invoice (a payment deleted), so reminders can resume.
 */
export async function upsertInvoices(tx: TransactionSql, workspaceId: string, records: InvoiceRecord[]): Promise<InvoiceUpsertCounts> {
  if (records.length === 0) return { created: 0, updated: 0, unchanged: 0, paymentsDetected: 0 };
  const batch = JSON.stringify(records);
  await tx`
    insert into contacts (workspace_id, xero_contact_id, name)
    select distinct on (r."xeroContactId") ${workspaceId}::uuid, r."xeroContactId", r."contactName"
    from jsonb_to_recordset(${batch}::jsonb) as r("xeroContactId" text, "contactName" text)
    on conflict (workspace_id, xero_contact_id) do nothing`;
  // now() is the transaction's start, so `settled_seen_at = now()` in RETURNING
  // singles out the invoices this statement saw settle.
  const written = await tx<{ created: boolean; settledNow: boolean }[]>`
    insert into invoices as i (
      workspace_id, xero_invoice_id, contact_id, invoice_number, reference, status, currency_code, total, amount_due,
      amount_paid, amount_credited, issue_date, due_date, sent_to_contact, xero_updated_at, settled_seen_at)
    select ${workspaceId}::uuid, r."xeroInvoiceId", c.id, r."invoiceNumber", r.reference, r.status, r."currencyCode", r.total, r."amountDue",
      r."amountPaid", r."amountCredited", r."issueDate", r."dueDate", r."sentToContact", r."xeroUpdatedAt",
      case when r.status in ('PAID', 'VOIDED', 'DELETED') or (r.status = 'AUTHORISED' and r."amountDue" = 0) then now() end
    from jsonb_to_recordset(${batch}::jsonb) as r(
      "xeroInvoiceId" text, "xeroContactId" text, "invoiceNumber" text, reference text, status invoice_status, "currencyCode" text,
      total numeric, "amountDue" numeric, "amountPaid" numeric, "amountCredited" numeric, "issueDate" date, "dueDate" date,
      "sentToContact" boolean, "xeroUpdatedAt" timestamptz)
    join contacts c on c.workspace_id = ${workspaceId}::uuid and c.xero_contact_id = r."xeroContactId"
    on conflict (workspace_id, xero_invoice_id) do update set
      contact_id = excluded.contact_id, invoice_number = excluded.invoice_number, reference = excluded.reference,
      status = excluded.status, currency_code = excluded.currency_code, total = excluded.total, amount_due = excluded.amount_due,
      amount_paid = excluded.amount_paid, amount_credited = excluded.amount_credited, issue_date = excluded.issue_date,
      due_date = excluded.due_date, sent_to_contact = excluded.sent_to_contact, xero_updated_at = excluded.xero_updated_at,
      settled_seen_at = case when excluded.settled_seen_at is null then null else coalesce(i.settled_seen_at, excluded.settled_seen_at) end,
      updated_at = now()
    where (i.contact_id, i.invoice_number, i.reference, i.status, i.currency_code, i.total, i.amount_due, i.amount_paid,
           i.amount_credited, i.issue_date, i.due_date, i.sent_to_contact, i.xero_updated_at)
      is distinct from (excluded.contact_id, excluded.invoice_number, excluded.reference, excluded.status, excluded.currency_code,
           excluded.total, excluded.amount_due, excluded.amount_paid, excluded.amount_credited, excluded.issue_date, excluded.due_date,
           excluded.sent_to_contact, excluded.xero_updated_at)
    returning (xmax = 0) as created, coalesce(settled_seen_at = now(), false) as "settledNow"`;
  const created = written.filter((row) => row.created).length;
  return {
    created,
    updated: written.length - created,
    unchanged: records.length - written.length,
    paymentsDetected: written.filter((row) => !row.created && row.settledNow).length,
  };
}
