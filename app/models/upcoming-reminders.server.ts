// The reminders Solido will send in the coming days, worked out from the
// schedule rather than read from the outbox: an invoice gets step S on its due
// date + S's offset, unless that step already went out (or was skipped), the
// invoice or its customer is paused past that day, the customer has no usable
// address, or the amount is under the currency's minimum. Planning from the
// schedule means the queue is right even for days the reminder engine has not
// planned yet, and a pause takes effect on the page the moment it is saved.
import { sql } from "~/server/db.server";
import { addDays } from "~/display/format";
import { contactRecipients, hasRecipients } from "./contact-recipients.server";
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
  offsetDays: number;
  /** The calendar day (organisation's time zone) the reminder is due to go. */
  sendOn: string;
  currencyCode: string;
  amountDue: string;
};

export async function listUpcomingReminders(
  workspaceId: string,
  input: { today: string; days: number; timeZone: string; contactId?: string; invoiceId?: string; limit?: number },
) {
  const last = addDays(input.today, input.days);
  const limit = input.limit ?? 50;
  // An invoice i and step s of the workspace, joined to the contact c and workspace w, that make a reminder
  // due in [today, last]. The whole workspace may be paused (Settings → Reminders): then nothing is upcoming
  // before the pause ends.
  const due = sql`
    from invoices i
    join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
    join workspaces w on w.id = i.workspace_id
    where i.workspace_id = ${workspaceId}
      and ${isOpen()} and i.settled_seen_at is null
      -- due_date + offset within [today, last], written so the (workspace_id, due_date) index bounds it
      and i.due_date between ${input.today}::date - s.offset_days and ${last}::date - s.offset_days
      ${input.contactId ? sql`and i.contact_id = ${input.contactId}` : sql``}
      ${input.invoiceId ? sql`and i.id = ${input.invoiceId}` : sql``}
      and c.status = 'ACTIVE' and ${hasRecipients()} and c.email_bouncing_since is null
      and (i.reminders_paused_until is null or i.reminders_paused_until <= ((i.due_date + s.offset_days)::timestamp at time zone ${input.timeZone}))
      and (c.reminders_paused_until is null or c.reminders_paused_until <= ((i.due_date + s.offset_days)::timestamp at time zone ${input.timeZone}))
      and (w.reminders_paused_until is null or w.reminders_paused_until <= ((i.due_date + s.offset_days)::timestamp at time zone ${input.timeZone}))
      -- The engine sends only the latest step due and never goes back: a reminder for a later step
      -- ends this one, as does this step already sent or skipped (a planned one is still to go).
      and not exists (
        select 1 from reminders r join reminder_steps rs on rs.id = r.step_id
        where r.workspace_id = i.workspace_id and r.invoice_id = i.id
          and (rs.offset_days > s.offset_days or (r.step_id = s.id and r.status in ('sent', 'skipped'))))
      and not exists (
        select 1 from reminder_minimum_amounts m
        where m.workspace_id = i.workspace_id and m.currency_code = i.currency_code and i.amount_due < m.minimum_amount_due)`;
  // Only the first `limit` reminders are shown, but sorting needs every candidate in the window (thousands
  // at 100k invoices) unless the window is cut first: each step's own `limit`-th reminder, walking its
  // invoices in due-date order, is a day the overall first `limit` cannot be later than. So the window
  // ends at the earliest such day, and only the reminders up to it are joined and sorted. One customer's
  // or one invoice's candidates are few: their window is not worth cutting.
  const narrowed = input.contactId !== undefined || input.invoiceId !== undefined;
  const rows = await sql<(Omit<UpcomingReminder, "emailAddress" | "ccAddresses"> & { contactEmailAddress: string | null; ccEmailAddresses: string[] })[]>`
    with enabled_steps as (
      select s.id, s.offset_days from reminder_steps s where s.workspace_id = ${workspaceId} and s.enabled
    ), window_end as (
      ${
        narrowed
          ? sql`select ${last}::date as day`
          : sql`
      select coalesce(min(nth.send_on), ${last}::date) as day
      from enabled_steps s
      cross join lateral (select i.due_date + s.offset_days as send_on ${due} order by i.due_date offset ${limit - 1} limit 1) nth`
      }
    )
    select found.*
    from enabled_steps s
    cross join lateral (
      select i.id as "invoiceId", i.invoice_number as "invoiceNumber", c.id as "contactId", c.name as "contactName",
             c.email_address as "contactEmailAddress", c.cc_email_addresses as "ccEmailAddresses", s.id as "stepId", s.offset_days as "offsetDays",
             to_char(i.due_date + s.offset_days, 'YYYY-MM-DD') as "sendOn", i.currency_code as "currencyCode",
             i.amount_due::text as "amountDue"
      ${due} and i.due_date <= (select day from window_end) - s.offset_days
    ) found
    -- "sendOn" is YYYY-MM-DD, so as text it sorts as the day does
    order by found."sendOn", found."contactName", found."invoiceNumber"
    limit ${limit}`;
  return rows.flatMap(({ contactEmailAddress, ccEmailAddresses, ...row }): UpcomingReminder[] => {
    const recipients = contactRecipients({ emailAddress: contactEmailAddress, ccEmailAddresses });
    // Only where every included person's address is malformed: prepare would drop it as "no_email" too.
    return recipients ? [{ ...row, emailAddress: recipients.to, ccAddresses: recipients.cc }] : [];
  });
}
