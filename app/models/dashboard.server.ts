// The dashboard's four answers — what is owed, what is late, what Solido has
// done and what it will do — each one aggregate query, summed by Postgres as
// exact numerics and grouped by currency (amounts in different currencies are
// never added together).
import { sql } from "~/server/db.server";
import { addDays } from "~/display/format";
import { hasRecipients } from "./contact-recipients.server";
import { contactState, isOpen } from "./receivables.server";

export const AGEING_BUCKETS = [
  { key: "current", label: "Current" },
  { key: "days1to30", label: "1–30 days" },
  { key: "days31to60", label: "31–60 days" },
  { key: "days61to90", label: "61–90 days" },
  { key: "over90", label: "90+ days" },
] as const;
export type AgeingKey = (typeof AGEING_BUCKETS)[number]["key"];

export type CurrencyReceivables = {
  currencyCode: string;
  outstanding: string;
  overdue: string;
  openCount: number;
  overdueCount: number;
  ageing: Record<AgeingKey, string>;
};

/**
 * Outstanding, overdue and the ageing buckets per currency, base currency
 * first. Overdue means due before today in the organisation's time zone.
 */
export async function receivablesByCurrency(workspaceId: string, input: { today: string; baseCurrency: string | null }) {
  const { today } = input;
  const rows = await sql<(Omit<CurrencyReceivables, "ageing"> & Record<AgeingKey, string>)[]>`
    select i.currency_code as "currencyCode",
           sum(i.amount_due)::text as outstanding,
           coalesce(sum(i.amount_due) filter (where i.due_date < ${today}::date), 0)::text as overdue,
           count(*)::int as "openCount",
           (count(*) filter (where i.due_date < ${today}::date))::int as "overdueCount",
           coalesce(sum(i.amount_due) filter (where i.due_date is null or i.due_date >= ${today}::date), 0)::text as current,
           coalesce(sum(i.amount_due) filter (where i.due_date between ${addDays(today, -30)}::date and ${addDays(today, -1)}::date), 0)::text as "days1to30",
           coalesce(sum(i.amount_due) filter (where i.due_date between ${addDays(today, -60)}::date and ${addDays(today, -31)}::date), 0)::text as "days31to60",
           coalesce(sum(i.amount_due) filter (where i.due_date between ${addDays(today, -90)}::date and ${addDays(today, -61)}::date), 0)::text as "days61to90",
           coalesce(sum(i.amount_due) filter (where i.due_date < ${addDays(today, -90)}::date), 0)::text as over90
    from invoices i
    where i.workspace_id = ${workspaceId} and ${isOpen()}
    group by i.currency_code`;
  return rows
    .map(({ current, days1to30, days31to60, days61to90, over90, ...totals }) => ({
      ...totals,
      ageing: { current, days1to30, days31to60, days61to90, over90 },
    }))
    .sort((a, b) => rank(a.currencyCode, input.baseCurrency) - rank(b.currencyCode, input.baseCurrency) || a.currencyCode.localeCompare(b.currencyCode));
}

const rank = (currencyCode: string, baseCurrency: string | null) => (currencyCode === baseCurrency ? 0 : 1);

/** Whether sync has copied anything yet (the first-sync state); an exists, not a count of 100,000 rows. */
export async function hasAnyInvoice(workspaceId: string) {
  const [row] = await sql<{ any: boolean }[]>`select exists (select 1 from invoices where workspace_id = ${workspaceId}) as any`;
  return row?.any ?? false;
}

export const DSO_WINDOW_DAYS = 90;

/**
 * Days sales outstanding over the last 90 days, in the base currency:
 * what is owed now ÷ what was invoiced in the window × 90. Null when nothing
 * was invoiced (the ratio means nothing then). Foreign-currency invoices are
 * left out rather than converted at a rate Solido does not have.
 */
export async function daysSalesOutstanding(workspaceId: string, input: { today: string; baseCurrency: string | null }) {
  if (!input.baseCurrency) return null;
  const [row] = await sql<{ receivable: string; sales: string }[]>`
    select coalesce(sum(i.amount_due) filter (where ${isOpen()}), 0)::text as receivable,
           coalesce(sum(i.total) filter (where i.status in ('AUTHORISED', 'PAID') and i.issue_date > ${addDays(input.today, -DSO_WINDOW_DAYS)}::date and i.issue_date <= ${input.today}::date), 0)::text as sales
    from invoices i
    where i.workspace_id = ${workspaceId} and i.currency_code = ${input.baseCurrency}
      and (${isOpen()} or i.issue_date > ${addDays(input.today, -DSO_WINDOW_DAYS)}::date)`;
  const sales = Number(row?.sales ?? 0);
  if (!row || sales <= 0) return null;
  // A ratio shown as whole days: floating point is fine here, unlike the amounts.
  return Math.round((Number(row.receivable) / sales) * DSO_WINDOW_DAYS);
}

