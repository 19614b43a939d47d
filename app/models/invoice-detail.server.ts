// One invoice's page: Xero's facts about it, and its timeline — when Solido
// first copied it, each reminder that went (or was skipped), the payment
// Solido noticed, and every pause and resume with who did it.
import { z } from "zod";
import type { invoices } from "~db/schema";
import { sql } from "~/server/db.server";
import { reminderDaySql } from "~/reminders/planner.server";

const uuid = z.uuid();
/** A malformed id in the URL is a missing page, not a database error. */
export const isUuid = (value: string | undefined): value is string => uuid.safeParse(value).success;

export type InvoiceDetail = {
  id: string;
  xeroInvoiceId: string;
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
  onlineInvoiceUrl: string | null;
  remindersPausedUntil: string | null;
  remindersPausedReason: string | null;
  contactId: string;
  contactName: string;
  contactXeroId: string;
  contactEmail: string | null;
  contactCcEmailAddresses: string[];
  contactPausedUntil: string | null;
};

export async function getInvoice(workspaceId: string, invoiceId: string) {
  if (!isUuid(invoiceId)) return undefined;
  const [invoice] = await sql<InvoiceDetail[]>`
    select i.id, i.xero_invoice_id as "xeroInvoiceId", i.invoice_number as "invoiceNumber", i.reference, i.status,
           i.currency_code as "currencyCode", i.total::text, i.amount_due::text as "amountDue", i.amount_paid::text as "amountPaid",
           i.amount_credited::text as "amountCredited", to_char(i.issue_date, 'YYYY-MM-DD') as "issueDate",
           to_char(i.due_date, 'YYYY-MM-DD') as "dueDate", i.online_invoice_url as "onlineInvoiceUrl",
           i.reminders_paused_until as "remindersPausedUntil", i.reminders_paused_reason as "remindersPausedReason",
           c.id as "contactId", c.name as "contactName", c.xero_contact_id as "contactXeroId", c.email_address as "contactEmail", c.cc_email_addresses as "contactCcEmailAddresses",
           c.reminders_paused_until as "contactPausedUntil"
    from invoices i join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
    where i.workspace_id = ${workspaceId} and i.id = ${invoiceId}`;
  return invoice;
}

export type TimelineEvent =
  | { kind: "synced"; at: string }
  | { kind: "reminder_sent"; at: string; offsetDays: number; repeatNumber: number; emailId: string; toAddress: string | null; subject: string | null }
  | { kind: "reminder_failed"; at: string; offsetDays: number; repeatNumber: number; emailId: string; error: string | null }
  | { kind: "reminder_skipped"; at: string; offsetDays: number; repeatNumber: number; reason: string | null }
  | { kind: "settled"; at: string; status: string }
  | { kind: "paused"; at: string; by: string | null; until: string | null; reason: string | null }
  | { kind: "resumed"; at: string; by: string | null }
  | { kind: "sent_now"; at: string; by: string | null; offsetDays: number; repeatNumber: number; to: string | null }
  | { kind: "promised"; at: string; promisedFor: string }
  | { kind: "queried"; at: string; queryId: string; message: string; resolvedAt: string | null }
  | { kind: "query_resolved"; at: string; by: string | null };

