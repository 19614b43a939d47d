// After an email is sent, each of its invoices gets a note in its history in
// Xero ("Payment reminder sent to … by Solido"), so the business sees in Xero
// what Solido did. A separate job: a failure here is retried and never holds
// up sending.
import { and, eq, isNull } from "drizzle-orm";
import { invoices, reminderEmails, reminders } from "~db/schema";
import { db } from "~/db.server";
import { xeroGateway, type XeroResult } from "~/xero/gateway.server";
import { addInvoiceHistoryNote } from "./xero-links.server";

/** Xero will not take notes for a workspace that lost its connection; waiting will not help. */
const GIVE_UP = new Set(["not_connected", "disconnected", "needs_reconnect", "disconnected_in_xero", "missing_permission", "rejected"]);

export function historyNoteText(toAddress: string, ccAddresses: string[]) {
  const recipients = [toAddress, ...ccAddresses].join(", ");
  // Xero keeps at most 250 characters of a note.
  return `Payment reminder sent to ${recipients} by Solido`.slice(0, 250);
}

/** Notes every sent, un-noted reminder of the email. Returns how many notes were added, or the error to retry on. */
export async function noteSentReminders(emailId: string): Promise<XeroResult<{ noted: number; gaveUp: string | null }>> {
  const [email] = await db.select().from(reminderEmails).where(eq(reminderEmails.id, emailId));
  if (!email || email.status !== "sent" || !email.toAddress) return { ok: true, value: { noted: 0, gaveUp: null } };
  const pending = await db
    .select({ id: reminders.id, xeroInvoiceId: invoices.xeroInvoiceId })
    .from(reminders)
    .innerJoin(invoices, eq(invoices.id, reminders.invoiceId))
    .where(and(eq(reminders.emailId, emailId), eq(reminders.status, "sent"), isNull(reminders.historyNotedAt)));
  const gateway = xeroGateway(email.workspaceId);
  let noted = 0;
  for (const reminder of pending) {
    const result = await addInvoiceHistoryNote(gateway, {
      xeroInvoiceId: reminder.xeroInvoiceId,
      details: historyNoteText(email.toAddress, email.ccAddresses),
      idempotencyKey: `solido-reminder-${reminder.id}`,
    });
    if (!result.ok) {
      if (GIVE_UP.has(result.error.code)) return { ok: true, value: { noted, gaveUp: result.error.message } };
      return result;
    }
    await db.update(reminders).set({ historyNotedAt: new Date() }).where(eq(reminders.id, reminder.id));
    noted++;
  }
  return { ok: true, value: { noted, gaveUp: null } };
}
