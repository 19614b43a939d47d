// A workspace's customers, as copied from Xero: the page reads, and the
// set-based upsert sync writes with.
import { count, eq } from "drizzle-orm";
import type { TransactionSql } from "postgres";
import { contacts } from "~db/schema";
import { db, sql } from "~/server/db.server";

/** How many contacts sync has copied from Xero into the workspace. */
export async function countContacts(workspaceId: string) {
  const [row] = await db.select({ total: count() }).from(contacts).where(eq(contacts.workspaceId, workspaceId));
  return row?.total ?? 0;
}

/** A contact as Xero describes it, in the columns Solido keeps. */
export type ContactRecord = {
  xeroContactId: string;
  name: string;
  emailAddress: string | null;
  /** Contact persons' addresses Xero includes in emails; null when Xero's answer did not carry the persons (the stored list is kept). */
  ccEmailAddresses: string[] | null;
  status: "ACTIVE" | "ARCHIVED" | "GDPRREQUEST";
  isCustomer: boolean;
  /** ISO timestamp: Xero's UpdatedDateUTC. */
  xeroUpdatedAt: string;
};

export type UpsertCounts = { created: number; updated: number; unchanged: number };

/**
 * Inserts or updates a batch in one statement. A row whose columns all equal
 * Xero's is left alone (no write, counted unchanged), so re-reading an overlap
 * or running a sync twice costs nothing and changes nothing.
 */
export async function upsertContacts(tx: TransactionSql, workspaceId: string, records: ContactRecord[]): Promise<UpsertCounts> {
  if (records.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const written = await tx<{ created: boolean }[]>`
    insert into contacts as c (workspace_id, xero_contact_id, name, email_address, cc_email_addresses, status, is_customer, xero_updated_at)
    select ${workspaceId}::uuid, r."xeroContactId", r.name, r."emailAddress",
      -- an answer without contact persons (null) keeps the stored cc list; coalesce looks it up only then
      coalesce(r."ccEmailAddresses", (select kept.cc_email_addresses from contacts kept where kept.workspace_id = ${workspaceId}::uuid and kept.xero_contact_id = r."xeroContactId"), '{}'),
      r.status, r."isCustomer", r."xeroUpdatedAt"
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(
      "xeroContactId" text, name text, "emailAddress" text, "ccEmailAddresses" text[], status contact_status, "isCustomer" boolean, "xeroUpdatedAt" timestamptz)
    on conflict (workspace_id, xero_contact_id) do update set
      name = excluded.name, email_address = excluded.email_address, cc_email_addresses = excluded.cc_email_addresses,
      status = excluded.status, is_customer = excluded.is_customer, xero_updated_at = excluded.xero_updated_at, updated_at = now(),
      -- a new address to write to (EmailAddress, else the first person included in emails; contact-recipients.server.ts) has not bounced: give it its chance
      email_bouncing_since = case when coalesce(nullif(trim(c.email_address), ''), c.cc_email_addresses[1])
        is distinct from coalesce(nullif(trim(excluded.email_address), ''), excluded.cc_email_addresses[1]) then null else c.email_bouncing_since end
    where (c.name, c.email_address, c.cc_email_addresses, c.status, c.is_customer, c.xero_updated_at)
      is distinct from (excluded.name, excluded.email_address, excluded.cc_email_addresses, excluded.status, excluded.is_customer, excluded.xero_updated_at)
    returning (xmax = 0) as created`;
  const created = written.filter((row) => row.created).length;
  return { created, updated: written.length - created, unchanged: records.length - written.length };
}

/** Where a pass over the contacts without details has reached: the last one's creation (text, to the microsecond) and id. */
export type DetailsCursor = { createdAt: string; id: string };

/**
 * Contacts known only by an invoice's reference (id and name): Xero had not
 * listed them as customers when Solido read its contacts. Their details
 * (email!) are fetched by id before the run ends. The next `limit` after
 * `after`, in the order they were met, through the partial index of exactly
 * these contacts: a contact Xero does not return stays behind the cursor, so
 * a pass asks for each once, and each call reads its 50, not the workspace.
 */
export async function contactsWithoutDetails(workspaceId: string, limit: number, after?: DetailsCursor) {
  const rows = await sql<{ xeroContactId: string; createdAt: string; id: string }[]>`
    select xero_contact_id as "xeroContactId", created_at::text as "createdAt", id from contacts
    where workspace_id = ${workspaceId} and xero_updated_at is null
      ${after ? sql`and (created_at, id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``}
    order by created_at, id limit ${limit}`;
  const last = rows.at(-1);
  return { xeroContactIds: rows.map((row) => row.xeroContactId), next: last && { createdAt: last.createdAt, id: last.id } };
}
