// Finding what is due, set-based, over every workspace at once.
//
// An invoice is due a reminder when one of its workspace's enabled steps has
// come (due date + offset ≤ the organisation's local today) and no reminder
// exists yet for that step or a later one. Only the latest such step counts:
// an invoice that missed several steps (reminders just turned on, a pause
// lifted, a worker down for a day) gets the latest one once, never a burst.
//
// A run with nothing due must cost next to nothing, every few minutes, over a
// million invoices. So each complete pass over a live workspace leaves a mark
// (`reminder_plan_marks`): the local day, and the versions of everything that
// decides its reminders. While those versions stand and no pause has ended,
// the only invoices that can have become due since are those at a step whose
// day has come since the mark: the next pass reads just those (a few days of
// due dates per step), and a pass on the same day reads no invoice at all.
//
// The planner writes the decision before anything is sent: one
// `reminder_emails` row per customer per local day and one `reminders` row per
// (invoice, step), unique, so a second planner run adds nothing. It runs only
// for live workspaces inside their send window, in their own time zone
// (PostgreSQL's `at time zone` does the daylight-saving arithmetic).
import type { Sql } from "postgres";
import { sql as appSql } from "~/server/db.server";
import { env } from "~/server/env.server";
import { hasRecipientsCondition } from "~/models/contact-recipients.server";
import { hasUnallocatedCreditCondition } from "~/models/credit-notes.server";
import { xeroQueueName } from "~/models/sync-runs.server";
import { DEFAULT_STEPS, KEPT_AS_RECORD_BELOW, REMOVED_STEP_OFFSET } from "./schedule";

/** Why a due reminder is not sent; null when nothing stands in the way. */
export type BlockedReason =
  | "not_connected"
  | "workspace_paused"
  | "invoice_paused"
  | "contact_archived"
  | "contact_paused"
  | "held_for_credit"
  | "no_email"
  | "email_bouncing"
  | "below_minimum";

export const BLOCKED_REASONS: Record<BlockedReason, string> = {
  not_connected: "Xero is not connected, so Solido cannot check payments before sending.",
  workspace_paused: "Reminders are paused for the whole workspace.",
  invoice_paused: "Reminders are paused for this invoice.",
  contact_archived: "The contact is archived in Xero.",
  contact_paused: "Reminders are paused for this customer.",
  held_for_credit: "The customer has unallocated credit in Xero, and you hold reminders while credit remains.",
  no_email: "The contact has no email address in Xero, and no person included in emails.",
  email_bouncing: "Emails to this contact bounced; fix the address in Xero.",
  below_minimum: "The amount due is below your minimum for reminders.",
};

/** The name of a workspace's default schedule: everyone not in a contact group with a schedule of its own. */
export const DEFAULT_SCHEDULE_NAME = "Everyone else";

/**
 * Writes the default schedule, with the default steps, for workspaces that never had one (all of them, or
 * one). A workspace has its default schedule for good (it cannot be removed), so one whose admin removed
 * every step is not handed the defaults again.
 */
export async function ensureDefaultSchedules(sql: Sql = appSql, workspaceId?: string) {
  await sql`
    with seeded as (
      insert into reminder_schedules (workspace_id, name, precedence)
      select w.id, ${DEFAULT_SCHEDULE_NAME}, 0 from workspaces w
      where not exists (select 1 from reminder_schedules d where d.workspace_id = w.id and d.xero_contact_group_id is null)
        ${workspaceId ? sql`and w.id = ${workspaceId}` : sql``}
      on conflict do nothing
      returning id, workspace_id
    )
    insert into reminder_steps (workspace_id, schedule_id, offset_days, subject, body, first_subject, first_body, tone, enabled)
    select seeded.workspace_id, seeded.id, d."offsetDays", d.subject, d.body, d."firstSubject", d."firstBody", d.tone::reminder_tone, d.enabled
    from seeded cross join jsonb_to_recordset(${JSON.stringify(DEFAULT_STEPS)}::jsonb)
      as d("offsetDays" int, subject text, body text, "firstSubject" text, "firstBody" text, tone text, enabled boolean)
    on conflict (schedule_id, offset_days) do nothing`;
}

/** For a preview: only these invoices (one, or a list page's rows), or these customers' (a page about one of them reads only theirs). */
export type PreviewNarrowing = { invoiceId?: string; invoiceIds?: string[]; contactIds?: string[] };

