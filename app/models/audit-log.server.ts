// The workspace's audit log: who connected, disconnected or changed what.
import { desc, eq } from "drizzle-orm";
import type { Executor } from "~db/client";
import { auditLog, users } from "~db/schema";
import { db } from "~/db.server";

export type AuditAction =
  | "workspace.created"
  | "xero.connected"
  | "xero.reconnected"
  | "xero.disconnected"
  | "xero.needs_reconnect"
  | "member.joined"
  | "member.invited"
  | "member.removed"
  | "member.left"
  | "invitation.revoked"
  | "invoice.reminders_paused"
  | "invoice.reminders_resumed"
  | "contact.reminders_paused"
  | "contact.reminders_resumed"
  | "workspace.reminders_paused"
  | "workspace.reminders_resumed";

export async function recordAudit(
  executor: Executor,
  entry: { workspaceId: string; userId: string | null; action: AuditAction; detail?: Record<string, unknown> },
) {
  await executor.insert(auditLog).values({ ...entry, detail: entry.detail ?? {} });
}

export async function listAuditLog(workspaceId: string, limit = 100) {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      detail: auditLog.detail,
      createdAt: auditLog.createdAt,
      userEmail: users.email,
      userGivenName: users.givenName,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(eq(auditLog.workspaceId, workspaceId))
    .orderBy(desc(auditLog.createdAt))
    .limit(limit);
}
