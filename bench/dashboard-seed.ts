// One big workspace for the dashboard benchmark, written set-based straight
// into the database (the sandbox would take an hour of paced Xero calls):
// 20,000 contacts and 100,000 invoices shaped like a real ledger — most paid,
// a third open, some overdue by years, two currencies — with a schedule and a
// month of sent reminders. A second, smaller workspace shares the tables so
// every query has to find its workspace's rows among others'.
import type { Sql } from "postgres";

export type Seeded = { workspaceId: string; slug: string; contactId: string };

async function seedWorkspace(sql: Sql, slug: string, contactCount: number, invoiceCount: number): Promise<Seeded> {
  const [workspace] = await sql<{ id: string }[]>`
    insert into workspaces (slug, name, base_currency, time_zone, country_code, reminder_mode)
    values (${slug}, ${`Bench ${slug}`}, 'NZD', 'Pacific/Auckland', 'NZ', 'live') returning id`;
  const id = workspace.id;
  await sql`
    insert into contacts (workspace_id, xero_contact_id, name, email_address, status, is_customer, xero_updated_at, email_bouncing_since, reminders_paused_until)
    select ${id}, 'c-' || g,
           (array['Harbour','Kiwi','Summit','Tui','Coastal','Southern','Alpine','Urban'])[1 + g % 8] || ' ' ||
           (array['Plumbing','Builders','Café','Studio','Electrical','Motors','Law','Dental'])[1 + (g / 8) % 8] || ' ' || g,
           case when g % 50 = 0 then null else 'accounts' || g || '@customer.test' end,
           (case when g % 200 = 0 then 'ARCHIVED' else 'ACTIVE' end)::contact_status, true, now(),
           case when g % 333 = 0 then now() end,
           case when g % 250 = 0 then now() + interval '30 days' end
    from generate_series(1, ${contactCount}) g`;
  await sql`
    insert into invoices (workspace_id, xero_invoice_id, contact_id, invoice_number, reference, status, currency_code, total, amount_due,
                          amount_paid, issue_date, due_date, xero_updated_at, settled_seen_at, reminders_paused_until)
    select ${id}, 'i-' || g, c.id, 'INV-' || lpad(g::text, 6, '0'), case when g % 7 = 0 then 'PO ' || (g * 31) % 100000 end,
           s.status::invoice_status, case when g % 20 = 0 then 'AUD' else 'NZD' end, t.total,
           case when s.status = 'AUTHORISED' then (case when g % 3 = 0 then round(t.total / 2, 2) else t.total end) else 0 end,
           case when s.status = 'PAID' then t.total else 0 end,
           current_date - (g % 730), current_date - (g % 730) + 30, now(),
           case when s.status <> 'AUTHORISED' then now() - ((g % 700) || ' days')::interval end,
           case when g % 997 = 0 then now() + interval '7 days' end
    from generate_series(1, ${invoiceCount}) g
    cross join lateral (select (((g * 7919) % 500000) / 100.0 + 10)::numeric(18, 2) as total) t
    -- recent invoices are mostly still open, old ones mostly paid
    cross join lateral (select case when g % 10 = 9 then 'VOIDED' when g % 730 < 120 or g % 10 < 2 then 'AUTHORISED' else 'PAID' end as status) s
    join contacts c on c.workspace_id = ${id} and c.xero_contact_id = 'c-' || (1 + g % ${contactCount})`;
  await sql`
    with schedule as (insert into reminder_schedules (workspace_id, name, precedence) values (${id}, 'Everyone else', 0) returning id)
    insert into reminder_steps (workspace_id, schedule_id, offset_days, subject, body)
    select ${id}, schedule.id, s.offset_days, s.subject, s.body from schedule
    cross join (values (-3, 'Coming up', 'Due soon.'), (7, 'Overdue', 'Please pay.'), (14, 'Still overdue', 'Please pay now.')) s(offset_days, subject, body)`;
  // A month of reminders: one email a day to each of 5,000 customers' first open invoice.
  await sql`
    with picked as (
      select distinct on (i.contact_id) i.id as invoice_id, i.contact_id, i.amount_due, i.settled_seen_at
      from invoices i where i.workspace_id = ${id} and i.contact_id in (select id from contacts where workspace_id = ${id} order by xero_contact_id limit 5000)
      order by i.contact_id, i.due_date
    ), emails as (
      insert into reminder_emails (workspace_id, contact_id, send_date, message_id, status, to_address, subject, html, text, sent_at)
      select ${id}, p.contact_id, current_date - (row_number() over () % 30)::int, '<bench-' || p.invoice_id || '@solido.test>', 'sent',
             'accounts@customer.test', 'Invoice reminder', '<p>Please pay.</p>', 'Please pay.', now() - ((row_number() over () % 30) || ' days')::interval
      from picked p
      returning id, contact_id
    )
    insert into reminders (workspace_id, invoice_id, step_id, email_id, status, amount_due)
    select ${id}, p.invoice_id, (select id from reminder_steps where workspace_id = ${id} and offset_days = 7), e.id, 'sent', p.amount_due
    from emails e join picked p on p.contact_id = e.contact_id`;
  const [contact] = await sql<{ id: string }[]>`
    select c.id from contacts c join invoices i on i.contact_id = c.id where c.workspace_id = ${id} group by c.id order by count(*) desc limit 1`;
  return { workspaceId: id, slug, contactId: contact.id };
}

export async function seedBenchWorkspaces(sql: Sql) {
  const big = await seedWorkspace(sql, "bench-large", 20_000, 100_000);
  await seedWorkspace(sql, "bench-neighbour", 2_000, 10_000);
  // What autovacuum does to a table soon after a bulk load: statistics, and the visibility map that lets
  // the open-invoice sums be index-only scans (without it every "index-only" scan visits the heap).
  await sql`vacuum analyze`;
  // The load's dirty pages written now: a checkpoint spreads its writes over minutes, and the
  // checkpointer's CPU would otherwise be counted as the first pages' PostgreSQL CPU (the warm
  // Dashboard read 16.3 ms a request with it, 4.7 without).
  await sql`checkpoint`;
  return big;
}