type Scope = { now: Date; workspaceId?: string; forSending: boolean; narrow?: PreviewNarrowing };

/**
 * Which schedule applies to a contact (docs/decisions/0020-schedules-per-contact-group.md): of the
 * schedules of the contact's Xero groups that are not retired, the one with the lowest precedence; else the
 * workspace's default. The one rule the planner, the upcoming list and previews, "send the next reminder
 * now", the invoice page and the go-live count share. `workspaceId`, `contactId`: SQL of the ids. With
 * `known` (SQL of the workspace's default schedule id and whether it has any group schedule), a workspace
 * with only its default (nearly all) is answered without a look at groups.
 */
export const scheduleOfContactSql = (workspaceId: string, contactId: string, known?: { defaultScheduleId: string; groupSchedules: string }) => {
  const byGroup = `(select gs.id from contact_group_members m
      join contact_groups g on g.id = m.contact_group_id
      join reminder_schedules gs on gs.workspace_id = g.workspace_id and gs.xero_contact_group_id = g.xero_contact_group_id and gs.retired_at is null
      where m.contact_id = ${contactId} order by gs.precedence, gs.id limit 1)`;
  return known
    ? `(case when ${known.groupSchedules} then coalesce(${byGroup}, ${known.defaultScheduleId}) else ${known.defaultScheduleId} end)`
    : `coalesce(${byGroup}, (select ds.id from reminder_schedules ds where ds.workspace_id = ${workspaceId} and ds.xero_contact_group_id is null and ds.retired_at is null))`;
};

/**
 * A workspace's default schedule (`default_schedule_id`) and whether any group schedule stands beside it
 * (`group_schedules`), for scheduleOfContactSql's `known`. `workspace` names a row of workspaces in scope.
 */
export const workspaceSchedulesSql = (workspace: string) => `(
  select d.id as default_schedule_id, exists (select 1 from reminder_schedules g
      where g.workspace_id = ${workspace}.id and g.xero_contact_group_id is not null and g.retired_at is null) as group_schedules
  from reminder_schedules d where d.workspace_id = ${workspace}.id and d.xero_contact_group_id is null and d.retired_at is null)`;

/**
 * A schedule as rows, repeats included, for the pages that work a few invoices out step by step (the
 * upcoming days, "send the next reminder now"): each enabled step (`repeat_number` 0) and, when the
 * schedule repeats after its last step, that step again N × every days later. `step_offset` is the
 * step's own offset, `offset_days` the reminder's day. `schedule` names a row of reminder_schedules in
 * scope. The planner's offsets (scheduleOffsets below) are the same days.
 */
export const scheduleRowsSql = (schedule: string) => `(
  select s.id, s.offset_days as step_offset, s.offset_days, 0 as repeat_number
  from reminder_steps s where s.schedule_id = ${schedule}.id and s.enabled
  union all
  select last.id, last.offset_days, last.offset_days + n * ${schedule}.repeat_every_days, n
  from (select s.id, s.offset_days from reminder_steps s where s.schedule_id = ${schedule}.id and s.enabled order by s.offset_days desc limit 1) last
  cross join generate_series(1, case when ${schedule}.repeat_every_days is null then 0 else ${schedule}.repeat_limit end) n)`;

/**
 * A reminder's day, in days after the due date: its step's offset (a step removed after it sent reminders
 * is kept out of the schedule's way, its offset still readable: schedule.ts), plus N × its schedule's
 * "every" for the Nth repeat. `reminder`/`step` name a reminders row and its reminder_steps row.
 */
export const reminderDaySql = (reminder: string, step: string) =>
  `(case when ${step}.offset_days < ${KEPT_AS_RECORD_BELOW} then ${REMOVED_STEP_OFFSET} - ${step}.offset_days else ${step}.offset_days end
    + case when ${reminder}.repeat_number = 0 then 0
    else ${reminder}.repeat_number * coalesce((select rsch.repeat_every_days from reminder_schedules rsch where rsch.id = ${step}.schedule_id), 0) end)`;

