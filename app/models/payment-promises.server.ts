// "I'll pay on …": a customer's promise, made on their page. The invoice's
// reminders wait (its pause) until the promised day and a few days' grace for
// the payment to reach Xero; a promise never shortens a longer pause the
// business set. The first reminder after a promise passed unpaid says so
// (compose.tsx). Xero hears of it as a note in the invoice's history.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { contacts, invoices, paymentPromises, workspaces } from "~db/schema";
import type { Executor } from "~db/client";
import { db } from "~/server/db.server";
import { addDays, formatDay, localeFor, todayIn } from "~/display/format";
import { checkPromisedDay, PROMISE_GRACE_DAYS, PROMISES_PER_INVOICE_PER_DAY } from "./customer-answers";
import { enqueue } from "~jobs/enqueue";
import type { CustomerLinkSubject } from "./customer-links.server";
import { applyReminderPause, isPaused } from "./reminder-pauses.server";

/** The invoice, if it is this customer's, in this workspace, and still owed. */
export async function openInvoiceOf(executor: Executor, subject: CustomerLinkSubject, invoiceId: string) {
  const [row] = await executor
    .select({ invoice: invoices, timeZone: workspaces.timeZone, countryCode: workspaces.countryCode })
    .from(invoices)
    .innerJoin(workspaces, eq(workspaces.id, invoices.workspaceId))
    .where(
      and(
        eq(invoices.id, invoiceId),
        eq(invoices.workspaceId, subject.workspaceId),
        eq(invoices.contactId, subject.contactId),
        eq(invoices.status, "AUTHORISED"),
        sql`${invoices.amountDue} > 0 and ${invoices.settledSeenAt} is null`,
      ),
    );
  return row ?? null;
}

/** Records the promise, pauses the invoice's reminders until it (and its grace) has passed, and queues its note in Xero. */
export async function promiseToPay(subject: CustomerLinkSubject, input: { invoiceId: string; promisedFor: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const found = await openInvoiceOf(tx, subject, input.invoiceId);
    if (!found) return { ok: false as const, refusal: "not_open" as const };
    const refusal = checkPromisedDay(input.promisedFor, todayIn(found.timeZone, now));
    if (refusal) return { ok: false as const, refusal };
    // One invoice's promises are taken one at a time (a lock on the invoice), so the day's count holds.
    await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.id, input.invoiceId)).for("update");
    const [{ today }] = await tx
      .select({ today: sql<number>`count(*)::int` })
      .from(paymentPromises)
      .where(and(eq(paymentPromises.invoiceId, input.invoiceId), sql`${paymentPromises.createdAt} > ${now.toISOString()}::timestamptz - interval '1 day'`));
    if (today >= PROMISES_PER_INVOICE_PER_DAY) return { ok: false as const, refusal: "too_often" as const };
    const [promise] = await tx.insert(paymentPromises).values({ workspaceId: subject.workspaceId, invoiceId: input.invoiceId, promisedFor: input.promisedFor }).returning();
    // Reminders may go again from the start of the first day after the grace, in the organisation's time zone.
    const [{ resumeAt }] = await tx.execute<{ resumeAt: string }>(
      sql`select ((${addDays(input.promisedFor, PROMISE_GRACE_DAYS + 1)}::date)::timestamp at time zone ${found.timeZone}) as "resumeAt"`,
    );
    const until = new Date(resumeAt);
    const pausedLonger = isPaused(found.invoice.remindersPausedUntil, until);
    if (!pausedLonger) {
      const day = formatDay(input.promisedFor, localeFor(found.countryCode), { day: "numeric", month: "long", year: "numeric" });
      await applyReminderPause(tx, { kind: "invoice", id: input.invoiceId }, { workspaceId: subject.workspaceId, userId: null, until, reason: `The customer promised to pay by ${day}.` });
    }
    await enqueue(tx, "payment_promise_note", { promiseId: promise.id }, { jobKey: `payment_promise_note:${promise.id}` });
    return { ok: true as const, promise };
  });
}

/**
 * For each of these invoices whose latest promise was made after the last reminder sent about it:
 * the promised day. The reminder being prepared says the promise passed when that day is before its own.
 */
export async function brokenPromises(executor: Executor, invoiceIds: string[]): Promise<Map<string, string>> {
  if (invoiceIds.length === 0) return new Map();
  const rows = await executor
    .selectDistinctOn([paymentPromises.invoiceId], { invoiceId: paymentPromises.invoiceId, promisedFor: paymentPromises.promisedFor })
    .from(paymentPromises)
    .where(
      and(
        inArray(paymentPromises.invoiceId, invoiceIds),
        sql`not exists (
          select 1 from reminders r join reminder_emails e on e.id = r.email_id
          where r.invoice_id = ${paymentPromises.invoiceId} and r.status = 'sent' and e.sent_at > ${paymentPromises.createdAt})`,
      ),
    )
    .orderBy(paymentPromises.invoiceId, desc(paymentPromises.createdAt));
  return new Map(rows.map((row) => [row.invoiceId, row.promisedFor]));
}

/** Promises still to come due (the promised day today or later) on invoices still owed: the dashboard's list. */
export async function standingPromises(workspaceId: string, today: string) {
  return db
    .selectDistinctOn([paymentPromises.invoiceId], { invoiceId: paymentPromises.invoiceId, promisedFor: paymentPromises.promisedFor, invoiceNumber: invoices.invoiceNumber, contactName: contacts.name })
    .from(paymentPromises)
    .innerJoin(invoices, eq(invoices.id, paymentPromises.invoiceId))
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    .where(
      and(
        eq(paymentPromises.workspaceId, workspaceId),
        sql`${paymentPromises.promisedFor} >= ${today}::date`,
        eq(invoices.status, "AUTHORISED"),
        sql`${invoices.amountDue} > 0 and ${invoices.settledSeenAt} is null`,
      ),
    )
    .orderBy(paymentPromises.invoiceId, desc(paymentPromises.createdAt));
}

/** The note Xero keeps in the invoice's history (at most 250 characters). */
export async function promiseNoteFor(promiseId: string) {
  const [row] = await db
    .select({ promise: paymentPromises, xeroInvoiceId: invoices.xeroInvoiceId, countryCode: workspaces.countryCode })
    .from(paymentPromises)
    .innerJoin(invoices, eq(invoices.id, paymentPromises.invoiceId))
    .innerJoin(workspaces, eq(workspaces.id, paymentPromises.workspaceId))
    .where(eq(paymentPromises.id, promiseId));
  if (!row) return null;
  const day = formatDay(row.promise.promisedFor, localeFor(row.countryCode), { day: "numeric", month: "long", year: "numeric" });
  return {
    workspaceId: row.promise.workspaceId,
    noted: row.promise.historyNotedAt !== null,
    note: { xeroInvoiceId: row.xeroInvoiceId, details: `The customer promised to pay by ${day} (through Solido's reminder link). Reminders wait until then.`, idempotencyKey: `solido-promise-${promiseId}` },
  };
}

export async function markPromiseNoted(promiseId: string) {
  await db.update(paymentPromises).set({ historyNotedAt: new Date() }).where(eq(paymentPromises.id, promiseId));
}
