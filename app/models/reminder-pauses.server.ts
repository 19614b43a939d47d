// Pausing and resuming reminders for a workspace, a customer or an invoice. Each change
// is written with its audit entry in one transaction, so the audit log never
// misses a pause nor records one that did not happen.
import { and, eq } from "drizzle-orm";
import { contacts, invoices, workspaces } from "~db/schema";
import type { Executor } from "~db/client";
import { db } from "~/server/db.server";
import { formatMoment } from "~/display/format";
import { queuePlanning } from "~/reminders/planning-queue.server";
import { recordAudit, type AuditAction } from "./audit-log.server";

/** "Until I resume" is stored as a date no reminder will ever reach, so every check stays `paused_until > now()`. */
export const PAUSED_INDEFINITELY = new Date("9999-12-31T00:00:00Z");

export const isIndefinite = (until: Date | string) => new Date(until).getUTCFullYear() >= 9999;

/** "Reminders paused until 3 May 2025, 09:00." / "…until you resume them.", or null when reminders may go. */
export function pausedWords(until: string | Date | null, locale: string, timeZone: string, now = new Date()) {
  if (!until || !isPaused(until, now)) return null;
  return isIndefinite(until) ? "Reminders paused until you resume them." : `Reminders paused until ${formatMoment(until, locale, timeZone)}.`;
}

/** Reminders are paused while this moment is in the future: the one rule the engine and every page apply. */
export const isPaused = (until: Date | string | null, now = new Date()) => until !== null && new Date(until) > now;

/** Who paused: a member (userId), or the customer from their page (null). */
type PauseChange = { workspaceId: string; userId: string | null; until: Date | null; reason?: string | null };
export type PauseTarget = { kind: "workspace" } | { kind: "contact"; id: string } | { kind: "invoice"; id: string };

/**
 * Pauses (until a moment, or PAUSED_INDEFINITELY) or resumes (until null)
 * reminders for the whole workspace, one customer or one invoice, with its
 * audit entry. Null when the contact or invoice is not the workspace's.
 */
export async function setReminderPause(target: PauseTarget, change: PauseChange) {
  return db.transaction((tx) => applyReminderPause(tx, target, change));
}

/** setReminderPause inside the caller's transaction, with whatever else it records (a customer's promise or query). */
export async function applyReminderPause(tx: Executor, target: PauseTarget, change: PauseChange) {
  const values = { remindersPausedUntil: change.until, remindersPausedReason: change.until ? (change.reason ?? null) : null };
  const verb = change.until ? "reminders_paused" : "reminders_resumed";
  const common = { until: change.until?.toISOString() ?? null, reason: change.reason ?? null };
  let audited: { action: AuditAction; detail: Record<string, unknown> } | null = null;
  if (target.kind === "workspace") {
    await tx.update(workspaces).set(values).where(eq(workspaces.id, change.workspaceId));
    audited = { action: `workspace.${verb}`, detail: common };
  } else if (target.kind === "invoice") {
    const [invoice] = await tx
      .update(invoices)
      .set(values)
      .where(and(eq(invoices.workspaceId, change.workspaceId), eq(invoices.id, target.id)))
      .returning({ invoiceNumber: invoices.invoiceNumber });
    if (invoice) audited = { action: `invoice.${verb}`, detail: { ...common, invoiceId: target.id, invoiceNumber: invoice.invoiceNumber } };
  } else {
    const [contact] = await tx
      .update(contacts)
      .set(values)
      .where(and(eq(contacts.workspaceId, change.workspaceId), eq(contacts.id, target.id)))
      .returning({ name: contacts.name });
    if (contact) audited = { action: `contact.${verb}`, detail: { ...common, contactId: target.id, contactName: contact.name } };
  }
  if (!audited) return null;
  await recordAudit(tx, { workspaceId: change.workspaceId, userId: change.userId, ...audited });
  // A resume lets through what the pause held back: planned now, not at the next crontab tick.
  await queuePlanning(tx, change.workspaceId);
  return audited;
}
