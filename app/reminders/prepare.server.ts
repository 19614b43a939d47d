// reminder_emails_prepare's work, for one workspace: close its waiting emails
// (no more reminders join them), ask Xero about every invoice in them (one
// IDs= call per 50), drop what is now paid, voided or below the minimum,
// render what is left once, and queue each email's send job in the same
// transaction that freezes its content.
import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { contacts, invoices, reminderEmails, reminderMinimumAmounts, reminders, reminderSteps, workspaces } from "~db/schema";
import type { Executor } from "~db/client";
import { db } from "~/db.server";
import { isValidEmailAddress, renderEmail } from "~/email.server";
import { xeroQueueName } from "~/models/sync-runs.server";
import { refreshFromXero } from "~/sync/sync-engine.server";
import { IDS_PER_CALL } from "~/sync/xero-reads.server";
import { enqueue } from "~jobs/enqueue";
import { senderFor, type Sender } from "./branding.server";
import { compareMoney, composeReminder } from "./compose";
import { isPaused } from "~/models/reminder-pauses.server";
import { fillOnlineInvoiceUrls } from "./xero-links.server";

/** Refresh failures worth another try soon (graphile-worker's backoff does the waiting). */
export class PaymentCheckUnavailable extends Error {}

/** Xero trouble that passes; anything else (disconnected, reconnect needed) means no payment check, so no email. */
const TRANSIENT = new Set(["xero_unavailable", "rate_limited", "daily_limit", "sync_error"]);

export const sendJobKey = (emailId: string) => `reminder_email_send:${emailId}`;

type Skip = { reminderId: string; reason: string };

/** Marks reminders skipped and, when none is left, the email dropped. */
async function skip(tx: Executor, emailId: string, skips: Skip[], dropEmail: string | null) {
  for (const { reminderId, reason } of skips) {
    await tx.update(reminders).set({ status: "skipped", skippedReason: reason }).where(eq(reminders.id, reminderId));
  }
  if (dropEmail) await tx.update(reminderEmails).set({ status: "dropped", lastError: dropEmail }).where(eq(reminderEmails.id, emailId));
}

/** Drops every waiting email of a workspace that cannot send (Xero disconnected or needing reconnection). */
async function dropAll(workspaceId: string, reason: string, emailIds: string[]) {
  await db.transaction(async (tx) => {
    for (const emailId of emailIds) {
      const planned = await tx.select({ id: reminders.id }).from(reminders).where(and(eq(reminders.emailId, emailId), eq(reminders.status, "planned")));
      await skip(tx, emailId, planned.map((row) => ({ reminderId: row.id, reason })), reason);
    }
  });
}

/**
 * Checks, renders and queues one email, in one transaction with its row
 * locked. Returns whether a send was queued.
 */
async function freezeEmail(emailId: string, now: Date, senderOf: (workspace: typeof workspaces.$inferSelect) => Promise<Sender>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [email] = await tx.select().from(reminderEmails).where(eq(reminderEmails.id, emailId)).for("update");
    if (!email || email.status !== "queued" || email.preparedAt) return false;
    const [workspace] = await tx.select().from(workspaces).where(eq(workspaces.id, email.workspaceId));
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, email.contactId));
    const rows = await tx
      .select({ reminder: reminders, invoice: invoices, step: reminderSteps })
      .from(reminders)
      .innerJoin(invoices, eq(invoices.id, reminders.invoiceId))
      .innerJoin(reminderSteps, eq(reminderSteps.id, reminders.stepId))
      .where(and(eq(reminders.emailId, emailId), eq(reminders.status, "planned")))
      .orderBy(asc(invoices.dueDate), asc(invoices.invoiceNumber));
    const minimums = new Map(
      (await tx.select().from(reminderMinimumAmounts).where(eq(reminderMinimumAmounts.workspaceId, workspace.id))).map((row) => [row.currencyCode, row.minimumAmountDue]),
    );

    // Everything that stops the whole email, then what stops single invoices.
    const emailBlocker =
      workspace.reminderMode !== "live"
        ? "reminders_off"
        : isPaused(workspace.remindersPausedUntil, now)
          ? "workspace_paused"
          : contact.status !== "ACTIVE"
            ? "contact_archived"
            : isPaused(contact.remindersPausedUntil, now)
              ? "contact_paused"
              : !contact.emailAddress?.trim()
                ? "no_email"
                : contact.emailBouncingSince
                  ? "email_bouncing"
                  : null;
    const skips: Skip[] = [];
    const kept: typeof rows = [];
    for (const row of rows) {
      const { invoice } = row;
      const minimum = minimums.get(invoice.currencyCode);
      const reason =
        emailBlocker ??
        (invoice.settledSeenAt || invoice.status !== "AUTHORISED" || compareMoney(invoice.amountDue, "0") <= 0
          ? "paid"
          : isPaused(invoice.remindersPausedUntil, now)
            ? "invoice_paused"
            : minimum !== undefined && compareMoney(invoice.amountDue, minimum) < 0
              ? "below_minimum"
              : null);
      if (reason) skips.push({ reminderId: row.reminder.id, reason });
      else kept.push(row);
    }
    if (kept.length === 0) {
      await skip(tx, emailId, skips, emailBlocker ?? (skips.length ? "nothing left to remind about" : "no reminders"));
      return false;
    }
    await skip(tx, emailId, skips, null);
    for (const { reminder, invoice } of kept) {
      // The amount as Xero has it now: a part payment shows in the reminder.
      await tx.update(reminders).set({ amountDue: invoice.amountDue }).where(eq(reminders.id, reminder.id));
    }

    const sender = await senderOf(workspace);
    // Several invoices at different steps: the latest step's words (the firmest) speak for all.
    const step = kept.reduce((latest, row) => (row.step.offsetDays > latest.offsetDays ? row.step : latest), kept[0].step);
    const composed = composeReminder({
      branding: sender.branding,
      locale: sender.locale,
      contactName: contact.name,
      step,
      today: email.sendDate,
      invoices: kept.map(({ invoice }) => ({
        invoiceNumber: invoice.invoiceNumber,
        reference: invoice.reference,
        currencyCode: invoice.currencyCode,
        amountDue: invoice.amountDue,
        dueDate: invoice.dueDate!,
        payUrl: invoice.onlineInvoiceUrl,
      })),
    });
    const { html, text } = await renderEmail(composed.element);
    await tx
      .update(reminderEmails)
      .set({
        toAddress: contact.emailAddress!.trim(),
        // A malformed contact-person address is left off rather than costing the customer their reminder.
        ccAddresses: contact.ccEmailAddresses.filter(isValidEmailAddress),
        subject: composed.subject,
        html,
        text,
        preparedAt: now,
      })
      .where(eq(reminderEmails.id, emailId));
    await enqueue(tx, "reminder_email_send", { emailId }, { jobKey: sendJobKey(emailId), maxAttempts: 12 });
    return true;
  });
}

