// reminder_email_send's work: hand one prepared email to SMTP, exactly once.
//
// The email's content and Message-ID were frozen before this runs. Each
// attempt commits `attempts + 1`, then sends. The SMTP server accepts a
// message only on its final "."; `handed_over_at` is written to PostgreSQL in
// the same turn of the event loop as that dot is written to the server (see
// recordHandover). A rerun after a crash therefore knows which side of the
// server's acceptance it is on:
//   - no hand-over recorded: the dot never left; the server discarded the
//     unfinished message; send again (same Message-ID);
//   - hand-over recorded, not marked sent: the dot left; the email is recorded
//     as sent and never sent again.
// What is left of the ambiguity: a crash in the microseconds between the two
// writes (the dot out, the record not: the retry sends a second copy with the
// same Message-ID, which Gmail and others collapse), or a server that refuses
// the message after the dot while the sender is dead (recorded sent, not
// delivered).
import { and, eq, isNull, sql as drizzleSql } from "drizzle-orm";
import { contacts, invoices, reminderEmails, reminders, workspaces, xeroConnections } from "~db/schema";
import type { ReservedSql } from "postgres";
import { db, sql } from "~/db.server";
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

/**
 * Puts "handed over" on the wire to PostgreSQL in the same turn of the event
 * loop as the final dot goes to the SMTP server. Both writes reach the kernel
 * before anything else runs, and PostgreSQL runs a statement it has received
 * even if the sender dies after sending it, so a crash falls before both or
 * after both, but for the microseconds between two syscalls. Written as one
 * simple-protocol message of over 1 KiB because postgres.js holds back smaller
 * writes until setImmediate, after other I/O callbacks.
 */
function recordHandover(wire: ReservedSql, emailId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(emailId)) throw new TypeError(`Not an email id: ${emailId}`);
  const statement = `update reminder_emails set handed_over_at = clock_timestamp() where id = '${emailId}' and status = 'queued' and handed_over_at is null returning id`;
  return wire.unsafe(`${statement} -- ${" ".repeat(1024)}`).simple().execute() as unknown as Promise<unknown[]>;
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
  // A connection of its own, connected and idle, so the hand-over record can leave the moment it is asked for.
  const wire = await sql.reserve();
  let result: Awaited<ReturnType<typeof sendEmail>>;
  let handedOver = false;
  try {
    await wire`select 1`;
    let marker: Promise<unknown[]> | undefined;
    result = await sendEmail(
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
      { onHandover: () => (marker = recordHandover(wire, emailId)) },
    );
    handedOver = marker ? (await marker).length > 0 : false;
  } finally {
    wire.release();
  }
  if (result.ok) {
    await markSent(emailId, now, null);
    return "sent";
  }
  // The server answered the dot with a refusal: nothing was delivered, so the hand-over is void.
  if (handedOver) await db.update(reminderEmails).set({ handedOverAt: null }).where(eq(reminderEmails.id, emailId));
  if (result.kind === "permanent") {
    // A 5xx: the address is bad. The contact needs attention until the address changes in Xero.
    await markNotSent(emailId, "failed", `Bounced: ${result.message}`);
    await db.update(contacts).set({ emailBouncingSince: now }).where(and(eq(contacts.id, email.contactId), isNull(contacts.emailBouncingSince)));
    return "bounced";
  }
  await db.update(reminderEmails).set({ lastError: result.message }).where(and(eq(reminderEmails.id, emailId), eq(reminderEmails.status, "queued")));
  throw new TemporarySendFailure(`Sending reminder email ${emailId} failed for now: ${result.message}`);
}