/**
 * An invoice has had the reminder asked about, or a later one (the planner never goes back). Within the
 * schedule asked about, reminders are ordered by their step's offset, then repeat number, so a repeat
 * follows its step and a step added after the last one follows its repeats (decision 0017). A reminder of
 * another schedule (the customer joined or left a group, or the order of schedules changed) is compared by
 * its day: a customer moved to a gentler schedule is not sent an earlier step again (decision 0020).
 * `reminder`/`step` name a reminders row and its reminder_steps row; `schedule`, `offset`, `repeat`,
 * `day` the SQL of the one asked about (its schedule id, step offset, repeat number and day).
 */
export const atOrAfterSql = (reminder: string, step: string, asked: { schedule: string; offset: string; repeat: string; day: string }) =>
  `(case when ${step}.schedule_id = ${asked.schedule} then (${step}.offset_days, ${reminder}.repeat_number) >= (${asked.offset}, ${asked.repeat})
    else ${reminderDaySql(reminder, step)} >= ${asked.day} end)`;

/**
 * A schedule's days as offsets from the due date (`schedule` names a reminder_schedules row in scope): its
 * enabled steps', then, when it repeats after the last step, that step's offset plus every N days, up to
 * its limit — each repeat a day of its own, so the catch-up rule, the marks and the day's lookups treat
 * repeats as steps (docs/decisions/0017-repeats-after-the-last-step.md). `first_offset`, `last_offset`
 * (the last step's own), `enabled_offsets`, `repeat_every`.
 */
const scheduleOffsets = (schedule: string) => `(
      select steps.first_offset, steps.last_offset, ${schedule}.repeat_every_days as repeat_every,
        steps.offsets || array(
          select steps.last_offset + n * ${schedule}.repeat_every_days
          from generate_series(1, case when ${schedule}.repeat_every_days is null or steps.last_offset is null then 0 else ${schedule}.repeat_limit end) n
        ) as enabled_offsets
      from (
        select min(s.offset_days) as first_offset, max(s.offset_days) as last_offset, array_agg(s.offset_days) as offsets
        from reminder_steps s where s.schedule_id = ${schedule}.id and s.enabled) steps)`;

/**
 * A workspace's schedules as the planner reads them (`w` in scope): its default schedule's id and days
 * (`last_offset`, `repeat_every`), whether group schedules stand beside it, and the days any of its
 * schedules can fall on (`first_offset`, `enabled_offsets`: the default's alone, nearly always), by which
 * the invoices that can be due are found; each candidate is then held to its own schedule's days.
 */
const workspaceScheduleDays = (sql: Sql) => sql`
    cross join lateral (
      select d.id as default_schedule_id, g.group_schedules, steps.last_offset, steps.repeat_every,
        case when g.group_schedules then every.first_offset else steps.first_offset end as first_offset,
        case when g.group_schedules then every.enabled_offsets else steps.enabled_offsets end as enabled_offsets
      from reminder_schedules d
      cross join lateral (select exists (select 1 from reminder_schedules gs
        where gs.workspace_id = w.id and gs.xero_contact_group_id is not null and gs.retired_at is null) as group_schedules) g
      cross join lateral ${sql.unsafe(scheduleOffsets("d"))} steps
      left join lateral (
        select min(o) as first_offset, array_agg(distinct o) as enabled_offsets
        from reminder_schedules x cross join lateral ${sql.unsafe(scheduleOffsets("x"))} xs cross join unnest(xs.enabled_offsets) o
        where g.group_schedules and x.workspace_id = w.id and x.retired_at is null) every on true
      where d.workspace_id = w.id and d.xero_contact_group_id is null and d.retired_at is null) steps`;

/**
 * The live workspaces inside their send window now, able to send (connected,
 * not paused), with what the last complete pass left: `planned_on` is that
 * pass's local day while nothing it depended on has changed since, else null.
 */
