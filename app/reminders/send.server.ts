// reminder_email_send's work: hand one prepared email to SMTP, exactly once.
//
// The email's content and Message-ID were frozen before this runs. Each
// attempt commits `attempts + 1`, then sends; the commit of `handed_over_at`
// happens while the SMTP server holds the whole message but its final dot
// (so it has accepted nothing yet), and the dot follows at once. A rerun
// after a crash therefore knows which side of the server's acceptance it is:
//   - no hand-over recorded: the server cannot have the message; send again;
//   - hand-over recorded, not marked sent: the dot was written; the email is
//     recorded as sent and never sent again.
// The one ambiguity left is a crash between that commit and the dot reaching
// the socket (one pass of the event loop's next-tick queue, no I/O): there
// the reminder is recorded sent but was not delivered. Solido prefers that
// rare miss to ever sending a customer the same reminder twice.
import { and, eq, isNull, sql as drizzleSql } from "drizzle-orm";
import { contacts, invoices, reminderEmails, reminders, workspaces, xeroConnections } from "~db/schema";
import { db } from "~/db.server";
import { sendEmail, type EmailTransport } from "~/email.server";
import { xeroQueueName } from "~/models/sync-runs.server";
import { enqueue } from "~jobs/enqueue";
import { senderFor } from "./branding.server";
import { reopenForCheck } from "./prepare.server";

/** A payment check older than this is repeated before sending (a send retried after SMTP trouble). */
export const CHECK_FRESH_FOR_MS = 10 * 60_000;

/** SMTP said "try later"; graphile-worker retries the job with backoff. */
export class TemporarySendFailure extends Error {}

export type SendOutcome = "sent" | "recovered" | "bounced" | "dropped" | "rechecking" | "nothing_to_do";

export const historyJobKey = (emailId: string) => `reminder_history_note:${emailId}`;

/**
 * Records the email sent, its reminders sent, and queues the history notes,
 * in one transaction (on the tenant's queue, so the notes pace with its other Xero calls).
 */
async function markSent(emailId: string, at: Date, note: string | null) {
  await db.transaction(async (tx) => {
    const [email] = await tx
      .update(reminderEmails)
      .set({ status: "sent", sentAt: at, ...(note ? { lastError: note } : {}) })
      .where(and(eq(reminderEmails.id, emailId), eq(reminderEmails.status, "queued")))
      .returning({ workspaceId: reminderEmails.workspaceId });
    if (!email) return;
    await tx.update(reminders).set({ status: "sent" }).where(and(eq(reminders.emailId, emailId), eq(reminders.status, "planned")));
    const [workspace] = await tx.select({ tenantId: workspaces.xeroTenantId }).from(workspaces).where(eq(workspaces.id, email.workspaceId));
    await enqueue(
      tx,
      "reminder_history_note",
      { emailId },
      { jobKey: historyJobKey(emailId), queueName: workspace?.tenantId ? xeroQueueName(workspace.tenantId) : undefined, maxAttempts: 20 },
    );
  });
}

async function markNotSent(emailId: string, status: "dropped" | "failed", reason: string) {
  await db.transaction(async (tx) => {
    await tx.update(reminderEmails).set({ status, lastError: reason }).where(and(eq(reminderEmails.id, emailId), eq(reminderEmails.status, "queued")));
    await tx.update(reminders).set({ status: "skipped", skippedReason: reason }).where(and(eq(reminders.emailId, emailId), eq(reminders.status, "planned")));
  });
}

export async function sendReminderEmail(emailId: string, now: Date, transport?: EmailTransport): Promise<SendOutcome> {
  const [row] = await db
    .select({ email: reminderEmails, workspace: workspaces, connectionStatus: xeroConnections.status })
    .from(reminderEmails)
    .innerJoin(workspaces, eq(workspaces.id, reminderEmails.workspaceId))
    .leftJoin(xeroConnections, eq(xeroConnections.workspaceId, reminderEmails.workspaceId))
    .where(eq(reminderEmails.id, emailId));
  if (!row || row.email.status !== "queued" || !row.email.preparedAt || !row.email.html) return "nothing_to_do";
  const { email, workspace } = row;
  const { preparedAt, html } = row.email;

  if (email.handedOverAt) {
    // An earlier attempt handed the message over and was cut off before hearing back.
    await markSent(emailId, email.handedOverAt, "Recorded as sent: the message was handed to the mail server, then the sender stopped before its answer.");
    return "recovered";
  }
  if (row.connectionStatus !== "connected") {
    await markNotSent(emailId, "dropped", row.connectionStatus ?? "not_connected");
    return "dropped";
  }
  const settledSince = await db
    .select({ id: invoices.id })
    .from(reminders)
    .innerJoin(invoices, eq(invoices.id, reminders.invoiceId))
    .where(and(eq(reminders.emailId, emailId), eq(reminders.status, "planned"), drizzleSql`(${invoices.settledSeenAt} is not null or ${invoices.status} <> 'AUTHORISED')`))
    .limit(1);
  if (settledSince.length > 0 || now.getTime() - preparedAt.getTime() > CHECK_FRESH_FOR_MS) {
    await reopenForCheck(emailId);
    return "rechecking";
  }

  await db.update(reminderEmails).set({ attempts: drizzleSql`${reminderEmails.attempts} + 1` }).where(eq(reminderEmails.id, emailId));
  const sender = await senderFor(workspace);
  const [contact] = await db.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, email.contactId));
  let handedOverAt: Date | null = null;
  const result = await sendEmail(
    {
      from: sender.from,
      to: { name: contact?.name ?? "", address: email.toAddress! },
      cc: email.ccAddresses,
      replyTo: sender.replyTo ?? undefined,
      subject: email.subject!,
      html,
      text: email.text ?? "",
      messageId: email.messageId,
      date: now,
    },
    transport,
    {
      beforeHandover: async () => {
        const at = new Date();
        const [handed] = await db
          .update(reminderEmails)
          .set({ handedOverAt: at })
          .where(and(eq(reminderEmails.id, emailId), eq(reminderEmails.status, "queued"), isNull(reminderEmails.handedOverAt)))
          .returning({ id: reminderEmails.id });
        // Another attempt got here first (a job unlocked while this one still ran): let it finish.
        if (!handed) throw new Error("Another attempt is already sending this email");
        handedOverAt = at;
      },
    },
  );
  if (result.ok) {
    await markSent(emailId, now, null);
    return "sent";
  }
  // The server answered the dot with a refusal: nothing was delivered, so the hand-over is void.
  if (handedOverAt) await db.update(reminderEmails).set({ handedOverAt: null }).where(eq(reminderEmails.id, emailId));
  if (result.kind === "permanent") {
    // A 5xx: the address is bad. The contact needs attention until the address changes in Xero.
    await markNotSent(emailId, "failed", `Bounced: ${result.message}`);
    await db.update(contacts).set({ emailBouncingSince: now }).where(and(eq(contacts.id, email.contactId), isNull(contacts.emailBouncingSince)));
    return "bounced";
  }
  await db.update(reminderEmails).set({ lastError: result.message }).where(and(eq(reminderEmails.id, emailId), eq(reminderEmails.status, "queued")));
  throw new TemporarySendFailure(`Sending reminder email ${emailId} failed for now: ${result.message}`);
}
