// reminder_emails_prepare's work, for one workspace: close its waiting emails
// (no more reminders join them), ask Xero about every invoice in them (one
// IDs= call per 50), drop what is now paid, voided or below the minimum,
// render what is left once, and queue each email's send job in the same
// transaction that freezes its content.
import { and, asc, eq, inArray, isNotNull, isNull, sql as drizzleSql } from "drizzle-orm";
import { contacts, invoices, reminderEmails, reminderMinimumAmounts, reminders, reminderSchedules, reminderSteps, workspaces } from "~db/schema";
import type { Executor } from "~db/client";
import { db } from "~/server/db.server";
import { env } from "~/server/env.server";
import { renderEmail } from "~/server/email.server";
import { contactRecipients } from "~/models/contact-recipients.server";
import { contactsWithUnallocatedCredit } from "~/models/credit-notes.server";
import { xeroQueueName } from "~/models/sync-runs.server";
import { refreshFromXero } from "~/sync/sync-engine.server";
import { IDS_PER_CALL } from "~/sync/xero-reads.server";
import { enqueue } from "~jobs/enqueue";
import { senderFor, type Sender } from "./branding.server";
import { compareMoney, composeReminder } from "./compose";
import { repeatStep } from "./schedule";
import { isPaused } from "~/models/reminder-pauses.server";
import { customerPageUrl } from "~/models/customer-links.server";
import { brokenPromises } from "~/models/payment-promises.server";
import { fetchInvoicePdfs } from "./invoice-pdfs.server";
import { fillOnlineInvoiceUrls } from "./xero-links.server";

/** Refresh failures worth another try soon (graphile-worker's backoff does the waiting). */
export class PaymentCheckUnavailable extends Error {}

/** Xero trouble that passes; anything else (disconnected, reconnect needed) means no payment check, so no email. */
export const TRANSIENT_XERO_ERRORS = new Set(["xero_unavailable", "rate_limited", "daily_limit", "sync_error"]);

/**
 * Emails handed to one send job. A job costs the worker's bookkeeping and a
 * handful of statements around its emails (reading them, counting the
 * attempt, marking them sent, queueing their history notes); each email adds
 * only its SMTP exchange and its hand-over record. One email a job spent over
 * nine transactions an email; 25 spend about one and a half. A worker killed
 * mid-batch loses at most the one email it was handing over (see
 * send.server.ts); the rest of the batch is sent, or settled from its
 * hand-over record, when the job runs again.
 */
export const EMAILS_PER_SEND_JOB = 25;

/** How many emails one pass checks with Xero: their invoices fit in a few IDs= calls. */
const EMAILS_PER_PASS = 200;

type Workspace = typeof workspaces.$inferSelect;
type Contact = typeof contacts.$inferSelect;
type Email = typeof reminderEmails.$inferSelect;

/** What becomes of one email of a pass: frozen for sending, or dropped with why. */
export type Frozen =
  | { emailId: string; status: "queued"; toAddress: string; ccAddresses: string[]; subject: string; html: string; text: string }
  | { emailId: string; status: "dropped"; reason: string };

/** What becomes of one planned reminder: it goes with its email at the amount Xero has now, or is skipped. */
type ReminderFate = { invoiceId: string; stepId: string; repeatNumber: number; status: "planned" | "skipped"; reason: string | null; amountDue: string | null };

/** Everything that stops a whole email (a reminder or a statement), in the order a person would look for it. */
export function emailBlocker(workspace: Workspace, contact: Contact, now: Date, heldForCredit: boolean): string | null {
  if (workspace.reminderMode !== "live") return "reminders_off";
  if (isPaused(workspace.remindersPausedUntil, now)) return "workspace_paused";
  if (contact.status !== "ACTIVE") return "contact_archived";
  if (isPaused(contact.remindersPausedUntil, now)) return "contact_paused";
  if (heldForCredit) return "held_for_credit";
  if (!contactRecipients(contact)) return "no_email";
  if (contact.emailBouncingSince) return "email_bouncing";
  return null;
}

/** Drops every waiting email of a workspace that cannot send (Xero disconnected or needing reconnection). */
async function dropAll(reason: string, emailIds: string[]) {
  await db.transaction(async (tx) => {
    await tx
      .update(reminders)
      .set({ status: "skipped", skippedReason: reason })
      .where(and(inArray(reminders.emailId, emailIds), eq(reminders.status, "planned")));
    await tx
      .update(reminderEmails)
      .set({ status: "dropped", lastError: reason })
      .where(and(inArray(reminderEmails.id, emailIds), eq(reminderEmails.status, "queued"), isNull(reminderEmails.preparedAt)));
  });
}