function workspacesToPlan(sql: Sql, now: Date, part: Part) {
  const at = now.toISOString();
  return sql`
    select w.id, local.today, false as paused, true as connected, steps.default_schedule_id, steps.group_schedules,
      steps.first_offset, steps.last_offset, steps.repeat_every, steps.enabled_offsets, w.chase_within_days,
      coalesce(iv.version, 0) as invoice_version, coalesce(rv.version, 0) as input_version,
      case when m.invoice_version = coalesce(iv.version, 0) and m.input_version = coalesce(rv.version, 0)
          and m.planned_on <= local.today and m.planned_at <= ${at}::timestamptz
          -- a pause that ended since lets through what it held back, whenever it fell due
          and not exists (select 1 from invoices pi where pi.workspace_id = w.id and pi.reminders_paused_until is not null
            and pi.reminders_paused_until > m.planned_at and pi.reminders_paused_until <= ${at}::timestamptz)
          and not exists (select 1 from contacts pc where pc.workspace_id = w.id and pc.reminders_paused_until is not null
            and pc.reminders_paused_until > m.planned_at and pc.reminders_paused_until <= ${at}::timestamptz)
        then m.planned_on end as planned_on
    from workspaces w
    join xero_connections c on c.workspace_id = w.id and c.status = 'connected'
    cross join lateral (select (${at}::timestamptz at time zone w.time_zone)::date as today) local
    ${workspaceScheduleDays(sql)}
    left join invoice_versions iv on iv.workspace_id = w.id
    left join reminder_input_versions rv on rv.workspace_id = w.id
    left join reminder_plan_marks m on m.workspace_id = w.id
    where w.reminder_mode = 'live'
      and ${
        part.outsideWindow
          ? sql`true`
          : sql`extract(isodow from ${at}::timestamptz at time zone w.time_zone)::int = any(w.send_weekdays)
      and extract(hour from ${at}::timestamptz at time zone w.time_zone)::int >= w.send_window_start_hour
      and extract(hour from ${at}::timestamptz at time zone w.time_zone)::int < w.send_window_end_hour`
      }
      and not coalesce(w.reminders_paused_until > ${at}::timestamptz, false)
      and ${inPart(sql, part)}`;
}

/**
 * One of `of` disjoint parts of all workspaces, planned side by side on their own connections; or one workspace,
 * with `outsideWindow` when an admin chose to send its due reminders now (the first go-live, sendDueNowOffer).
 */
type Part = { index: number; of: number; workspaceId?: string; outsideWindow?: boolean };
const inPart = (sql: Sql, part: Part) =>
  part.workspaceId ? sql`w.id = ${part.workspaceId}` : sql`get_byte(uuid_send(w.id), 15) % ${part.of} = ${part.index}`;

/**
 * The due reminders as rows (invoice, contact, step, local day, blocked
 * reason). For sending: the workspaces in the `planning` temporary table
 * (workspacesToPlan), reading only what can have become due since each one's
 * mark. For preview: one workspace, whatever its mode and the hour, all of it.
 */