export type PrepareOutcome = { queued: number; dropped: number; xeroCalls: number };

/** How many emails one pass checks with Xero: their invoices fit in a few IDs= calls. */
const EMAILS_PER_PASS = 100;
const FREEZE_CONCURRENCY = 6;

async function inBatches<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

export async function prepareReminderEmails(workspaceId: string, now: Date): Promise<PrepareOutcome> {
  const outcome: PrepareOutcome = { queued: 0, dropped: 0, xeroCalls: 0 };
  await db
    .update(reminderEmails)
    .set({ closedAt: now })
    .where(and(eq(reminderEmails.workspaceId, workspaceId), eq(reminderEmails.status, "queued"), isNull(reminderEmails.closedAt)));
  for (;;) {
    const waiting = await db
      .select({ id: reminderEmails.id })
      .from(reminderEmails)
      .where(and(eq(reminderEmails.workspaceId, workspaceId), eq(reminderEmails.status, "queued"), isNotNull(reminderEmails.closedAt), isNull(reminderEmails.preparedAt)))
      .orderBy(asc(reminderEmails.createdAt))
      .limit(EMAILS_PER_PASS);
    if (waiting.length === 0) return outcome;
    const emailIds = waiting.map((row) => row.id);
    const planned = await db
      .select({ invoiceId: invoices.id, xeroInvoiceId: invoices.xeroInvoiceId })
      .from(reminders)
      .innerJoin(invoices, eq(invoices.id, reminders.invoiceId))
      .where(and(inArray(reminders.emailId, emailIds), eq(reminders.status, "planned")));

    if (planned.length > 0) {
      // Never after payment: Xero is asked about these very invoices now, 50 to a call.
      const refreshed = await refreshFromXero(workspaceId, { xeroInvoiceIds: planned.map((row) => row.xeroInvoiceId), xeroContactIds: [] }, "reminder");
      outcome.xeroCalls += Math.ceil(planned.length / IDS_PER_CALL);
      if (refreshed.status === "skipped" || (refreshed.status === "failed" && !TRANSIENT.has(refreshed.errorCode ?? ""))) {
        // Disconnected, or Xero wants a reconnection: nothing is sent without a payment check.
        await dropAll(workspaceId, refreshed.errorCode ?? "not_connected", emailIds);
        outcome.dropped += emailIds.length;
        continue;
      }
      if (refreshed.status === "failed") throw new PaymentCheckUnavailable(`Checking payments with Xero failed (${refreshed.errorCode}): ${refreshed.error}`);
      const links = await fillOnlineInvoiceUrls(workspaceId, planned.map((row) => row.invoiceId));
      if (!links.ok) throw new PaymentCheckUnavailable(`Fetching online invoice links failed (${links.error.code}): ${links.error.message}`);
    }
    // Who the emails come from is the same for the whole pass.
    let sender: Promise<Sender> | undefined;
    const senderOf = (workspace: typeof workspaces.$inferSelect) => (sender ??= senderFor(workspace));
    // A few at once: while one renders, others wait on the database.
    const results = await inBatches(emailIds, FREEZE_CONCURRENCY, (emailId) => freezeEmail(emailId, now, senderOf));
    outcome.queued += results.filter(Boolean).length;
    outcome.dropped += results.filter((queued) => !queued).length;
  }
}

/** Sends an email back to be checked with Xero again (its check is stale, or an invoice settled since). */
export async function reopenForCheck(emailId: string) {
  await db.transaction(async (tx) => {
    const [email] = await tx
      .update(reminderEmails)
      .set({ preparedAt: null, html: null, text: null })
      .where(and(eq(reminderEmails.id, emailId), eq(reminderEmails.status, "queued"), isNull(reminderEmails.handedOverAt)))
      .returning({ workspaceId: reminderEmails.workspaceId });
    if (!email) return;
    const [workspace] = await tx.select({ tenantId: workspaces.xeroTenantId }).from(workspaces).where(eq(workspaces.id, email.workspaceId));
    await enqueue(tx, "reminder_emails_prepare", { workspaceId: email.workspaceId }, prepareJobOptions(email.workspaceId, workspace?.tenantId ?? null));
  });
}

export function prepareJobOptions(workspaceId: string, tenantId: string | null) {
  return { jobKey: `reminder_emails_prepare:${workspaceId}`, queueName: tenantId ? xeroQueueName(tenantId) : undefined, maxAttempts: 10 };
}
