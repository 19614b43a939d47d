// The reminders Solido will send in the coming days. The first day reminders
// can go (now, inside the send window, or the window's next opening) is the
// planner's own answer at that moment (dueRemindersAt): catch-ups of invoices
// that missed steps, the cut-off, every block — so the list, an invoice's "next
// reminder" and the go-live count agree with what a pass then sends — plus
// reminders already planned and not yet sent. The days after are worked out
// from the customer's schedule (the planner's rule for which one applies): an
// invoice gets step S on the first send day on or after its due date + S's
// offset, unless that step (or a later one) already went out (or was
// skipped), the invoice, its customer or the workspace is paused past that day,
// the customer has no usable address, the amount is under the currency's
// minimum, or the invoice is then older than the cut-off. Planning from the
// schedule means the queue is right even for days not planned yet, and a
// pause takes effect on the page the moment it is saved.
import type { PendingQuery, Row as SqlRow } from "postgres";
import { sql } from "~/server/db.server";
import { addDays } from "~/display/format";
import { atOrAfterSql, dueRemindersAt, reminderDaySql, scheduleOfContactSql, scheduleRowsSql, workspaceSchedulesSql } from "~/reminders/planner.server";
import { nextSendMoment, type SendMoment, type SendWindow } from "~/reminders/send-window";
import { contactRecipients, hasRecipients } from "./contact-recipients.server";
import { hasUnallocatedCredit } from "./credit-notes.server";
import { isOpen } from "./receivables.server";

export type UpcomingReminder = {
  invoiceId: string;
  invoiceNumber: string | null;
  contactId: string;
  contactName: string;
  /** Who it will be addressed to (contact-recipients.server.ts). */
  emailAddress: string;
  ccAddresses: string[];
  stepId: string;
  /** 0 for the step itself, N for the Nth repeat after the schedule's last step. */
  repeatNumber: number;
  /** Days after the due date (a repeat's own day). */
  offsetDays: number;
  /** The calendar day (organisation's time zone) the reminder is due to go: a send day. */
  sendOn: string;
  currencyCode: string;
  amountDue: string;
  /** No reminder about this invoice was sent before: the email uses the step's first-contact words. */
  firstEmail: boolean;
};

type Row = Omit<UpcomingReminder, "emailAddress" | "ccAddresses"> & { contactEmailAddress: string | null; ccEmailAddresses: string[] };

/** The workspace's send window and the first moment reminders can go from `now`. */
export async function firstSendMoment(workspaceId: string, now: Date): Promise<{ window: SendWindow; moment: SendMoment }> {
  const [workspace] = await sql<{ timeZone: string; startHour: number; endHour: number; weekdays: number[] }[]>`
    select time_zone as "timeZone", send_window_start_hour as "startHour", send_window_end_hour as "endHour", send_weekdays as weekdays
    from workspaces where id = ${workspaceId}`;
  const window: SendWindow = workspace ?? { timeZone: "UTC", startHour: 9, endHour: 17, weekdays: [1, 2, 3, 4, 5] };
  return { window, moment: nextSendMoment(window, now) };
}

