// The Reminders page's log: every reminder email and statement Solido sent (or could not),
// newest first, paged by keyset on (when, id), each viewable as sent.
import type { ReminderLogQuery } from "~/lists/reminder-log-query";
import { sql } from "~/server/db.server";
import { likePattern } from "./invoice-list.server";
import { decodeCursor, pageOf } from "../models/keyset.server";

export const LOG_PAGE_SIZE = 50;
export type LoggedEmail = {
  id: string;
  status: "queued" | "sent" | "dropped" | "failed";
  kind: "reminder" | "statement";
  /** The month of a monthly statement (YYYY-MM); null for a reminder or a statement sent on demand. */
  statementPeriod: string | null;
  contactId: string;
  contactName: string;
  toAddress: string | null;
  subject: string | null;
  at: string;
  lastError: string | null;
  invoices: { id: string; number: string | null }[];
  sortValue: string;
};

// Queued emails are the engine's work in progress, not yet history.
const loggedStatuses = (status: ReminderLogQuery["status"]) =>
  status === "sent" ? sql`e.status = 'sent'` : status === "failed" ? sql`e.status in ('failed', 'dropped')` : sql`e.status <> 'queued'`;

export async function listReminderLog(workspaceId: string, query: ReminderLogQuery) {
  const before = decodeCursor(query.before, "timestamp");
  const after = before ? null : decodeCursor(query.after, "timestamp");
  const cursor = before ?? after;
  // Newest first: "after" walks towards older emails.
  const direction = before ? sql`asc` : sql`desc`;
  const at = sql`coalesce(e.sent_at, e.updated_at)`;
  const seek = cursor ? (before ? sql`and (${at}, e.id) > (${cursor.value}::timestamptz, ${cursor.id}::uuid)` : sql`and (${at}, e.id) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`) : sql``;
  const search = query.q ? sql`and (c.name ilike ${likePattern(query.q)} or e.to_address ilike ${likePattern(query.q)})` : sql``;
  const rows = await sql<LoggedEmail[]>`
    select e.id, e.status, e.kind, e.statement_period as "statementPeriod", c.id as "contactId", c.name as "contactName", e.to_address as "toAddress", e.subject,
           ${at} as at, e.last_error as "lastError",
           coalesce((select jsonb_agg(jsonb_build_object('id', i.id, 'number', i.invoice_number) order by i.invoice_number)
                     from reminders r join invoices i on i.id = r.invoice_id
                     where r.workspace_id = e.workspace_id and r.email_id = e.id), '[]') as invoices,
           to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "sortValue"
    from reminder_emails e join contacts c on c.id = e.contact_id and c.workspace_id = e.workspace_id
    where e.workspace_id = ${workspaceId} and ${loggedStatuses(query.status)} ${search} ${seek}
    order by ${at} ${direction}, e.id ${direction}
    limit ${LOG_PAGE_SIZE + 1}`;
  return pageOf(rows, LOG_PAGE_SIZE, { after, before });
}

export type SentEmail = {
  id: string;
  status: LoggedEmail["status"];
  contactId: string;
  contactName: string;
  toAddress: string | null;
  ccAddresses: string[];
  subject: string | null;
  html: string | null;
  text: string | null;
  sentAt: string | null;
  lastError: string | null;
};

export async function getSentEmail(workspaceId: string, emailId: string) {
  const [email] = await sql<SentEmail[]>`
    select e.id, e.status, c.id as "contactId", c.name as "contactName", e.to_address as "toAddress", e.cc_addresses as "ccAddresses",
           e.subject, e.html, e.text, e.sent_at as "sentAt", e.last_error as "lastError"
    from reminder_emails e join contacts c on c.id = e.contact_id and c.workspace_id = e.workspace_id
    where e.workspace_id = ${workspaceId} and e.id = ${emailId}`;
  return email;
}
