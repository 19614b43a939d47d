// Deciding the month's statements, set-based, over every workspace at once
// (or one): a live workspace with monthly statements on, connected to Xero,
// not paused, inside its send window on the day its statement goes (the
// setting's day of the month in the organisation's time zone, moved to the
// next sending weekday when it is not one: app/statements/schedule.ts), gets
// one `reminder_emails` row of kind `statement` per customer with anything
// open and someone to write to. The row names its month, and the key
// (contact, statement_period) makes a second pass, a second worker or a rerun
// add nothing: a customer gets one statement a month. The prepare job then
// asks Xero about the customer's open invoices and renders what is still open;
// the send job hands it over exactly once, as it does reminders.
import type { Sql } from "postgres";
import { sql as appSql } from "~/server/db.server";
import { hasRecipientsCondition } from "~/models/contact-recipients.server";
import { hasUnallocatedCreditCondition } from "~/models/credit-notes.server";
import { xeroQueueName } from "~/models/sync-runs.server";
import { messageIdDomain } from "~/reminders/planner.server";

/** A statement's Message-ID, fixed when it is decided (planStatements writes the same in SQL). */
export const statementMessageId = (emailId: string) => `<statement-${emailId}@${messageIdDomain()}>`;

/**
 * The workspaces whose statement goes today, as rows (id, today, period):
 * the SQL twin of statementDueOn. The previous month's too, for a last day
 * moved past the month's end by a weekend.
 */
const workspacesDueStatements = (sql: Sql, at: string, workspaceId: string | undefined) => sql`
  select w.id, w.xero_tenant_id, w.hold_reminders_while_credit, local.today, to_char(period_of.start, 'YYYY-MM') as period
  from workspaces w
  join xero_connections x on x.workspace_id = w.id and x.status = 'connected'
  cross join lateral (select (${at}::timestamptz at time zone w.time_zone)::date as today) local
  cross join lateral (values (date_trunc('month', local.today)::date), ((date_trunc('month', local.today) - interval '1 month')::date)) period_of(start)
  cross join lateral (
    select (period_of.start + least(w.monthly_statement_day, extract(day from period_of.start + interval '1 month' - interval '1 day')::int) - 1) as scheduled) s
  where w.reminder_mode = 'live' and w.monthly_statement_day is not null
    ${workspaceId ? sql`and w.id = ${workspaceId}` : sql``}
    and extract(isodow from ${at}::timestamptz at time zone w.time_zone)::int = any(w.send_weekdays)
    and extract(hour from ${at}::timestamptz at time zone w.time_zone)::int >= w.send_window_start_hour
    and extract(hour from ${at}::timestamptz at time zone w.time_zone)::int < w.send_window_end_hour
    and not coalesce(w.reminders_paused_until > ${at}::timestamptz, false)
    and (select min(d)::date from generate_series(s.scheduled, s.scheduled + 6, interval '1 day') d
         where extract(isodow from d)::int = any(w.send_weekdays)) = local.today`;

export type StatementPlanOutcome = { statements: number; workspaces: number };

/**
 * Decides today's statements of every workspace whose statement day it is (or of one), and queues
 * a prepare job for each workspace given any: one statement; running it twice decides nothing twice.
 */
export async function planStatements(now: Date, sql: Sql = appSql, scope: { workspaceId?: string } = {}): Promise<StatementPlanOutcome> {
  const at = now.toISOString();
  return sql.begin(async (tx) => {
    const [decision] = await tx<{ statements: number; workspaces: number }[]>`
      with due_workspaces as (${workspacesDueStatements(tx as unknown as Sql, at, scope.workspaceId)}),
      due as (
        select dw.id as workspace_id, c.id as contact_id, dw.today, dw.period
        from due_workspaces dw
        join contacts c on c.workspace_id = dw.id
        where c.status = 'ACTIVE' and ${tx.unsafe(hasRecipientsCondition)} and c.email_bouncing_since is null
          and not coalesce(c.reminders_paused_until > ${at}::timestamptz, false)
          and not (dw.hold_reminders_while_credit and ${tx.unsafe(hasUnallocatedCreditCondition)})
          -- Never for a customer with nothing open.
          and exists (select 1 from invoices i where i.workspace_id = c.workspace_id and i.contact_id = c.id
            and i.status = 'AUTHORISED' and i.amount_due > 0 and i.settled_seen_at is null)
      ),
      -- Closed as it is written: no reminder ever joins a statement.
      created as (
        insert into reminder_emails (id, workspace_id, contact_id, kind, send_date, statement_period, message_id, closed_at)
        select d.id, d.workspace_id, d.contact_id, 'statement', d.today, d.period, '<statement-' || d.id || '@' || ${messageIdDomain()} || '>', ${at}::timestamptz
        from (select uuidv7() as id, * from due order by workspace_id, contact_id) d
        on conflict do nothing
        returning workspace_id),
      by_workspace as (select distinct workspace_id from created),
      jobs as (
        select ('reminder_emails_prepare', json_build_object('workspaceId', w.id), ${xeroQueueName("")} || w.xero_tenant_id,
          null, 10, 'reminder_emails_prepare:' || w.id, null, null)::graphile_worker.job_spec as spec
        from workspaces w join by_workspace b on b.workspace_id = w.id
        where w.xero_tenant_id is not null),
      added as (select 1 from graphile_worker.add_jobs(array(select spec from jobs)))
      select (select count(*)::int from created) as statements, (select count(*)::int from by_workspace) as workspaces,
        (select count(*) from added) as added`;
    return { statements: decision.statements, workspaces: decision.workspaces };
  });
}
