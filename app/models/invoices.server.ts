// A workspace's sales invoices, as copied from Xero: the page reads, and the
// set-based upsert sync writes with, which is also where a payment is noticed.
import type { TransactionSql } from "postgres";
import { invoices } from "~db/schema";
import { sql } from "~/server/db.server";
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
 * Solido's id for the contact of each record, by Xero's contact id. Contacts
 * first met here (Xero had not listed them as customers yet) are created with
 * the id and name the invoice gives. One key lookup per distinct contact of
 * the page, where the invoice insert used to look its contact up per row after
 * inserting the page's contacts with "on conflict do nothing" (most pages find
 * every contact already there: two lookups per invoice, ~10 ms of a 1,000-row page).
 *
 * The lookup is a subquery by key, not a join: knowing the page holds 1,000
 * rows, the planner would otherwise hash every contact of the workspace for
 * each page. A contact another transaction inserted after this statement's
 * snapshot is neither seen nor created here (the insert waits for it, then
 * skips it); a second statement, with a fresh snapshot, reads those.
 */
async function contactIdsOf(tx: TransactionSql, workspaceId: string, records: InvoiceRecord[]): Promise<Map<string, string>> {
  const names = new Map(records.map((record) => [record.xeroContactId, record.contactName]));
  const rows = await tx<{ xeroContactId: string; id: string }[]>`
    with wanted as materialized (
      select w.xero_contact_id, w.name,
        (select c.id from contacts c where c.workspace_id = ${workspaceId}::uuid and c.xero_contact_id = w.xero_contact_id) as id
      from unnest(${arrayLiteral([...names.keys()])}::text[], ${arrayLiteral([...names.values()])}::text[]) as w(xero_contact_id, name)
    ), created as (
      insert into contacts (workspace_id, xero_contact_id, name)
      select ${workspaceId}::uuid, xero_contact_id, name from wanted where id is null
      on conflict (workspace_id, xero_contact_id) do nothing
      returning xero_contact_id, id
    )
    select xero_contact_id as "xeroContactId", id from wanted where id is not null
    union all
    select xero_contact_id, id from created`;
  const ids = new Map(rows.map((row) => [row.xeroContactId, row.id]));
  const unseen = [...names.keys()].filter((xeroContactId) => !ids.has(xeroContactId));
  if (unseen.length > 0) {
    const late = await tx<{ xeroContactId: string; id: string }[]>`
      select xero_contact_id as "xeroContactId", id from contacts
      where workspace_id = ${workspaceId}::uuid and xero_contact_id = any(${arrayLiteral(unseen)}::text[])`;
    for (const row of late) ids.set(row.xeroContactId, row.id);
  }
  return ids;
}

/**
 * Inserts or updates a batch: its contacts looked up (or created, see
 * contactIdsOf), then the invoices in one statement. `settled_seen_at` records
 * when Solido first saw the invoice settled — the reminder engine's stop
 * signal; it is cleared if Xero un-settles the invoice (a payment deleted), so
 * reminders can resume.
 */
export async function upsertInvoices(tx: TransactionSql, workspaceId: string, records: InvoiceRecord[]): Promise<InvoiceUpsertCounts> {
  if (records.length === 0) return { created: 0, updated: 0, unchanged: 0, paymentsDetected: 0 };
  const contactIds = await contactIdsOf(tx, workspaceId, records);
  // A contact that vanished in between (its workspace deleted) leaves null: the insert then fails on contact_id's not-null.
  const contactIdColumn = arrayLiteral(records.map((record) => contactIds.get(record.xeroContactId) ?? null));
  const page = columnArrays(records, INVOICE_COLUMNS);
  // now() is the transaction's start, so `settled_seen_at = now()` in RETURNING
  // singles out the invoices this statement saw settle.
  const written = await tx<{ created: boolean; settledNow: boolean }[]>`
    insert into invoices as i (
      workspace_id, xero_invoice_id, contact_id, invoice_number, reference, status, currency_code, total, amount_due,
      amount_paid, amount_credited, issue_date, due_date, sent_to_contact, xero_updated_at, settled_seen_at)
    select ${workspaceId}::uuid, r.xero_invoice_id, r.contact_id, r.invoice_number, r.reference, r.status, r.currency_code, r.total, r.amount_due,
      r.amount_paid, r.amount_credited, r.issue_date, r.due_date, r.sent_to_contact, r.xero_updated_at,
      case when r.status in ('PAID', 'VOIDED', 'DELETED') or (r.status = 'AUTHORISED' and r.amount_due = 0) then now() end
    from unnest(
      ${page.xeroInvoiceId}::text[], ${contactIdColumn}::uuid[], ${page.invoiceNumber}::text[], ${page.reference}::text[],
      ${page.status}::invoice_status[], ${page.currencyCode}::text[], ${page.total}::numeric[], ${page.amountDue}::numeric[],
      ${page.amountPaid}::numeric[], ${page.amountCredited}::numeric[], ${page.issueDate}::date[], ${page.dueDate}::date[],
      ${page.sentToContact}::boolean[], ${page.xeroUpdatedAt}::timestamptz[]
    ) as r(xero_invoice_id, contact_id, invoice_number, reference, status, currency_code, total, amount_due,
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