function dueReminders(sql: Sql, { now, workspaceId, forSending, narrow }: Scope) {
  const at = now.toISOString();
  // A preview narrowed to some customers or one invoice reads only theirs: filtering the workspace's whole
  // answer afterwards decided every open invoice's reminder (150–200 ms of PostgreSQL at 100,000 invoices)
  // for a page about one customer. Customer by customer, each looked up in the open invoices' (workspace,
  // customer) index: `offset 0` keeps the lookup from being flattened into a join, which for a few hundred
  // customers became a scan of every due invoice of the workspace.
  const openInvoices = narrow?.contactIds
    ? sql`ws cross join unnest(${narrow.contactIds}::uuid[]) narrowed(contact_id)
      cross join lateral (select * from invoices i where i.workspace_id = ws.id and i.contact_id = narrowed.contact_id
        and i.status = 'AUTHORISED' and i.amount_due > 0 offset 0) i`
    : sql`ws join invoices i on i.workspace_id = ws.id`;
  const narrowed = narrow?.invoiceId
    ? sql`and i.id = ${narrow.invoiceId}`
    : narrow?.invoiceIds
      ? sql`and i.id = any(array(select jsonb_array_elements_text(${JSON.stringify(narrow.invoiceIds)}::jsonb)::uuid))`
      : sql``;
  // The schedule that applies to the invoice's customer: the workspace's default unless it has group schedules.
  const scheduleOf = sql.unsafe(
    `${scheduleOfContactSql("ws.id", "i.contact_id", { defaultScheduleId: "ws.default_schedule_id", groupSchedules: "ws.group_schedules" })} as schedule_id`,
  );
  return sql`
    with ws as (
      ${
        forSending
          ? sql`select * from planning`
          : sql`select w.id, (${at}::timestamptz at time zone w.time_zone)::date as today,
        coalesce(w.reminders_paused_until > ${at}::timestamptz, false) as paused,
        coalesce(c.status = 'connected', false) as connected,
        steps.default_schedule_id, steps.group_schedules,
        steps.first_offset, steps.last_offset, steps.repeat_every, steps.enabled_offsets, w.chase_within_days, null::date as planned_on
      from workspaces w
      left join xero_connections c on c.workspace_id = w.id
      ${workspaceScheduleDays(sql)}
      where w.id = ${workspaceId ?? null}`
      }
    ),
    -- The open invoices that can be due: with no mark, all of the workspace's past its first step, found by
    -- joining the workspaces to the invoices (over many workspaces a scan of the invoices in table order, which
    -- is also the order the decisions are written in and their keys to the invoices checked); with a mark from
    -- an earlier day, only those at a step whose day came after it, looked up workspace by workspace.
    candidates as (
      select i.*, ws.today, ws.paused as workspace_paused, ws.connected, ${scheduleOf}
      from ${openInvoices}
      where ws.planned_on is null and i.status = 'AUTHORISED' and i.settled_seen_at is null
        and i.amount_due > 0 and i.due_date <= ws.today - ws.first_offset
        and i.due_date >= ws.today - coalesce(ws.chase_within_days, 100000) ${narrowed}
      union all
      select i.*, ws.today, ws.paused, ws.connected, ${scheduleOf}
      from ws cross join lateral (
        -- The due dates whose step day came after the mark (for each step, the days (mark, today] shifted
        -- back by its offset), looked up as one list in the open invoices' (workspace, due date) index:
        -- no join inside the lateral, so its plan is the same index lookups whatever the statement's join
        -- settings. (An "id in (…)" here became, with nested loops off, a scan of every invoice for
        -- every marked workspace: a new day's pass over 200,000 invoices took 211 s instead of seconds.)
        select i.* from invoices i
        where i.workspace_id = ws.id and i.status = 'AUTHORISED' and i.settled_seen_at is null
          and i.due_date = any(array(
            select (ws.planned_on - o + day)::date
            from unnest(ws.enabled_offsets) o cross join generate_series(1, ws.today - ws.planned_on) day))
          and i.amount_due > 0 and i.due_date >= ws.today - coalesce(ws.chase_within_days, 100000)
      ) i
      where ws.planned_on < ws.today
    ),
    -- Each schedule's days: a workspace with only its default schedule has them in ws already; one with group
    -- schedules, each of its schedules' (looked up workspace by workspace).
    schedule_days as (
      select ws.default_schedule_id as id, ws.last_offset, ws.repeat_every, ws.enabled_offsets from ws where not ws.group_schedules
      union all
      select x.id, x.last_offset, x.repeat_every, x.enabled_offsets
      from ws cross join lateral (
        select x.id, xs.* from reminder_schedules x cross join lateral ${sql.unsafe(scheduleOffsets("x"))} xs
        where ws.group_schedules and x.workspace_id = ws.id and x.retired_at is null) x
    ),
    -- The offset (a step's, or a repeat's day) of the latest reminder of the customer's schedule whose day has
    -- come; a step before the due date only while the invoice is not yet overdue. Worked out once per candidate
    -- ("offset 0": pulled up into the statement, it was worked out again wherever used — for every step of the
    -- schedule in the join below, 1.5 times the new day's pass).
    scheduled as (
      select i.*, sd.last_offset, sd.repeat_every, (select max(o) from unnest(sd.enabled_offsets) o
          where i.due_date + o <= i.today and (o >= 0 or i.due_date >= i.today)) as due_offset
      from candidates i join schedule_days sd on sd.id = i.schedule_id
      offset 0
    ),
    -- Each one's latest step (or repeat after the last step) whose day has come, unless it has that one or a
    -- later one already (atOrAfterSql: in its schedule, (step offset, repeat number) in order, so a repeat
    -- follows its step and a step added after the last one follows its repeats; from another schedule, by
    -- day). A step before the due date is a heads-up ("due on …"), never the catch-up for an invoice already
    -- overdue (scheduled).
    latest as (
      select i.id as invoice_id, i.workspace_id, i.contact_id, i.amount_due, i.currency_code, i.due_date,
        i.reminders_paused_until > ${at}::timestamptz as invoice_paused,
        step.id as step_id, i.due_offset as offset_days, i.repeat_number, i.today, i.workspace_paused, i.connected
      from (select i.*, case when i.due_offset > i.last_offset then (i.due_offset - i.last_offset) / i.repeat_every else 0 end as repeat_number
        from scheduled i) i
      join reminder_steps step on step.schedule_id = i.schedule_id and step.enabled
        -- (null when no step fits: then no step matches)
        and step.offset_days = case when i.due_offset > i.last_offset then i.last_offset else i.due_offset end
      where not exists (
        select 1 from reminders r join reminder_steps rs on rs.id = r.step_id
        where r.invoice_id = i.id
          and ${sql.unsafe(atOrAfterSql("r", "rs", { schedule: "i.schedule_id", offset: "step.offset_days", repeat: "i.repeat_number", day: "i.due_offset" }))})
    )
    select l.invoice_id, l.workspace_id, l.contact_id, l.step_id, l.repeat_number, l.offset_days, l.amount_due, l.currency_code,
      to_char(l.due_date, 'YYYY-MM-DD') as due_date, to_char(l.today, 'YYYY-MM-DD') as today,
      -- Xero disconnected holds back everything, and pages say that once; it comes last, so an invoice with a
      -- problem of its own (no address, a pause) is named by that problem, which reconnecting would not solve.
      case
        when l.workspace_paused then 'workspace_paused'
        when l.invoice_paused then 'invoice_paused'
        when c.status <> 'ACTIVE' then 'contact_archived'
        when c.reminders_paused_until > ${at}::timestamptz then 'contact_paused'
        -- held for credit: the workspace holds reminders while Xero shows the customer unallocated credit
        when exists (select 1 from workspaces hw where hw.id = l.workspace_id and hw.hold_reminders_while_credit)
          and ${sql.unsafe(hasUnallocatedCreditCondition)} then 'held_for_credit'
        when not ${sql.unsafe(hasRecipientsCondition)} then 'no_email'
        when c.email_bouncing_since is not null then 'email_bouncing'
        when m.minimum_amount_due is not null and l.amount_due < m.minimum_amount_due then 'below_minimum'
        when not l.connected then 'not_connected'
      end as blocked
    from latest l
    join contacts c on c.id = l.contact_id
    left join reminder_minimum_amounts m on m.workspace_id = l.workspace_id and m.currency_code = l.currency_code`;
}