export type CollectedAfterReminder = { currencyCode: string; invoiceCount: number; amountCollected: string };

/**
 * What Solido has done: emails sent in the last 7 and 30 days, and invoices
 * paid in the last 30 days after at least one reminder, with the amount those
 * reminders asked for (the amount due when the first reminder went). Also the
 * moment these counts next change by time alone (an email or a payment leaving
 * its window; null if none will), so they can be kept until then.
 */
export async function reminderActivity(workspaceId: string) {
  const [sent] = await sql<{ last7: number; last30: number; changesAt: Date | null }[]>`
    select (count(*) filter (where e.sent_at > now() - interval '7 days'))::int as last7, count(*)::int as last30,
           least(min(e.sent_at) filter (where e.sent_at > now() - interval '7 days') + interval '7 days', min(e.sent_at) + interval '30 days') as "changesAt"
    from reminder_emails e
    where e.workspace_id = ${workspaceId} and e.status = 'sent' and e.sent_at > now() - interval '30 days'`;
  const collected = await sql<(CollectedAfterReminder & { changesAt: Date })[]>`
    select i.currency_code as "currencyCode", count(*)::int as "invoiceCount", sum(coalesce(first_reminder.amount_due, i.total))::text as "amountCollected",
           min(i.settled_seen_at) + interval '30 days' as "changesAt"
    from invoices i
    join lateral (
      select r.amount_due from reminders r join reminder_emails e on e.id = r.email_id
      where r.workspace_id = i.workspace_id and r.invoice_id = i.id and r.status = 'sent' and e.sent_at < i.settled_seen_at
      order by e.sent_at limit 1
    ) first_reminder on true
    where i.workspace_id = ${workspaceId} and i.status = 'PAID' and i.settled_seen_at > now() - interval '30 days'
    group by i.currency_code
    order by i.currency_code`;
  return {
    sentLast7Days: sent?.last7 ?? 0,
    sentLast30Days: sent?.last30 ?? 0,
    collected: collected.map(({ changesAt: _, ...row }) => row),
    changesAt: earliest([sent?.changesAt ?? null, ...collected.map((row) => row.changesAt)]),
  };
}

/** The earliest of some moments, or null when there are none. */
export const earliest = (moments: (Date | null)[]) =>
  moments.reduce<Date | null>((first, moment) => (moment && (!first || moment < first) ? moment : first), null);

export type AttentionContact = { id: string; name: string };
export type NeedsAttention = {
  noEmail: { count: number; examples: AttentionContact[] };
  bouncing: { count: number; examples: AttentionContact[] };
  pausedContacts: number;
  pausedInvoices: number;
};


/**
 * Customers and invoices reminders cannot reach: owed money but no email, an
 * address that bounces, and what an admin paused. (Xero's connection and
 * failed syncs come from their own modules.) Also the moment the lists next
 * change by time alone: the first of their pauses to end (null if none will).
 */
export async function needsAttention(workspaceId: string): Promise<NeedsAttention & { changesAt: Date | null }> {
  const contactsWithState = await sql<{ state: string; count: number; examples: AttentionContact[]; pausedUntil: Date | null }[]>`
    with owing as (
      select c.id, c.name, c.reminders_paused_until, ${contactState()} as state
      from contacts c
      where c.workspace_id = ${workspaceId}
        -- the few contacts in one of these states first, then whether each owes anything
        and (not ${hasRecipients()} or c.email_bouncing_since is not null or c.reminders_paused_until > now())
        and exists (select 1 from invoices i where i.workspace_id = c.workspace_id and i.contact_id = c.id and ${isOpen()})
    )
    -- up to five names per state, alphabetically, as examples to link to
    select state, count(*)::int as count,
           to_jsonb((array_agg(jsonb_build_object('id', id, 'name', name) order by name))[1:5]) as examples,
           min(reminders_paused_until) filter (where state = 'paused') as "pausedUntil"
    from owing where state in ('no_email', 'bouncing', 'paused')
    group by state`;
  const byState = new Map(contactsWithState.map((row) => [row.state, row]));
  const [pausedInvoices] = await sql<{ count: number; pausedUntil: Date | null }[]>`
    select count(*)::int as count, min(i.reminders_paused_until) as "pausedUntil" from invoices i
    where i.workspace_id = ${workspaceId} and ${isOpen()} and i.reminders_paused_until > now()`;
  const pick = (state: string) => ({ count: byState.get(state)?.count ?? 0, examples: byState.get(state)?.examples ?? [] });
  return {
    noEmail: pick("no_email"),
    bouncing: pick("bouncing"),
    pausedContacts: byState.get("paused")?.count ?? 0,
    pausedInvoices: pausedInvoices?.count ?? 0,
    changesAt: earliest([byState.get("paused")?.pausedUntil ?? null, pausedInvoices?.pausedUntil ?? null]),
  };
}