/**
 * Checks, renders and queues a pass of one workspace's emails, in one
 * transaction with their rows locked: the same few statements whether the
 * pass holds one email or two hundred. The workspace's sender is worked out
 * before, so the transaction never waits for a second pooled connection.
 * Returns how many were queued and how many dropped.
 */
async function freezeEmails(
  workspaceId: string,
  emailIds: string[],
  now: Date,
  sender: Sender,
  unverified: ReadonlySet<string>,
): Promise<{ queued: number; dropped: number }> {
  return db.transaction(async (tx) => {
    const locked = await lockWaitingEmails(tx, workspaceId, emailIds, now);
    if (!locked) return { queued: 0, dropped: 0 };
    const { workspace, emails } = locked;
    const lockedIds = emails.map(({ email }) => email.id);
    const rows = await tx
      .select({ reminder: reminders, invoice: invoices, step: reminderSteps, repeatEveryDays: reminderSchedules.repeatEveryDays })
      .from(reminders)
      .innerJoin(invoices, eq(invoices.id, reminders.invoiceId))
      .innerJoin(reminderSteps, eq(reminderSteps.id, reminders.stepId))
      // A repeat's day is its step's schedule's: the schedule the reminder was decided by.
      .innerJoin(reminderSchedules, eq(reminderSchedules.id, reminderSteps.scheduleId))
      .where(and(inArray(reminders.emailId, lockedIds), eq(reminders.status, "planned")))
      .orderBy(asc(invoices.dueDate), asc(invoices.invoiceNumber));
    // Whether the customer was ever actually sent a reminder about each invoice: a step's words that speak
    // of earlier reminders are used only then (composeReminder), never for a first email.
    const invoiceIds = [...new Set(rows.map((row) => row.reminder.invoiceId))];
    // The days they went, too: a repeat after the last step names them (and only them).
    const remindedOn = new Map<string, string[]>();
    if (invoiceIds.length) {
      const sent = await tx
        .select({ invoiceId: reminders.invoiceId, sendDate: reminderEmails.sendDate })
        .from(reminders)
        .innerJoin(reminderEmails, eq(reminderEmails.id, reminders.emailId))
        .where(and(inArray(reminders.invoiceId, invoiceIds), eq(reminders.status, "sent")))
        .orderBy(asc(reminderEmails.sendDate));
      for (const row of sent) remindedOn.set(row.invoiceId, [...(remindedOn.get(row.invoiceId) ?? []), row.sendDate]);
    }
    // A sent reminder whose email row is gone (its customer merged away in Xero) still counts as reminded.
    const remindedBefore = new Set(
      invoiceIds.length
        ? (await tx.selectDistinct({ invoiceId: reminders.invoiceId }).from(reminders).where(and(inArray(reminders.invoiceId, invoiceIds), eq(reminders.status, "sent")))).map(
            (row) => row.invoiceId,
          )
        : [],
    );
    const promisesBroken = await brokenPromises(tx, invoiceIds);
    const minimums = new Map(
      (await tx.select().from(reminderMinimumAmounts).where(eq(reminderMinimumAmounts.workspaceId, workspaceId))).map((row) => [row.currencyCode, row.minimumAmountDue]),
    );
    const rowsByEmail = new Map<string, typeof rows>();
    for (const row of rows) {
      const list = rowsByEmail.get(row.reminder.emailId!) ?? [];
      list.push(row);
      rowsByEmail.set(row.reminder.emailId!, list);
    }

    const fates: ReminderFate[] = [];
    const frozen: Frozen[] = [];
    for (const { email, contact, blocker } of emails) {
      const kept: typeof rows = [];
      let skipped = 0;
      for (const row of rowsByEmail.get(email.id) ?? []) {
        const { invoice } = row;
        const minimum = minimums.get(invoice.currencyCode);
        const reason =
          blocker ??
          // Xero's answer left it out: its row may be stale, so no reminder until a check confirms it.
          (unverified.has(invoice.id)
            ? "unverified"
            : invoice.settledSeenAt || invoice.status !== "AUTHORISED" || compareMoney(invoice.amountDue, "0") <= 0
            ? "paid"
            : isPaused(invoice.remindersPausedUntil, now)
              ? "invoice_paused"
              : minimum !== undefined && compareMoney(invoice.amountDue, minimum) < 0
                ? "below_minimum"
                : null);
        if (reason) {
          fates.push({ invoiceId: row.reminder.invoiceId, stepId: row.reminder.stepId, repeatNumber: row.reminder.repeatNumber, status: "skipped", reason, amountDue: null });
          skipped++;
        } else {
          // The amount as Xero has it now: a part payment shows in the reminder.
          fates.push({ invoiceId: row.reminder.invoiceId, stepId: row.reminder.stepId, repeatNumber: row.reminder.repeatNumber, status: "planned", reason: null, amountDue: invoice.amountDue });
          kept.push(row);
        }
      }
      if (kept.length === 0) {
        frozen.push({ emailId: email.id, status: "dropped", reason: blocker ?? (skipped ? "nothing left to remind about" : "no reminders") });
        continue;
      }
      // Each invoice with its step and whether it was reminded before: composeReminder picks the words
      // (the latest step among those due speaks for all; first-contact words unless each was reminded).
      const composed = composeReminder({
        branding: sender.branding,
        locale: sender.locale,
        contactName: contact.name,
        today: email.sendDate,
        customerPageUrl: customerPageUrl({ workspaceId, contactId: contact.id }, now),
        invoices: kept.map(({ invoice, step, reminder, repeatEveryDays }) => ({
          // A repeat after the last step speaks in that step's tone with words of its own (schedule.ts).
          step: reminder.repeatNumber > 0 ? repeatStep(step, reminder.repeatNumber, repeatEveryDays ?? 0) : step,
          remindedBefore: remindedBefore.has(invoice.id),
          remindedOn: remindedOn.get(invoice.id) ?? [],
          // A promised day before the email's: the promise passed unpaid (its pause, with grace, has ended).
          brokenPromise: (promisesBroken.get(invoice.id) ?? "9999-12-31") < email.sendDate ? promisesBroken.get(invoice.id) : null,
          invoiceNumber: invoice.invoiceNumber,
          reference: invoice.reference,
          currencyCode: invoice.currencyCode,
          amountDue: invoice.amountDue,
          dueDate: invoice.dueDate!,
          payUrl: invoice.onlineInvoiceUrl,
        })),
      });
      const { html, text } = await renderEmail(composed.element);
      // Rendering is synchronous: between two emails, let a send in this process finish its message
      // (its final dot waits for a turn of the event loop after its hand-over record).
      await new Promise((resolve) => setImmediate(resolve));
      // emailBlocker found someone to write to.
      const { to, cc } = contactRecipients(contact)!;
      frozen.push({
        emailId: email.id,
        status: "queued",
        toAddress: to,
        ccAddresses: cc,
        subject: composed.subject,
        html,
        text,
      });
    }

    if (fates.length > 0) {
      await tx.execute(drizzleSql`
        update reminders r set status = f.status::reminder_status, skipped_reason = f.reason,
          amount_due = coalesce(f.amount_due::numeric, r.amount_due), updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(fates.map((fate) => ({ invoice_id: fate.invoiceId, step_id: fate.stepId, repeat_number: fate.repeatNumber, status: fate.status, reason: fate.reason, amount_due: fate.amountDue })))}::jsonb)
          as f(invoice_id uuid, step_id uuid, repeat_number smallint, status text, reason text, amount_due text)
        where r.invoice_id = f.invoice_id and r.step_id = f.step_id and r.repeat_number = f.repeat_number`);
    }
    await writeFrozen(tx, frozen, now);
    const ready = frozen.filter((email) => email.status === "queued").map((email) => email.emailId);
    await queueSends(tx, ready);
    return { queued: ready.length, dropped: frozen.length - ready.length };
  });
}