export type DueReminder = {
  invoiceId: string;
  workspaceId: string;
  contactId: string;
  stepId: string;
  /** 0 for the step itself, N for the Nth repeat after it (the schedule's last step). */
  repeatNumber: number;
  /** Days after the due date the reminder is due (a repeat's own day: the last step's offset + N × every). */
  offsetDays: number;
  amountDue: string;
  currencyCode: string;
  dueDate: string;
  today: string;
  blocked: BlockedReason | null;
};

/** What one workspace would send today, and what it cannot (needs attention), whatever its mode and the hour. */
export async function previewDueReminders(workspaceId: string, now: Date, sql: Sql = appSql): Promise<DueReminder[]> {
  const rows = await sql<Record<string, unknown>[]>`${dueReminders(sql, { now, workspaceId, forSending: false })}`;
  return rows.map((row) => ({
    invoiceId: row.invoice_id as string,
    workspaceId: row.workspace_id as string,
    contactId: row.contact_id as string,
    stepId: row.step_id as string,
    repeatNumber: row.repeat_number as number,
    offsetDays: row.offset_days as number,
    amountDue: row.amount_due as string,
    currencyCode: row.currency_code as string,
    dueDate: row.due_date as string,
    today: row.today as string,
    blocked: (row.blocked as BlockedReason | null) ?? null,
  }));
}

/**
 * previewDueReminders' rows as a query to build on (the upcoming list joins names and limits in SQL):
 * the planner's own rule, so what the pages say will go is what a pass at `now` plans.
 */
export const dueRemindersAt = (sql: Sql, workspaceId: string, now: Date, narrow?: PreviewNarrowing) =>
  dueReminders(sql, { now, workspaceId, forSending: false, narrow });

export type PlanOutcome = { reminders: number; emails: number; workspaces: number };