export async function listUpcomingReminders(
  workspaceId: string,
  input: { today: string; days: number; timeZone: string; contactId?: string; invoiceId?: string; invoiceIds?: string[]; limit?: number; now?: Date },
): Promise<UpcomingReminder[]> {
  const last = addDays(input.today, input.days);
  const limit = input.limit ?? 50;
  const { moment } = await firstSendMoment(workspaceId, input.now ?? new Date());
  const firstDay = moment.day;
  const narrow = sql`
    ${input.contactId ? sql`and i.contact_id = ${input.contactId}` : sql``}
    ${input.invoiceId ? sql`and i.id = ${input.invoiceId}` : sql``}
    ${input.invoiceIds ? sql`and i.id = any(array(select jsonb_array_elements_text(${JSON.stringify(input.invoiceIds)}::jsonb)::uuid))` : sql``}`;
  const columns = sql`i.id as "invoiceId", i.invoice_number as "invoiceNumber", c.id as "contactId", c.name as "contactName",
    c.email_address as "contactEmailAddress", c.cc_email_addresses as "ccEmailAddresses", i.currency_code as "currencyCode", i.amount_due::text as "amountDue",
    not exists (select 1 from reminders sent where sent.invoice_id = i.id and sent.status = 'sent') as "firstEmail"`;

  // The first send day: what a planning pass at that moment decides, and what is planned already and not yet sent.
  const first = firstDay > last ? [] : await firstDayReminders(workspaceId, { ...input, limit, firstDay, at: moment.at, columns, narrow });

  // The days after: from the schedule, each step on the first send day on or after its own day.
  const later =
    first.length >= limit || firstDay >= last
      ? []
      : await sql<Row[]>`
    with w as (
      select w.id, w.send_weekdays, w.chase_within_days, w.reminders_paused_until, w.time_zone, w.hold_reminders_while_credit,
        schedules.default_schedule_id, schedules.group_schedules
      from workspaces w cross join lateral ${sql.unsafe(workspaceSchedulesSql("w"))} schedules where w.id = ${workspaceId}
    ),
    -- each schedule's steps and, when it repeats after its last step, the repeats (the planner's days); an
    -- invoice is held to its customer's schedule's (below)
    enabled_steps as (
      select sch.id as schedule_id, s.* from w
      join reminder_schedules sch on sch.workspace_id = w.id and sch.retired_at is null
        and (w.group_schedules or sch.id = w.default_schedule_id)
      cross join lateral ${sql.unsafe(scheduleRowsSql("sch"))} s
    ),
    candidates as (
      select ${columns}, s.id as "stepId", s.repeat_number as "repeatNumber", s.offset_days as "offsetDays",
        (select min(d)::date from generate_series(held.day, held.day + 6, interval '1 day') d
          where extract(isodow from d)::int = any(w.send_weekdays)) as send_on, i.due_date
      from enabled_steps s
      cross join w
      join invoices i on i.workspace_id = ${workspaceId}
        -- due_date + offset after the first send day and up to the last, written so the (workspace_id, due_date) index bounds it
        and i.due_date > ${firstDay}::date - s.offset_days and i.due_date <= ${last}::date - s.offset_days
      join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
      -- A step whose day falls in a pause (a promise to pay, an admin's pause) goes on the day the pause ends,
      -- as the planner lets through what a pause held back.
      cross join lateral (
        select greatest(i.due_date + s.offset_days,
          (greatest(i.reminders_paused_until, c.reminders_paused_until, w.reminders_paused_until) at time zone w.time_zone)::date) as day
      ) held
      where ${isOpen()} and i.settled_seen_at is null ${narrow}
        and c.status = 'ACTIVE' and ${hasRecipients()} and c.email_bouncing_since is null
        -- the customer's own schedule (the planner's rule)
        and s.schedule_id = ${sql.unsafe(scheduleOfContactSql("w.id", "c.id", { defaultScheduleId: "w.default_schedule_id", groupSchedules: "w.group_schedules" }))}
        -- held while the customer has unallocated credit, when the workspace holds reminders for credit
        and not (w.hold_reminders_while_credit and ${hasUnallocatedCredit()})
        -- The engine sends only the latest step due and never goes back: a reminder for a later step (or
        -- repeat) ends this one, as does this one already sent or skipped.
        and not exists (
          select 1 from reminders r join reminder_steps rs on rs.id = r.step_id
          where r.workspace_id = i.workspace_id and r.invoice_id = i.id
            and ${sql.unsafe(atOrAfterSql("r", "rs", { schedule: "s.schedule_id", offset: "s.step_offset", repeat: "s.repeat_number", day: "s.offset_days" }))})
        and not exists (
          select 1 from reminder_minimum_amounts m
          where m.workspace_id = i.workspace_id and m.currency_code = i.currency_code and i.amount_due < m.minimum_amount_due)
    )
    select distinct on (found.send_on, found."contactName", found."invoiceNumber", found."invoiceId")
      found."invoiceId", found."invoiceNumber", found."contactId", found."contactName", found."contactEmailAddress", found."ccEmailAddresses",
      found."currencyCode", found."amountDue", found."firstEmail", found."stepId", found."repeatNumber", found."offsetDays", to_char(found.send_on, 'YYYY-MM-DD') as "sendOn"
    from candidates found
    cross join w
    join invoices i on i.id = found."invoiceId"
    join contacts c on c.id = found."contactId"
    where found.send_on <= ${last}::date
      and found.due_date >= found.send_on - coalesce(w.chase_within_days, 100000)
      -- A step before the due date held past it (a pause, the weekdays) is no heads-up any more: the planner drops it.
      and (found."offsetDays" >= 0 or found.send_on <= found.due_date)
      and (i.reminders_paused_until is null or i.reminders_paused_until <= (found.send_on::timestamp + interval '23 hours') at time zone w.time_zone)
      and (c.reminders_paused_until is null or c.reminders_paused_until <= (found.send_on::timestamp + interval '23 hours') at time zone w.time_zone)
      and (w.reminders_paused_until is null or w.reminders_paused_until <= (found.send_on::timestamp + interval '23 hours') at time zone w.time_zone)
    -- Two steps of one invoice landing on the same send day (a weekend between them): only the later goes.
    order by found.send_on, found."contactName", found."invoiceNumber", found."invoiceId", found."offsetDays" desc
    limit ${limit - first.length}`;

  return [...first, ...later].flatMap(({ contactEmailAddress, ccEmailAddresses, ...row }): UpcomingReminder[] => {
    const recipients = contactRecipients({ emailAddress: contactEmailAddress, ccEmailAddresses });
    // Only where every included person's address is malformed: prepare would drop it as "no_email" too.
    return recipients ? [{ ...row, emailAddress: recipients.to, ccAddresses: recipients.cc }] : [];
  });
}

