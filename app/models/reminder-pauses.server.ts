// Pausing and resuming reminders for one invoice or one customer. Each change
// is written with its audit entry in one transaction, so the audit log never
// misses a pause nor records one that did not happen.
import { and, eq } from "drizzle-orm";
import { contacts, invoices } from "~db/schema";
import { db } from "~/db.server";
import { formatMoment } from "~/format";
import { recordAudit } from "./audit-log.server";

/** "Until I resume" is stored as a date no reminder will ever reach, so every check stays `paused_until > now()`. */
export const PAUSED_INDEFINITELY = new Date("9999-12-31T00:00:00Z");

export const isIndefinite = (until: Date | string) => new Date(until).getUTCFullYear() >= 9999;

/** "Reminders paused until 3 May 2025, 09:00." / "…until you resume them.", or null when reminders may go. */
export function pausedWords(until: string | Date | null, locale: string, timeZone: string, now = new Date()) {
  if (!until || new Date(until) <= now) return null;
  return isIndefinite(until) ? "Reminders paused until you resume them." : `Reminders paused until ${formatMoment(until, locale, timeZone)}.`;
}

type PauseChange = { workspaceId: string; userId: string; until: Date | null; reason?: string | null };

/** Null when the invoice is not the workspace's. */
export async function setInvoicePause(invoiceId: string, change: PauseChange) {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(invoices)
      .set({ remindersPausedUntil: change.until, remindersPausedReason: change.until ? (change.reason ?? null) : null })
      .where(and(eq(invoices.workspaceId, change.workspaceId), eq(invoices.id, invoiceId)))
      .returning({ id: invoices.id, invoiceNumber: invoices.invoiceNumber });
    if (!updated) return null;
    await recordAudit(tx, {
      workspaceId: change.workspaceId,
      userId: change.userId,
      action: change.until ? "invoice.reminders_paused" : "invoice.reminders_resumed",
      detail: { invoiceId, invoiceNumber: updated.invoiceNumber, until: change.until?.toISOString() ?? null, reason: change.reason ?? null },
    });
    return updated;
  });
}

/** Null when the contact is not the workspace's. */
export async function setContactPause(contactId: string, change: PauseChange) {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(contacts)
      .set({ remindersPausedUntil: change.until, remindersPausedReason: change.until ? (change.reason ?? null) : null })
      .where(and(eq(contacts.workspaceId, change.workspaceId), eq(contacts.id, contactId)))
      .returning({ id: contacts.id, name: contacts.name });
    if (!updated) return null;
    await recordAudit(tx, {
      workspaceId: change.workspaceId,
      userId: change.userId,
      action: change.until ? "contact.reminders_paused" : "contact.reminders_resumed",
      detail: { contactId, contactName: updated.name, until: change.until?.toISOString() ?? null, reason: change.reason ?? null },
    });
    return updated;
  });
}
