// What is paused in a workspace, for Settings → Reminders: each paused
// customer and invoice with its reason and end, and who paused it when (from
// the audit entry setReminderPause wrote); and the customers one may pause.
// "Paused" is the one rule of reminder-pauses.server.ts: until > now.
import { sql } from "~/server/db.server";
import { likePattern } from "../lists/invoice-list.server";

export const PAUSED_ITEMS_SHOWN = 200;

export type PausedItem = {
  kind: "contact" | "invoice";
  id: string;
  /** The customer's name; for an invoice, its customer's. */
  contactName: string;
  invoiceNumber: string | null;
  until: Date;
  reason: string | null;
  /** From the latest "paused" audit entry: null when none was recorded. */
  pausedAt: Date | null;
  pausedBy: { givenName: string | null; familyName: string | null; email: string } | null;
};

type Row = Omit<PausedItem, "pausedBy"> & { byEmail: string | null; byGivenName: string | null; byFamilyName: string | null };

/** Who paused an item and when: the latest "paused" audit entry for the row aliased `item` names (joined as a, its user as u). */
function latestPauseEntry(action: "contact.reminders_paused" | "invoice.reminders_paused", detailKey: "contactId" | "invoiceId", item: ReturnType<typeof sql>) {
  return sql`
       left join lateral (
         select created_at, user_id from audit_log
          where workspace_id = ${item}.workspace_id and action = ${action} and detail->>${detailKey} = ${item}.id::text
          order by created_at desc limit 1) a on true
       left join users u on u.id = a.user_id`;
}

/** Paused customers, then paused invoices, each soonest-to-resume first; at most PAUSED_ITEMS_SHOWN of each. */
export async function listPausedItems(workspaceId: string, now = new Date()): Promise<PausedItem[]> {
  const rows = await sql<Row[]>`
    (select 'contact' as kind, c.id, c.name as "contactName", null as "invoiceNumber",
            c.reminders_paused_until as until, c.reminders_paused_reason as reason,
            a.created_at as "pausedAt", u.email as "byEmail", u.given_name as "byGivenName", u.family_name as "byFamilyName"
       from contacts c
       ${latestPauseEntry("contact.reminders_paused", "contactId", sql`c`)}
      where c.workspace_id = ${workspaceId} and c.reminders_paused_until > ${now.toISOString()}::timestamptz
      order by c.reminders_paused_until, c.name
      limit ${PAUSED_ITEMS_SHOWN})
    union all
    (select 'invoice' as kind, i.id, c.name as "contactName", i.invoice_number as "invoiceNumber",
            i.reminders_paused_until as until, i.reminders_paused_reason as reason,
            a.created_at as "pausedAt", u.email as "byEmail", u.given_name as "byGivenName", u.family_name as "byFamilyName"
       from invoices i
       join contacts c on c.id = i.contact_id
       ${latestPauseEntry("invoice.reminders_paused", "invoiceId", sql`i`)}
      where i.workspace_id = ${workspaceId} and i.reminders_paused_until > ${now.toISOString()}::timestamptz
      order by i.reminders_paused_until, i.invoice_number
      limit ${PAUSED_ITEMS_SHOWN})`;
  return rows.map(({ byEmail, byGivenName, byFamilyName, ...item }) => ({
    ...item,
    pausedBy: byEmail ? { email: byEmail, givenName: byGivenName, familyName: byFamilyName } : null,
  }));
}

export type PausableCustomer = { id: string; name: string; emailAddress: string | null };

/** Customers whose name or email contains the words, not paused now, by name: the picker's choices. */
export async function findCustomersToPause(workspaceId: string, words: string, now = new Date(), limit = 10): Promise<PausableCustomer[]> {
  const pattern = likePattern(words.trim());
  return sql<PausableCustomer[]>`
    select c.id, c.name, c.email_address as "emailAddress"
      from contacts c
     where c.workspace_id = ${workspaceId} and c.is_customer
       and (c.name ilike ${pattern} or c.email_address ilike ${pattern})
       and (c.reminders_paused_until is null or c.reminders_paused_until <= ${now.toISOString()}::timestamptz)
     order by c.name, c.id
     limit ${limit}`;
}