/**
 * The start of a pass's transaction, reminders' and statements' alike: those of
 * the emails still waiting, locked (oldest first), each with its customer and
 * what stops it as a whole (emailBlocker), and the workspace. Null when none
 * is left (another pass took them).
 */
export async function lockWaitingEmails(
  tx: Executor,
  workspaceId: string,
  emailIds: string[],
  now: Date,
): Promise<{ workspace: Workspace; emails: { email: Email; contact: Contact; blocker: string | null }[] } | null> {
  const emails = await tx
    .select()
    .from(reminderEmails)
    .where(and(inArray(reminderEmails.id, emailIds), eq(reminderEmails.workspaceId, workspaceId), eq(reminderEmails.status, "queued"), isNull(reminderEmails.preparedAt)))
    .orderBy(asc(reminderEmails.createdAt))
    .for("update");
  if (emails.length === 0) return null;
  const [workspace] = await tx.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  const contactRows = await tx.select().from(contacts).where(inArray(contacts.id, [...new Set(emails.map((email) => email.contactId))]));
  const contactsById = new Map(contactRows.map((contact) => [contact.id, contact]));
  // Credit that appeared in Xero since the plan holds the email too, when the workspace holds reminders for credit.
  const heldForCredit = workspace.holdRemindersWhileCredit
    ? await contactsWithUnallocatedCredit(tx, workspaceId, contactRows.map((contact) => contact.xeroContactId))
    : new Set<string>();
  return {
    workspace,
    emails: emails.map((email) => {
      const contact = contactsById.get(email.contactId)!;
      return { email, contact, blocker: emailBlocker(workspace, contact, now, heldForCredit.has(contact.xeroContactId)) };
    }),
  };
}

