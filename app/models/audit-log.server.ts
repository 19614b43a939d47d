// The workspace's audit log: who connected, disconnected or changed what.
// Newest first, paged by keyset on (created_at, id) so an old page costs what
// the first one does.
import type { Executor } from "~db/client";
import { auditLog } from "~db/schema";
import { sql } from "~/server/db.server";
import { decodeCursor, pageOf } from "./keyset.server";

export const AUDIT_PAGE_SIZE = 50;

export type AuditAction =
  | "workspace.created"
  | "xero.connected"
  | "xero.reconnected"
  | "xero.disconnected"
  | "xero.needs_reconnect"
  | "member.joined"
  | "member.invited"
  | "member.removed"
  | "member.role_changed"
  | "member.left"
  | "invitation.revoked"
  | "access.requested"
  | "access.approved"
  | "access.declined"
  | "invoice.reminders_paused"
  | "invoice.reminders_resumed"
  | "invoice.query_resolved"
  | "invoice.reminder_sent_now"
  | "contact.statement_sent_now"
  | "contact.reminders_paused"
  | "contact.reminders_resumed"
  | "workspace.reminders_paused"
  | "workspace.reminders_resumed"
  | "branding.logo_uploaded"
  | "branding.logo_removed";

export async function recordAudit(
  executor: Executor,
  entry: { workspaceId: string; userId: string | null; action: AuditAction; detail?: Record<string, unknown> },
) {
  await executor.insert(auditLog).values({ ...entry, detail: entry.detail ?? {} });
}

export type AuditEntry = {
  id: string;
  action: string;
  detail: Record<string, unknown>;
  createdAt: Date;
  userEmail: string | null;
  userGivenName: string | null;
  /** created_at to the microsecond, as text: the cursor's sort value (a JS Date would round it). */
  sortValue: string;
};

/**
 * One page of the log, newest first. `after` pages to older entries, `before`
 * back to newer ones (read the other way from the cursor, then flipped).
 */
export async function listAuditLog(workspaceId: string, paging: { after?: string; before?: string } = {}, pageSize = AUDIT_PAGE_SIZE) {
  const before = decodeCursor(paging.before, "timestamp");
  const after = before ? null : decodeCursor(paging.after, "timestamp");
  const seek = before
    ? sql`and (a.created_at, a.id) > (${before.value}::timestamptz, ${before.id}::uuid)`
    : after
      ? sql`and (a.created_at, a.id) < (${after.value}::timestamptz, ${after.id}::uuid)`
      : sql``;
  const direction = before ? sql`asc` : sql`desc`;
  const rows = await sql<AuditEntry[]>`
    select a.id, a.action, a.detail, a.created_at as "createdAt", u.email as "userEmail", u.given_name as "userGivenName",
           a.created_at::text as "sortValue"
    from audit_log a
    left join users u on u.id = a.user_id
    where a.workspace_id = ${workspaceId} ${seek}
    order by a.created_at ${direction}, a.id ${direction}
    limit ${pageSize + 1}`;
  return pageOf(rows, pageSize, { after, before });
}