type Fragment = PendingQuery<SqlRow[]>;

type FirstDayInput = {
  today: string;
  contactId?: string;
  invoiceId?: string;
  invoiceIds?: string[];
  limit: number;
  firstDay: string;
  at: Date;
  columns: Fragment;
  narrow: Fragment;
};

/**
 * The first send day's reminders in the list's order (contact name, then invoice number), the first
 * `limit` of them. The planner's answer is decided only for the customers that can come first: the
 * first 2 × `limit` with an open invoice in name order (and any sharing the last one's name), then 4
 * times as many each time, until the customers left out can only come after what was found.
 * Deciding every open invoice's reminder to show the first ten cost the dashboard and the Reminders
 * page 150–200 ms of PostgreSQL at 100,000 invoices.
 */
async function firstDayReminders(workspaceId: string, input: FirstDayInput): Promise<Row[]> {
  const { limit, firstDay, columns, narrow } = input;
  for (let customers = 2 * limit; ; customers *= 4) {
    const { contactIds, bound } = input.contactId
      ? { contactIds: [input.contactId], bound: undefined }
      : input.invoiceId || input.invoiceIds
        ? { contactIds: undefined, bound: undefined }
        : await firstCustomers(workspaceId, customers);
    const rows = await sql<(Row & { withinBound: boolean })[]>`
    select * from (
      select ${columns}, d.step_id as "stepId", d.repeat_number as "repeatNumber", d.offset_days as "offsetDays", ${firstDay} as "sendOn"
      from (${dueRemindersAt(sql, workspaceId, input.at, { invoiceId: input.invoiceId, invoiceIds: input.invoiceIds, contactIds })}) d
      join invoices i on i.id = d.invoice_id
      join contacts c on c.id = d.contact_id
      -- Xero being disconnected holds everything back, and the pages say so once; the list still shows what goes on reconnecting.
      where (d.blocked is null or d.blocked = 'not_connected') ${narrow}
      union all
      select ${columns}, r.step_id, r.repeat_number, ${sql.unsafe(reminderDaySql("r", "rs"))}, to_char(e.send_date, 'YYYY-MM-DD')
      from reminders r
      join reminder_emails e on e.id = r.email_id and e.status = 'queued' and e.send_date >= ${input.today}::date
      join reminder_steps rs on rs.id = r.step_id
      join invoices i on i.id = r.invoice_id
      join contacts c on c.id = i.contact_id
      where r.workspace_id = ${workspaceId} and r.status = 'planned' ${narrow}
    ) found
    cross join lateral (
      -- whether a customer left out could come before this row: not if it is on an earlier day, or on the first day at or before the bound's name
      select ${bound ?? null}::text is null or found."sendOn" < ${firstDay}
        or (found."sendOn" = ${firstDay} and found."contactName" <= ${bound ?? null}::text) as "withinBound"
    ) placed
    order by found."sendOn", found."contactName", found."invoiceNumber"
    limit ${limit}`;
    if (bound === undefined || (rows.length === limit && rows[limit - 1].withinBound)) return rows.map(({ withinBound: _, ...row }) => row);
  }
}

/**
 * The first `count` customers by name with an open invoice (only they can have a reminder), and any
 * sharing the last one's name; `bound` is that name, or undefined when there are no more customers.
 */
async function firstCustomers(workspaceId: string, count: number): Promise<{ contactIds: string[]; bound: string | undefined }> {
  const owing = sql`exists (select 1 from invoices i where i.workspace_id = c.workspace_id and i.contact_id = c.id and ${isOpen()})`;
  const first = await sql<{ id: string; name: string }[]>`
    select c.id, c.name from contacts c where c.workspace_id = ${workspaceId} and ${owing} order by c.name limit ${count}`;
  if (first.length < count) return { contactIds: first.map(({ id }) => id), bound: undefined };
  const bound = first[first.length - 1].name;
  const sameName = await sql<{ id: string }[]>`select c.id from contacts c where c.workspace_id = ${workspaceId} and c.name = ${bound} and ${owing}`;
  return { contactIds: [...new Set([...first, ...sameName].map(({ id }) => id))], bound };
}