/** Oldest first. Moments arrive as ISO strings (the shared pool leaves timestamps unparsed). */
export async function invoiceTimeline(workspaceId: string, invoiceId: string): Promise<TimelineEvent[]> {
  const [[invoice], reminders, audits, promises, queries] = await Promise.all([
    sql<{ createdAt: string; settledSeenAt: string | null; status: string }[]>`
      select created_at as "createdAt", settled_seen_at as "settledSeenAt", status
      from invoices where workspace_id = ${workspaceId} and id = ${invoiceId}`,
    sql<{ status: string; offsetDays: number; repeatNumber: number; emailId: string | null; emailStatus: string | null; sentAt: string | null; toAddress: string | null; subject: string | null; lastError: string | null; skippedReason: string | null; updatedAt: string }[]>`
      -- a repeat after the last step: its own day, the step's + N × its schedule's every
      select r.status, ${sql.unsafe(reminderDaySql("r", "s"))} as "offsetDays", r.repeat_number as "repeatNumber", e.id as "emailId", e.status as "emailStatus", e.sent_at as "sentAt",
             e.to_address as "toAddress", e.subject, e.last_error as "lastError", r.skipped_reason as "skippedReason", r.updated_at as "updatedAt"
      from reminders r
      join reminder_steps s on s.id = r.step_id
      left join reminder_emails e on e.id = r.email_id and e.workspace_id = r.workspace_id
      where r.workspace_id = ${workspaceId} and r.invoice_id = ${invoiceId} and r.status <> 'planned'`,
    sql<{ action: string; at: string; by: string | null; detail: { until?: string | null; reason?: string | null; offsetDays?: number; repeatNumber?: number; to?: string } }[]>`
      select a.action, a.created_at as at, coalesce(nullif(concat_ws(' ', u.given_name, u.family_name), ''), u.email) as by, a.detail
      from audit_log a left join users u on u.id = a.user_id
      where a.workspace_id = ${workspaceId} and a.action in ('invoice.reminders_paused', 'invoice.reminders_resumed', 'invoice.reminder_sent_now')
        and a.detail ->> 'invoiceId' = ${invoiceId}
        -- a customer's pause (no user) is told by their promise or query below
        and not (a.user_id is null and a.action = 'invoice.reminders_paused')`,
    sql<{ at: string; promisedFor: string }[]>`
      select created_at as at, promised_for as "promisedFor" from payment_promises where workspace_id = ${workspaceId} and invoice_id = ${invoiceId}`,
    sql<{ id: string; at: string; message: string; resolvedAt: string | null; resolvedBy: string | null }[]>`
      select q.id, q.created_at as at, q.message, q.resolved_at as "resolvedAt",
             coalesce(nullif(concat_ws(' ', u.given_name, u.family_name), ''), u.email) as "resolvedBy"
      from invoice_queries q left join users u on u.id = q.resolved_by_user_id
      where q.workspace_id = ${workspaceId} and q.invoice_id = ${invoiceId}`,
  ]);
  if (!invoice) return [];
  const events: TimelineEvent[] = [{ kind: "synced", at: invoice.createdAt }];
  for (const reminder of reminders) {
    if (reminder.status === "skipped") {
      events.push({ kind: "reminder_skipped", at: reminder.updatedAt, offsetDays: reminder.offsetDays, repeatNumber: reminder.repeatNumber, reason: reminder.skippedReason });
    } else if (reminder.emailId && reminder.emailStatus === "sent" && reminder.sentAt) {
      events.push({ kind: "reminder_sent", at: reminder.sentAt, offsetDays: reminder.offsetDays, repeatNumber: reminder.repeatNumber, emailId: reminder.emailId, toAddress: reminder.toAddress, subject: reminder.subject });
    } else if (reminder.emailId && (reminder.emailStatus === "failed" || reminder.emailStatus === "dropped")) {
      events.push({ kind: "reminder_failed", at: reminder.updatedAt, offsetDays: reminder.offsetDays, repeatNumber: reminder.repeatNumber, emailId: reminder.emailId, error: reminder.lastError });
    }
  }
  if (invoice.settledSeenAt) events.push({ kind: "settled", at: invoice.settledSeenAt, status: invoice.status });
  for (const audit of audits) {
    events.push(
      audit.action === "invoice.reminders_paused"
        ? { kind: "paused", at: audit.at, by: audit.by, until: audit.detail.until ?? null, reason: audit.detail.reason ?? null }
        : audit.action === "invoice.reminder_sent_now"
          ? { kind: "sent_now", at: audit.at, by: audit.by, offsetDays: audit.detail.offsetDays ?? 0, repeatNumber: audit.detail.repeatNumber ?? 0, to: audit.detail.to ?? null }
          : { kind: "resumed", at: audit.at, by: audit.by },
    );
  }
  for (const promise of promises) events.push({ kind: "promised", at: promise.at, promisedFor: promise.promisedFor });
  for (const query of queries) {
    events.push({ kind: "queried", at: query.at, queryId: query.id, message: query.message, resolvedAt: query.resolvedAt });
    if (query.resolvedAt) events.push({ kind: "query_resolved", at: query.resolvedAt, by: query.resolvedBy });
  }
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