/** The domain of every reminder's Message-ID: the sending address's. */
export function messageIdDomain(): string {
  const from = env().EMAIL_FROM;
  return /@([^\s<>@]+?)>?\s*$/.exec(from)?.[1] ?? "solido.localhost";
}

/** A reminder email's Message-ID, fixed when the email is decided (planReminders writes the same in SQL). */
export function reminderMessageId(emailId: string): string {
  return `<reminder-${emailId}@${messageIdDomain()}>`;
}

/**
 * Plans every due, sendable reminder of every live workspace in its send
 * window (or of one workspace: just after its first sync or a change to its
 * settings, so it does not wait for the next crontab tick), and queues one
 * prepare job per workspace that has emails waiting. One transaction per part
 * of the workspaces; running it twice plans nothing twice.
 */
export async function planReminders(now: Date, sql: Sql = appSql, scope: { workspaceId?: string; outsideWindow?: boolean } = {}): Promise<PlanOutcome> {
  if (scope.workspaceId) {
    await ensureDefaultSchedules(sql, scope.workspaceId);
    return planPart(now, sql, { index: 0, of: 1, workspaceId: scope.workspaceId, outsideWindow: scope.outsideWindow });
  }
  await ensureDefaultSchedules(sql);
  // The first pass after many go live writes hundreds of thousands of decisions; split over
  // workspaces, the parts share nothing (disjoint rows, unique keys), so they can use the
  // database server's cores side by side.
  const of = env().REMINDER_PLANNER_CONNECTIONS;
  const outcomes = await Promise.all(Array.from({ length: of }, (_, index) => planPart(now, sql, { index, of })));
  return outcomes.reduce((sum, outcome) => ({
    reminders: sum.reminders + outcome.reminders,
    emails: sum.emails + outcome.emails,
    workspaces: sum.workspaces + outcome.workspaces,
  }));
}

