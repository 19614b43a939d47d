// After an email is sent, each of its invoices gets a note in its history in
// Xero ("Payment reminder sent to … by Solido"), so the business sees in Xero
// what Solido did. A separate job: a failure here is retried and never holds
// up sending.
import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { invoices, reminderEmails, reminders } from "~db/schema";
import { db } from "~/server/db.server";
import { xeroGateway, type XeroResult } from "~/xero/gateway.server";
import { addInvoiceHistoryNotes } from "./xero-links.server";

/** Xero will not take notes for a workspace that lost its connection; waiting will not help. */
const GIVE_UP = new Set(["not_connected", "disconnected", "needs_reconnect", "disconnected_in_xero", "missing_permission", "rejected"]);

export function historyNoteText(toAddress: string, ccAddresses: string[]) {
  const recipients = [toAddress, ...ccAddresses].join(", ");
  // Xero keeps at most 250 characters of a note.
  return `Payment reminder sent to ${recipients} by Solido`.slice(0, 250);
}

/**
 * Notes every sent, un-noted reminder of the emails: one PUT per invoice, as
 * Xero requires, booked in the tenant's budget a round at a time, and the
 * notes recorded in one statement per workspace. Returns how many notes were
 * added, or the error to retry on (the notes recorded by then are not made again).
 */
export async function noteSentReminders(emailIds: string[]): Promise<XeroResult<{ noted: number; gaveUp: string | null }>> {
  if (emailIds.length === 0) return { ok: true, value: { noted: 0, gaveUp: null } };
  const pending = await db
    .select({ invoiceId: reminders.invoiceId, stepId: reminders.stepId, repeatNumber: reminders.repeatNumber, xeroInvoiceId: invoices.xeroInvoiceId, workspaceId: reminderEmails.workspaceId, toAddress: reminderEmails.toAddress, ccAddresses: reminderEmails.ccAddresses })
    .from(reminders)
    .innerJoin(reminderEmails, eq(reminderEmails.id, reminders.emailId))
    .innerJoin(invoices, eq(invoices.id, reminders.invoiceId))
    .where(
      and(
        inArray(reminders.emailId, emailIds),
        eq(reminderEmails.status, "sent"),
        isNotNull(reminderEmails.toAddress),
        eq(reminders.status, "sent"),
        isNull(reminders.historyNotedAt),
      ),
    );
  const byWorkspace = new Map<string, typeof pending>();
  for (const reminder of pending) byWorkspace.set(reminder.workspaceId, [...(byWorkspace.get(reminder.workspaceId) ?? []), reminder]);
  let noted = 0;
  for (const [workspaceId, notes] of byWorkspace) {
    const { added, error } = await addInvoiceHistoryNotes(
      xeroGateway(workspaceId),
      notes.map((note) => ({ xeroInvoiceId: note.xeroInvoiceId, details: historyNoteText(note.toAddress!, note.ccAddresses), idempotencyKey: historyNoteIdempotencyKey(note) })),
    );
    const done = notes.slice(0, added).map(({ invoiceId, stepId, repeatNumber }) => ({ invoice_id: invoiceId, step_id: stepId, repeat_number: repeatNumber }));
    if (done.length > 0) {
      await db.execute(sql`
        update reminders r set history_noted_at = now()
        from jsonb_to_recordset(${JSON.stringify(done)}::jsonb) as done(invoice_id uuid, step_id uuid, repeat_number smallint)
        where r.invoice_id = done.invoice_id and r.step_id = done.step_id and r.repeat_number = done.repeat_number`);
    }
    noted += done.length;
    if (error) {
      if (GIVE_UP.has(error.code)) return { ok: true, value: { noted, gaveUp: error.message } };
      return { ok: false, error };
    }
  }
  return { ok: true, value: { noted, gaveUp: null } };
}

/**
 * One note in one invoice's history in Xero (a customer's promise or query), booked like the
 * reminders' notes. Throws on Xero trouble that passes (the job retries); says so when Xero will
 * not take notes for this workspace any more (disconnected), which waiting will not change.
 */
export async function addHistoryNote(workspaceId: string, note: { xeroInvoiceId: string; details: string; idempotencyKey: string }): Promise<{ gaveUp: string | null }> {
  const { added, error } = await addInvoiceHistoryNotes(xeroGateway(workspaceId), [note]);
  if (added === 1) return { gaveUp: null };
  if (error && GIVE_UP.has(error.code)) return { gaveUp: error.message };
  throw new Error(`Adding a history note in Xero failed (${error?.code ?? "unknown"}): ${error?.message ?? "no answer"}`);
}

/**
 * The same key for every attempt at one reminder's note: a retry after Xero
 * took the note but its answer was lost (or the worker died before recording
 * it) is recognised by Xero, and the note is not written twice. Each repeat
 * after the last step is a reminder of its own, so its key names its number
 * (a step's own key is as it always was, so notes in flight across the change
 * keep theirs).
 */
export const historyNoteIdempotencyKey = (reminder: { invoiceId: string; stepId: string; repeatNumber?: number }) =>
  `solido-reminder-${reminder.invoiceId}-${reminder.stepId}${reminder.repeatNumber ? `-repeat-${reminder.repeatNumber}` : ""}`;