/**
 * Freezes a pass's emails in one statement: the content and recipients of those that go (prepared
 * now, ready for their send job), the reason of those dropped. Reminder emails and statements alike.
 */
export async function writeFrozen(tx: Executor, frozen: Frozen[], now: Date) {
  await tx.execute(drizzleSql`
      update reminder_emails e set
        status = f.status::reminder_email_status,
        last_error = case when f.status = 'dropped' then f.reason else e.last_error end,
        to_address = f.to_address,
        cc_addresses = coalesce(array(select jsonb_array_elements_text(f.cc_addresses)), '{}'),
        subject = f.subject, html = f.html, text = f.text,
        prepared_at = case when f.status = 'queued' then ${now.toISOString()}::timestamptz end,
        updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(
        frozen.map((email) =>
          email.status === "queued"
            ? { id: email.emailId, status: "queued", reason: null, to_address: email.toAddress, cc_addresses: email.ccAddresses, subject: email.subject, html: email.html, text: email.text }
            : { id: email.emailId, status: "dropped", reason: email.reason, to_address: null, cc_addresses: [], subject: null, html: null, text: null },
        ),
      )}::jsonb) as f(id uuid, status text, reason text, to_address text, cc_addresses jsonb, subject text, html text, text text)
      where e.id = f.id`);
}

/** One send job per EMAILS_PER_SEND_JOB emails, queued in the transaction that froze them. */
export async function queueSends(tx: Executor, emailIds: string[]) {
  if (emailIds.length === 0) return;
  const batches: string[][] = [];
  for (let index = 0; index < emailIds.length; index += EMAILS_PER_SEND_JOB) batches.push(emailIds.slice(index, index + EMAILS_PER_SEND_JOB));
  await tx.execute(drizzleSql`
    select graphile_worker.add_job(
      identifier => 'reminder_email_send',
      payload => json_build_object('emailIds', b.ids),
      job_key => 'reminder_email_send:' || (b.ids ->> 0),
      max_attempts => ${env().REMINDER_SEND_MAX_ATTEMPTS}::int
    )
    from jsonb_array_elements(${JSON.stringify(batches)}::jsonb) as b(ids)`);
}

export type PrepareOutcome = { queued: number; dropped: number; xeroCalls: number };

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
      // Statements are prepared by their own pass (app/statements/prepare.server.ts).
      .where(
        and(
          eq(reminderEmails.workspaceId, workspaceId),
          eq(reminderEmails.kind, "reminder"),
          eq(reminderEmails.status, "queued"),
          isNotNull(reminderEmails.closedAt),
          isNull(reminderEmails.preparedAt),
        ),
      )
      .orderBy(asc(reminderEmails.createdAt))
      .limit(EMAILS_PER_PASS);
    if (waiting.length === 0) return outcome;
    const emailIds = waiting.map((row) => row.id);
    const checked = await checkPayments(workspaceId, emailIds);
    outcome.xeroCalls += checked.xeroCalls;
    if (!checked.ok) {
      // Disconnected, or Xero wants a reconnection: nothing is sent without a payment check.
      await dropAll(checked.reason, emailIds);
      outcome.dropped += emailIds.length;
      continue;
    }
    // Who the emails come from is the same for the whole pass.
    const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
    if (workspace.attachInvoicePdfs) {
      // After the payment check, so a PDF is Xero's rendering of the invoice as it stands now.
      const pdfs = await fetchInvoicePdfs(workspaceId, emailIds);
      if (!pdfs.ok) {
        if (TRANSIENT_XERO_ERRORS.has(pdfs.error.code)) throw new PaymentCheckUnavailable(`Fetching invoice PDFs from Xero failed (${pdfs.error.code}): ${pdfs.error.message}`);
        await dropAll(pdfs.error.code, emailIds);
        outcome.dropped += emailIds.length;
        continue;
      }
      outcome.xeroCalls += pdfs.value.fetched;
    }
    const frozen = await freezeEmails(workspaceId, emailIds, now, await senderFor(workspace), checked.unverified);
    outcome.queued += frozen.queued;
    outcome.dropped += emailIds.length - frozen.queued;
  }
}