async function planPart(now: Date, sql: Sql, part: Part): Promise<PlanOutcome> {
  return sql.begin(async (tx) => {
    // Room to hash the open invoices against their reminders in memory.
    await tx`set local work_mem = '128MB'`;
    // Hash joins, not nested loops, between the statement's steps (what is due, the emails just created,
    // the reminders joining them): PostgreSQL cannot estimate how many rows a CTE that inserts returns,
    // and guessing few, it nested-looped 10,000 due reminders against 8,000 new emails (bench:reminders'
    // eight workspaces planned in 3.25 s instead of 0.47 s). The marked workspaces' lookups stay
    // nested loops (a lateral join has no other plan), so a quiet day still reads no invoice.
    await tx`set local enable_nestloop = off`;
    // This transaction moves the reminder counters itself, once per workspace it writes (below), so the
    // dashboard's kept figures see its decisions; its rows skip the per-row triggers that would otherwise
    // queue a call each for commit (db/migrations/0014). For this transaction only: its own id.
    await tx`select set_config('solido.bumps_reminder_versions', txid_current()::text, true)`;
    await tx`create temporary table planning on commit drop as ${workspacesToPlan(tx as unknown as Sql, now, part)}`;
    // Its figures tell the query below how many workspaces have no mark (thousands in a first pass: scan
    // the invoices once; none on a quiet day: touch no invoice).
    await tx`analyze planning`;
    // One statement decides everything due in this part: the emails, the reminders in them, the marks.
    const [decision] = await tx<{ emails: number; reminders: number; planned: string[]; written: string[] }[]>`
      with due as materialized (
        select * from (${dueReminders(tx as unknown as Sql, { now, forSending: true })}) d where d.blocked is null
      ),
      -- One email per customer per local day. Its Message-ID is fixed here, before anything is sent.
      -- Its id is time-ordered (uuidv7, db/migrations/0015), made a workspace at a time: the emails'
      -- indexes, and the reminders' index on their email, grow at their right edge instead of taking
      -- each new row on a random page, and a workspace's emails lie together.
      created as (
        insert into reminder_emails (id, workspace_id, contact_id, send_date, message_id)
        select e.id, e.workspace_id, e.contact_id, e.today::date, '<reminder-' || e.id || '@' || ${messageIdDomain()} || '>'
        from (
          select uuidv7() as id, workspace_id, contact_id, today
          from (select distinct workspace_id, contact_id, today from due order by workspace_id, contact_id) d) e
        on conflict (contact_id, kind, send_date) do nothing
        returning id, workspace_id, contact_id, send_date),
      -- Reminders join only an email still open: one already being checked or sent today waits for tomorrow's.
      -- An email created just now is open and seen by no one else; one from earlier is locked against closing.
      -- (The statement's snapshot holds only the earlier ones: a CTE does not see its siblings' rows.)
      earlier as (
        select e.id, e.workspace_id, e.contact_id, e.send_date from reminder_emails e
        where e.kind = 'reminder' and e.status = 'queued' and e.closed_at is null
          and (e.contact_id, e.send_date) in (select contact_id, today::date from due)
        for update),
      open as (select * from created union all select * from earlier),
      decided as (
        insert into reminders (workspace_id, invoice_id, step_id, repeat_number, email_id, status, amount_due)
        select d.workspace_id, d.invoice_id, d.step_id, d.repeat_number, open.id, 'planned', d.amount_due
        from due d join open on open.contact_id = d.contact_id and open.send_date = d.today::date
        -- In email order, not the join's: the index on the email and the checks of the key to the emails
        -- then walk the newest pages in order, and do so every day, not only in a first pass.
        order by open.id, d.invoice_id
        on conflict (invoice_id, step_id, repeat_number) do nothing
        returning workspace_id),
      decided_by_workspace as (select workspace_id, count(*)::int as reminders from decided group by workspace_id),
      due_by_workspace as (select workspace_id, count(*)::int as reminders from due group by workspace_id),
      -- A workspace whose every due reminder was decided now is complete as of today; one with a reminder
      -- left over (its customer's email for today already being sent, a concurrent decision) is not, and
      -- is read in full again next time. A pass that read nothing leaves its mark as it was.
      marked as (
        insert into reminder_plan_marks as m (workspace_id, planned_on, planned_at, invoice_version, input_version)
        select p.id, p.today, ${now.toISOString()}::timestamptz, p.invoice_version, p.input_version
        from planning p
        left join due_by_workspace du on du.workspace_id = p.id
        left join decided_by_workspace de on de.workspace_id = p.id
        where p.planned_on is distinct from p.today and coalesce(du.reminders, 0) = coalesce(de.reminders, 0)
        on conflict (workspace_id) do update set planned_on = excluded.planned_on, planned_at = excluded.planned_at,
          invoice_version = excluded.invoice_version, input_version = excluded.input_version)
      select (select count(*)::int from created) as emails,
        (select coalesce(sum(reminders), 0)::int from decided_by_workspace) as reminders,
        array(select workspace_id::text from decided_by_workspace) as planned,
        array(select workspace_id::text from decided_by_workspace union select workspace_id::text from created) as written`;
    // A prepare job for each workspace given new reminders now, and for any whose
    // waiting emails have sat unprepared for a while (a prepare job that gave up);
    // queued together (add_jobs, as add_job does one at a time: same keys, same replacing).
    const [queued] = await tx<{ workspaces: number }[]>`
      with jobs as (
        select ('reminder_emails_prepare', json_build_object('workspaceId', w.id), ${xeroQueueName("")} || w.xero_tenant_id,
          null, 10, 'reminder_emails_prepare:' || w.id, null, null)::graphile_worker.job_spec as spec
        from workspaces w
        where w.xero_tenant_id is not null and ${inPart(tx as unknown as Sql, part)}
          and (w.id = any(${decision.planned}::uuid[])
            or exists (select 1 from reminder_emails e where e.workspace_id = w.id and e.status = 'queued' and e.prepared_at is null
              and e.created_at < ${now.toISOString()}::timestamptz - interval '15 minutes'))),
      added as (select 1 from graphile_worker.add_jobs(array(select spec from jobs)))
      select (select count(*)::int from jobs) as workspaces, (select count(*) from added) as added`;
    // Each workspace given reminders or emails moves its counter once, as 0012's triggers would have at
    // commit. Last, in workspace order: the counters' rows stay locked only while the transaction
    // commits, and two writers of several workspaces take them in the same order.
    await tx`
      insert into reminder_versions as v (workspace_id, version)
      select id, 1 from unnest(${decision.written}::uuid[]) id order by id
      on conflict (workspace_id) do update set version = v.version + 1`;
    return { reminders: decision.reminders, emails: decision.emails, workspaces: queued.workspaces };
  });
}
