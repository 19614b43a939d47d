// A workspace's sales invoices, as copied from Xero: the page reads, and the
// set-based upsert sync writes with, which is also where a payment is noticed.
import type { TransactionSql } from "postgres";
import { invoices } from "~db/schema";
import { sql } from "~/db.server";
import { arrayLiteral, columnArrays } from "./column-arrays.server";
import type { UpsertCounts } from "./contacts.server";

/**
 * Xero's ids of the workspace's invoices among `invoiceIds` (Solido's). The
 * ids travel as one array parameter: a reminder check names thousands, and a
 * placeholder each made the lookup three times slower (3,700 ids: 25 → 8 ms).
 */
export async function xeroIdsOfInvoices(workspaceId: string, invoiceIds: string[]): Promise<string[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await sql<{ xeroInvoiceId: string }[]>`
    select xero_invoice_id as "xeroInvoiceId" from invoices
    where workspace_id = ${workspaceId} and id = any(${arrayLiteral(invoiceIds)}::uuid[])`;
  return rows.map((row) => row.xeroInvoiceId);
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

/** The fields of an InvoiceRecord the upsert reads, one array per column (see column-arrays.server.ts). */
const INVOICE_COLUMNS = [
  "xeroInvoiceId",
  "xeroContactId",
  "invoiceNumber",
  "reference",
  "status",
  "currencyCode",
  "total",
  "amountDue",
  "amountPaid",
  "amountCredited",
  "issueDate",
  "dueDate",
  "sentToContact",
  "xeroUpdatedAt",
] as const satisfies readonly (keyof InvoiceRecord)[];

/**
 * Inserts or updates a batch in two statements (contacts first referenced
 * here, then the invoices). `settled_seen_at` records when Solido first saw
 * the invoice settled — the reminder engine's stop signal; it is cleared if
 * Xero un-settles the invoice (a payment deleted), so reminders can resume.
 *
 * Two statements rather than one with the contacts' insert as a CTE: the
 * second statement's snapshot sees a contact another transaction inserted
 * while the first one waited on it, where one statement's snapshot would not
 * (and would silently drop that contact's invoices). Each invoice's contact
 * is found by its key, not joined: knowing the page holds 1,000 rows, the
 * planner would otherwise hash every contact of the workspace for each page.
 */
export async function upsertInvoices(tx: TransactionSql, workspaceId: string, records: InvoiceRecord[]): Promise<InvoiceUpsertCounts> {
  if (records.length === 0) return { created: 0, updated: 0, unchanged: 0, paymentsDetected: 0 };
  const contactNames = new Map(records.map((record) => [record.xeroContactId, record.contactName]));
  await tx`
    insert into contacts (workspace_id, xero_contact_id, name)
    select ${workspaceId}::uuid, r.xero_contact_id, r.name
    from unnest(${arrayLiteral([...contactNames.keys()])}::text[], ${arrayLiteral([...contactNames.values()])}::text[]) as r(xero_contact_id, name)
    on conflict (workspace_id, xero_contact_id) do nothing`;
  const page = columnArrays(records, INVOICE_COLUMNS);
  // now() is the transaction's start, so `settled_seen_at = now()` in RETURNING
  // singles out the invoices this statement saw settle.
  const written = await tx<{ created: boolean; settledNow: boolean }[]>`
    insert into invoices as i (
      workspace_id, xero_invoice_id, contact_id, invoice_number, reference, status, currency_code, total, amount_due,
      amount_paid, amount_credited, issue_date, due_date, sent_to_contact, xero_updated_at, settled_seen_at)
    select ${workspaceId}::uuid, r.xero_invoice_id,
      (select c.id from contacts c where c.workspace_id = ${workspaceId}::uuid and c.xero_contact_id = r.xero_contact_id),
      r.invoice_number, r.reference, r.status, r.currency_code, r.total, r.amount_due,
      r.amount_paid, r.amount_credited, r.issue_date, r.due_date, r.sent_to_contact, r.xero_updated_at,
      case when r.status in ('PAID', 'VOIDED', 'DELETED') or (r.status = 'AUTHORISED' and r.amount_due = 0) then now() end
    from unnest(
      ${page.xeroInvoiceId}::text[], ${page.xeroContactId}::text[], ${page.invoiceNumber}::text[], ${page.reference}::text[],
      ${page.status}::invoice_status[], ${page.currencyCode}::text[], ${page.total}::numeric[], ${page.amountDue}::numeric[],
      ${page.amountPaid}::numeric[], ${page.amountCredited}::numeric[], ${page.issueDate}::date[], ${page.dueDate}::date[],
      ${page.sentToContact}::boolean[], ${page.xeroUpdatedAt}::timestamptz[]
    ) as r(xero_invoice_id, xero_contact_id, invoice_number, reference, status, currency_code, total, amount_due,
      amount_paid, amount_credited, issue_date, due_date, sent_to_contact, xero_updated_at)
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
