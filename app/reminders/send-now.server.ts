// "Send the next reminder now", from an invoice's page: the invoice's next
// schedule step, today, whatever the send window says — through the same
// exactly-once path as the scheduled run. The decision is written first (the
// customer's email of the day and the (invoice, step) reminder, both under
// their unique keys, so it can never add up with the scheduled run to two),
// then the workspace's prepare job checks payment with Xero right before
// rendering, and a send job hands it to SMTP with its hand-over record.
//
// In preview it refuses: preview promises that nothing reaches customers until
// an admin turns reminders on, and "Send me a test email" in Settings →
// Reminders is there to see a real one first.
import crypto from "node:crypto";
import { sql as drizzleSql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "~db/client";
import { db } from "~/server/db.server";
import { recordAudit } from "~/models/audit-log.server";
import { contactRecipients } from "~/models/contact-recipients.server";
import { enqueue } from "~jobs/enqueue";
import { contactRefusalOf, customerFactsColumns, customerFactsJoins, explainCustomerRefusal, workspaceRefusalOf, type CustomerFacts, type CustomerRefusal } from "./customer-facts.server";
import { atOrAfterSql, reminderMessageId, scheduleOfContactSql, scheduleRowsSql } from "./planner.server";
import { prepareJobOptions } from "./prepare.server";

export type SendNowRefusal =
  | CustomerRefusal
  | "not_owed"
  | "invoice_paused"
  | "below_minimum"
  | "on_its_way"
  | "emailed_today"
  | "no_due_date"
  | "no_next_step";

type Facts = CustomerFacts & {
  invoiceNumber: string | null;
  status: string;
  dueDate: string | null;
  settled: boolean;
  amountDue: string;
  currencyCode: string;
  belowMinimum: boolean;
  invoicePaused: boolean;
  contactId: string;
  onItsWay: boolean;
  emailedToday: boolean;
  nextStepId: string | null;
  nextRepeatNumber: number | null;
  nextOffsetDays: number | null;
  repeatEveryDays: number | null;
};

/** Why the button is off, in the words the invoice page shows next to it. */
function explain(reason: SendNowRefusal, facts: Facts): string {
  switch (reason) {
    case "not_owed":
      return facts.status === "AUTHORISED"
        ? "Nothing is owed on this invoice any more, so there is nothing to remind about."
        : `This invoice is ${facts.status.toLowerCase()} in Xero, so there is nothing to remind about.`;
    case "invoice_paused":
      return "Reminders are paused for this invoice. Resume them to send one.";
    case "below_minimum":
      return `The amount due is below your minimum for reminders in ${facts.currencyCode}.`;
    case "on_its_way":
      return "A reminder for this invoice is already on its way.";
    case "emailed_today":
      return `${facts.contactName} already has a reminder email today, and Solido sends each customer at most one a day. Try again tomorrow.`;
    case "no_due_date":
      return "This invoice has no due date in Xero, so no step of the schedule applies to it.";
    case "no_next_step":
      return facts.repeatEveryDays === null
        ? "Every step of your reminder schedule has already gone out for this invoice."
        : "Every step of your reminder schedule has already gone out for this invoice, and every repeat after the last step.";
    default:
      return explainCustomerRefusal(reason, facts, "reminder");
  }
}

/** The first thing standing in the way, in the order a person would look for it; null when the reminder can go. */
function refusalOf(facts: Facts): SendNowRefusal | null {
  if (facts.settled || facts.status !== "AUTHORISED" || Number(facts.amountDue) <= 0) return "not_owed";
  const workspaceRefusal = workspaceRefusalOf(facts);
  if (workspaceRefusal) return workspaceRefusal;
  if (facts.invoicePaused) return "invoice_paused";
  const contactRefusal = contactRefusalOf(facts);
  if (contactRefusal) return contactRefusal;
  if (facts.belowMinimum) return "below_minimum";
  if (facts.onItsWay) return "on_its_way";
  if (facts.dueDate === null) return "no_due_date";
  if (facts.nextStepId === null) return "no_next_step";
  if (facts.emailedToday) return "emailed_today";
  return null;
}

/**
 * What the engine knows about one invoice for sending now, in one statement.
 * With `lock`, the invoice row is locked, so two clicks are decided one after the other.
 */
async function factsOf(executor: Executor, workspaceId: string, invoiceId: string, now: Date, lock = false): Promise<Facts | undefined> {
  // A malformed id in the URL is a missing invoice, not a database error.
  if (!z.uuid().safeParse(invoiceId).success) return undefined;
  const at = now.toISOString();
  const rows = (await executor.execute(drizzleSql`
    select i.invoice_number as "invoiceNumber", i.status, i.due_date::text as "dueDate", i.settled_seen_at is not null as settled, i.amount_due::text as "amountDue",
      i.currency_code as "currencyCode", coalesce(i.amount_due < m.minimum_amount_due, false) as "belowMinimum",
      coalesce(i.reminders_paused_until > ${at}::timestamptz, false) as "invoicePaused",
      c.id as "contactId", ${customerFactsColumns(at)},
      exists (
        select 1 from reminders r join reminder_emails e on e.id = r.email_id
        where r.invoice_id = i.id and r.status = 'planned' and e.status = 'queued'
      ) as "onItsWay",
      exists (
        select 1 from reminder_emails e where e.contact_id = c.id and e.kind = 'reminder' and e.send_date = (${at}::timestamptz at time zone w.time_zone)::date
      ) as "emailedToday",
      next.id as "nextStepId", next.repeat_number as "nextRepeatNumber", next.offset_days as "nextOffsetDays", sch.repeat_every_days as "repeatEveryDays"
    from invoices i
    join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
    ${customerFactsJoins}
    left join reminder_minimum_amounts m on m.workspace_id = w.id and m.currency_code = i.currency_code
    -- the customer's schedule (the planner's rule)
    left join reminder_schedules sch on sch.id = ${drizzleSql.raw(scheduleOfContactSql("w.id", "c.id"))}
    left join lateral (
      -- The step (or repeat after the last step) the customer's schedule would send next: of those after the latest one this
      -- invoice has had (sent, skipped or planned), the latest that has come (the planner's catch-up rule), else the
      -- first still to come. A step before the due date ("a friendly heads-up: due on …") is no longer one once the
      -- invoice is overdue.
      select s.id, s.repeat_number, s.offset_days from ${drizzleSql.raw(scheduleRowsSql("sch"))} s
      where i.due_date is not null
        and not exists (select 1 from reminders r join reminder_steps rs on rs.id = r.step_id
          where r.invoice_id = i.id
            and ${drizzleSql.raw(atOrAfterSql("r", "rs", { schedule: "sch.id", offset: "s.step_offset", repeat: "s.repeat_number", day: "s.offset_days" }))})
        and (s.offset_days >= 0 or i.due_date >= (${at}::timestamptz at time zone w.time_zone)::date)
      order by
        i.due_date + s.offset_days <= (${at}::timestamptz at time zone w.time_zone)::date desc,
        case when i.due_date + s.offset_days <= (${at}::timestamptz at time zone w.time_zone)::date then -s.offset_days else s.offset_days end
      limit 1
    ) next on true
    where i.workspace_id = ${workspaceId} and i.id = ${invoiceId}
    ${lock ? drizzleSql`for update of i` : drizzleSql``}`)) as unknown as Facts[];
  return rows[0];
}

export type SendNowCheck =
  | { ok: true; nextOffsetDays: number; nextRepeatNumber: number; to: string }
  | { ok: false; reason: SendNowRefusal; message: string };

/** Whether the invoice's next reminder can be sent now, and if not why: for the invoice page's button. Undefined for an invoice not in the workspace. */
export async function checkSendNextReminderNow(workspaceId: string, invoiceId: string, now = new Date()): Promise<SendNowCheck | undefined> {
  const facts = await factsOf(db, workspaceId, invoiceId, now);
  if (!facts) return undefined;
  return decide(facts);
}

function decide(facts: Facts): SendNowCheck {
  const reason = refusalOf(facts);
  if (reason) return { ok: false, reason, message: explain(reason, facts) };
  return { ok: true, nextOffsetDays: facts.nextOffsetDays!, nextRepeatNumber: facts.nextRepeatNumber ?? 0, to: contactRecipients(facts)!.to };
}

export type SendNowOutcome = (SendNowCheck & { ok: false }) | { ok: true; emailId: string; nextOffsetDays: number; nextRepeatNumber: number; to: string };

/**
 * Decides the invoice's next reminder now and hands it to the engine: in one
 * transaction, with the invoice row locked, the checks again, the customer's
 * email of the day (closed to the planner, its Message-ID fixed), the
 * (invoice, step) reminder, the audit entry, and the workspace's prepare job,
 * which checks payment with Xero right before rendering and queues the send.
 * Undefined for an invoice not in the workspace.
 */
export async function sendNextReminderNow(input: { workspaceId: string; invoiceId: string; userId: string; now?: Date }): Promise<SendNowOutcome | undefined> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx): Promise<SendNowOutcome | undefined> => {
    const facts = await factsOf(tx, input.workspaceId, input.invoiceId, now, true);
    if (!facts) return undefined;
    const decision = decide(facts);
    if (!decision.ok) return decision;
    const emailId = crypto.randomUUID();
    // The same keys as the planner's rows: a customer's one email of the day, one reminder per (invoice, step).
    const emails = await tx.execute(drizzleSql`
      insert into reminder_emails (id, workspace_id, contact_id, send_date, message_id, closed_at)
      values (${emailId}, ${input.workspaceId}, ${facts.contactId}, ${facts.today}::date, ${reminderMessageId(emailId)}, ${now.toISOString()}::timestamptz)
      on conflict (contact_id, kind, send_date) do nothing
      returning id`);
    if (emails.length === 0) return { ok: false, reason: "emailed_today", message: explain("emailed_today", facts) };
    const planned = await tx.execute(drizzleSql`
      insert into reminders (workspace_id, invoice_id, step_id, repeat_number, email_id, status, amount_due)
      values (${input.workspaceId}, ${input.invoiceId}, ${facts.nextStepId}, ${facts.nextRepeatNumber}, ${emailId}, 'planned', ${facts.amountDue}::numeric)
      on conflict (invoice_id, step_id, repeat_number) do nothing
      returning invoice_id`);
    // The scheduled run planned this very step a moment ago: it goes out with that run, not twice.
    if (planned.length === 0) throw new PlannedMeanwhile();
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      userId: input.userId,
      action: "invoice.reminder_sent_now",
      detail: { invoiceId: input.invoiceId, invoiceNumber: facts.invoiceNumber, offsetDays: facts.nextOffsetDays, repeatNumber: decision.nextRepeatNumber, emailId, to: decision.to },
    });
    // Ahead of other work waiting on the organisation's queue: someone is watching for this one.
    await enqueue(tx, "reminder_emails_prepare", { workspaceId: input.workspaceId }, { ...prepareJobOptions(input.workspaceId, facts.tenantId), priority: -1 });
    return { ok: true, emailId, nextOffsetDays: facts.nextOffsetDays!, nextRepeatNumber: decision.nextRepeatNumber, to: decision.to };
  }).catch((error: unknown): SendNowOutcome => {
    if (error instanceof PlannedMeanwhile) return { ok: false, reason: "on_its_way", message: "A reminder for this invoice is already on its way." };
    throw error;
  });
}

/** Undoes the transaction: the step was planned by the scheduled run in the meantime. */
class PlannedMeanwhile extends Error {}