/**
 * Never after payment: asks Xero about the very invoices of these emails now,
 * 50 to an IDs= call, and fetches any "view and pay" link not yet known.
 * Not ok when the workspace cannot reach Xero for good (disconnected, or a
 * reconnection needed); throws PaymentCheckUnavailable when Xero may answer later.
 */
async function checkPayments(
  workspaceId: string,
  emailIds: string[],
): Promise<{ ok: true; xeroCalls: number; unverified: Set<string> } | { ok: false; reason: string; xeroCalls: number }> {
  const planned = await db
    .select({ invoiceId: invoices.id, xeroInvoiceId: invoices.xeroInvoiceId })
    .from(reminders)
    .innerJoin(invoices, eq(invoices.id, reminders.invoiceId))
    .where(and(inArray(reminders.emailId, emailIds), eq(reminders.status, "planned")));
  if (planned.length === 0) return { ok: true, xeroCalls: 0, unverified: new Set() };
  const refreshed = await refreshFromXero(workspaceId, { xeroInvoiceIds: planned.map((row) => row.xeroInvoiceId), xeroContactIds: [] }, "reminder");
  const xeroCalls = Math.ceil(new Set(planned.map((row) => row.xeroInvoiceId)).size / IDS_PER_CALL);
  if (refreshed.status === "skipped" || (refreshed.status === "failed" && !TRANSIENT_XERO_ERRORS.has(refreshed.errorCode ?? ""))) {
    return { ok: false, reason: refreshed.errorCode ?? "not_connected", xeroCalls };
  }
  if (refreshed.status === "failed") throw new PaymentCheckUnavailable(`Checking payments with Xero failed (${refreshed.errorCode}): ${refreshed.error}`);
  const links = await fillOnlineInvoiceUrls(workspaceId, planned.map((row) => row.invoiceId));
  if (!links.ok) throw new PaymentCheckUnavailable(`Fetching online invoice links failed (${links.error.code}): ${links.error.message}`);
  // Invoices Xero did not return were not checked: they are "unverified", never taken as still unpaid.
  const unanswered = new Set(refreshed.unansweredInvoiceIds ?? []);
  return { ok: true, xeroCalls, unverified: new Set(planned.filter((row) => unanswered.has(row.xeroInvoiceId)).map((row) => row.invoiceId)) };
}

/** Sends emails back to be checked with Xero again (their check is stale, or an invoice settled since). */
export async function reopenForCheck(emailIds: string[]) {
  if (emailIds.length === 0) return;
  await db.transaction(async (tx) => {
    const reopened = await tx
      .update(reminderEmails)
      .set({ preparedAt: null, html: null, text: null })
      .where(and(inArray(reminderEmails.id, emailIds), eq(reminderEmails.status, "queued"), isNull(reminderEmails.handedOverAt)))
      .returning({ workspaceId: reminderEmails.workspaceId });
    const workspaceIds = [...new Set(reopened.map((email) => email.workspaceId))];
    if (workspaceIds.length === 0) return;
    const tenants = await tx.select({ id: workspaces.id, tenantId: workspaces.xeroTenantId }).from(workspaces).where(inArray(workspaces.id, workspaceIds));
    for (const { id, tenantId } of tenants) await enqueue(tx, "reminder_emails_prepare", { workspaceId: id }, prepareJobOptions(id, tenantId));
  });
}

export function prepareJobOptions(workspaceId: string, tenantId: string | null) {
  return { jobKey: `reminder_emails_prepare:${workspaceId}`, queueName: tenantId ? xeroQueueName(tenantId) : undefined, maxAttempts: 10 };
}
