// The Contacts table and a contact's page: customers with what they owe,
// where reminders go and whether they can. Paged by keyset on (name, id).
import { sql } from "~/server/db.server";
import type { ContactQuery } from "~/lists/contact-query";
import { COUNT_LIMIT, likePattern } from "./invoice-list.server";
import { decodeCursor, pageOf } from "../models/keyset.server";
import { contactState, isOpen, type ContactState } from "../models/receivables.server";

export const CONTACTS_PAGE_SIZE = 50;

export type ContactRow = {
  id: string;
  name: string;
  emailAddress: string | null;
  ccEmailAddresses: string[];
  state: ContactState;
  sortValue: string;
};

export type ContactTotals = { currencyCode: string; outstanding: string; overdue: string; openCount: number };

function filters(workspaceId: string, query: ContactQuery) {
  const conditions = [sql`c.workspace_id = ${workspaceId}`];
  if (query.q) {
    const pattern = likePattern(query.q);
    conditions.push(sql`(c.name ilike ${pattern} or c.email_address ilike ${pattern})`);
  }
  if (query.state === "owing") {
    conditions.push(sql`exists (select 1 from invoices i where i.workspace_id = c.workspace_id and i.contact_id = c.id and ${isOpen()})`);
  } else if (query.state !== "all") {
    conditions.push(sql`${contactState()} = ${query.state}`);
  }
  return conditions.reduce((all, condition) => sql`${all} and ${condition}`);
}

export async function listContacts(workspaceId: string, query: ContactQuery) {
  const before = decodeCursor(query.before);
  const after = before ? null : decodeCursor(query.after);
  const cursor = before ?? after;
  const direction = before ? sql`desc` : sql`asc`;
  const seek = cursor ? (before ? sql`and (c.name, c.id) < (${cursor.value}, ${cursor.id}::uuid)` : sql`and (c.name, c.id) > (${cursor.value}, ${cursor.id}::uuid)`) : sql``;
  const rows = await sql<ContactRow[]>`
    select c.id, c.name, c.email_address as "emailAddress", c.cc_email_addresses as "ccEmailAddresses", ${contactState()} as state, c.name as "sortValue"
    from contacts c
    where ${filters(workspaceId, query)} ${seek}
    order by c.name ${direction}, c.id ${direction}
    limit ${CONTACTS_PAGE_SIZE + 1}`;
  return pageOf(rows, CONTACTS_PAGE_SIZE, { after, before });
}

/** Up to COUNT_LIMIT + 1, as for invoices. */
export async function countMatchingContacts(workspaceId: string, query: ContactQuery) {
  const [row] = await sql<{ count: number }[]>`
    select count(*)::int as count from (select 1 from contacts c where ${filters(workspaceId, query)} limit ${COUNT_LIMIT + 1}) capped`;
  return row?.count ?? 0;
}

/** Outstanding and overdue per contact and currency, for just the contacts on a page. */
export async function totalsForContacts(workspaceId: string, contactIds: string[], today: string) {
  if (contactIds.length === 0) return new Map<string, ContactTotals[]>();
  const rows = await sql<(ContactTotals & { contactId: string })[]>`
    select i.contact_id as "contactId", i.currency_code as "currencyCode", sum(i.amount_due)::text as outstanding,
           coalesce(sum(i.amount_due) filter (where i.due_date < ${today}::date), 0)::text as overdue, count(*)::int as "openCount"
    from invoices i
    where i.workspace_id = ${workspaceId} and i.contact_id = any(${contactIds}::uuid[]) and ${isOpen()}
    group by i.contact_id, i.currency_code
    order by i.currency_code`;
  const byContact = new Map<string, ContactTotals[]>();
  for (const { contactId, ...totals } of rows) byContact.set(contactId, [...(byContact.get(contactId) ?? []), totals]);
  return byContact;
}

export type ContactDetail = ContactRow & {
  xeroContactId: string;
  status: string;
  emailBouncingSince: string | null;
  remindersPausedUntil: string | null;
  remindersPausedReason: string | null;
};

export async function getContact(workspaceId: string, contactId: string) {
  const [contact] = await sql<ContactDetail[]>`
    select c.id, c.name, c.email_address as "emailAddress", c.cc_email_addresses as "ccEmailAddresses", ${contactState()} as state,
           c.name as "sortValue", c.xero_contact_id as "xeroContactId", c.status, c.email_bouncing_since as "emailBouncingSince",
           c.reminders_paused_until as "remindersPausedUntil", c.reminders_paused_reason as "remindersPausedReason"
    from contacts c where c.workspace_id = ${workspaceId} and c.id = ${contactId}`;
  return contact;
}

export type ContactInvoice = {
  id: string;
  invoiceNumber: string | null;
  status: "DRAFT" | "SUBMITTED" | "AUTHORISED" | "PAID" | "VOIDED" | "DELETED";
  currencyCode: string;
  amountDue: string;
  total: string;
  dueDate: string | null;
};

/** The contact's invoices, what is still owed first (oldest due first), then the rest, most recent first. */
export async function listContactInvoices(workspaceId: string, contactId: string, limit = 100) {
  return sql<ContactInvoice[]>`
    select i.id, i.invoice_number as "invoiceNumber", i.status, i.currency_code as "currencyCode", i.amount_due::text as "amountDue",
           i.total::text, to_char(i.due_date, 'YYYY-MM-DD') as "dueDate"
    from invoices i
    where i.workspace_id = ${workspaceId} and i.contact_id = ${contactId}
    order by (${isOpen()}) desc, case when ${isOpen()} then i.due_date end asc, i.due_date desc nulls last, i.id
    limit ${limit}`;
}
