// A workspace's reminder schedules: the default one ("everyone else") and one
// per Xero contact group that should be written to differently (key accounts
// gently, others firmly). Which one applies to a contact is the planner's rule
// (scheduleOfContactSql); this module lists and changes them for Settings.
// Every function takes the workspace id, and a schedule, group or contact of
// another workspace is not found (a thrown 404 Response, as routes throw).
// Decided in docs/decisions/0020-schedules-per-contact-group.md.
import { and, asc, eq, inArray, isNull, sql as drizzleSql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { auditLog, reminderPlanMarks, reminders, reminderSchedules, reminderSteps } from "~db/schema";
import { db } from "~/server/db.server";
import { DEFAULT_SCHEDULE_NAME, ensureDefaultSchedules, scheduleOfContactSql, workspaceSchedulesSql } from "./planner.server";
import { queuePlanning } from "./planning-queue.server";
import { DEFAULT_STEPS, KEPT_AS_RECORD_BELOW, REMOVED_STEP_OFFSET, type StepDraft } from "./schedule";

type Step = typeof reminderSteps.$inferSelect;
export type SavedStep = StepDraft & { id?: string };

export type ScheduleSummary = {
  id: string;
  name: string;
  xeroContactGroupId: string | null;
  isDefault: boolean;
  /** The contact group's name as Xero has it; null for the default, or when the group is gone. */
  groupName: string | null;
  /** Its Xero group no longer exists (deleted or archived in Xero): the schedule applies to nobody. */
  groupGone: boolean;
  /** The customers this schedule applies to now (by the planner's rule: a customer in two groups counts for the one that wins). */
  memberCount: number;
  precedence: number;
  repeatEveryDays: number | null;
  repeatLimit: number;
  /** In offset order; steps removed after they sent reminders (kept as the record) are left out. */
  steps: Step[];
};

const notFound = () => new Response("Not found", { status: 404 });
const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A new workspace's default schedule with the default steps, written with the workspace so its pages show what is due from the first sync on. */
export async function writeDefaultSchedule(tx: Executor, workspaceId: string) {
  const [schedule] = await tx
    .insert(reminderSchedules)
    .values({ workspaceId, name: DEFAULT_SCHEDULE_NAME, precedence: 0 })
    .onConflictDoNothing()
    .returning({ id: reminderSchedules.id });
  if (!schedule) return;
  await tx
    .insert(reminderSteps)
    .values(DEFAULT_STEPS.map((step) => ({ workspaceId, scheduleId: schedule.id, ...step, firstSubject: step.firstSubject ?? null, firstBody: step.firstBody ?? null })))
    .onConflictDoNothing();
}

/** The workspace's default schedule (written first if it never had one). */
export async function defaultSchedule(workspaceId: string) {
  await ensureDefaultSchedules(undefined, workspaceId);
  const [schedule] = await db
    .select()
    .from(reminderSchedules)
    .where(and(eq(reminderSchedules.workspaceId, workspaceId), isNull(reminderSchedules.xeroContactGroupId), isNull(reminderSchedules.retiredAt)));
  return schedule;
}

/** A schedule's steps in offset order, without those kept only as the record of what was sent. */
export async function listSteps(workspaceId: string, scheduleId: string) {
  return db
    .select()
    .from(reminderSteps)
    .where(and(eq(reminderSteps.workspaceId, workspaceId), eq(reminderSteps.scheduleId, scheduleId), drizzleSql`${reminderSteps.offsetDays} > ${KEPT_AS_RECORD_BELOW}`))
    .orderBy(asc(reminderSteps.offsetDays));
}

/** The schedules in force: the default first, then the group schedules in precedence order (the first that has a customer wins). */
export async function listSchedules(workspaceId: string): Promise<ScheduleSummary[]> {
  await ensureDefaultSchedules(undefined, workspaceId);
  const rows = (await db.execute(drizzleSql`
    select s.id, s.name, s.xero_contact_group_id as "xeroContactGroupId", s.xero_contact_group_id is null as "isDefault",
      g.name as "groupName", s.xero_contact_group_id is not null and g.id is null as "groupGone", s.precedence,
      s.repeat_every_days as "repeatEveryDays", s.repeat_limit as "repeatLimit"
    from reminder_schedules s
    left join contact_groups g on g.workspace_id = s.workspace_id and g.xero_contact_group_id = s.xero_contact_group_id
    where s.workspace_id = ${workspaceId} and s.retired_at is null
    order by s.xero_contact_group_id is not null, s.precedence, s.created_at, s.id`)) as unknown as Omit<ScheduleSummary, "memberCount" | "steps">[];
  // How many customers each applies to, by the planner's own rule (with only the default, without a look at groups).
  const counts = (await db.execute(drizzleSql`
    select ${drizzleSql.raw(scheduleOfContactSql("w.id", "c.id", { defaultScheduleId: "known.default_schedule_id", groupSchedules: "known.group_schedules" }))} as "scheduleId",
      count(*)::int as count
    from workspaces w cross join lateral ${drizzleSql.raw(workspaceSchedulesSql("w"))} known
    join contacts c on c.workspace_id = w.id
    where w.id = ${workspaceId} group by 1`)) as unknown as { scheduleId: string; count: number }[];
  const countOf = new Map(counts.map((row) => [row.scheduleId, row.count]));
  const steps = rows.length
    ? await db
        .select()
        .from(reminderSteps)
        .where(and(eq(reminderSteps.workspaceId, workspaceId), inArray(reminderSteps.scheduleId, rows.map((row) => row.id)), drizzleSql`${reminderSteps.offsetDays} > ${KEPT_AS_RECORD_BELOW}`))
        .orderBy(asc(reminderSteps.offsetDays))
    : [];
  return rows.map((row) => ({ ...row, memberCount: countOf.get(row.id) ?? 0, steps: steps.filter((step) => step.scheduleId === row.id) }));
}

/** The workspace's Xero contact groups that have no schedule of their own yet, by name, with their number of customers. */
export async function listGroupsWithoutSchedule(workspaceId: string): Promise<{ xeroContactGroupId: string; name: string; memberCount: number }[]> {
  return (await db.execute(drizzleSql`
    select g.xero_contact_group_id as "xeroContactGroupId", g.name,
      (select count(*)::int from contact_group_members m where m.contact_group_id = g.id) as "memberCount"
    from contact_groups g
    where g.workspace_id = ${workspaceId}
      and not exists (select 1 from reminder_schedules s
        where s.workspace_id = g.workspace_id and s.xero_contact_group_id = g.xero_contact_group_id and s.retired_at is null)
    order by g.name, g.xero_contact_group_id`)) as unknown as { xeroContactGroupId: string; name: string; memberCount: number }[];
}

/** A change to what decides reminders: the planner's mark goes (read in full at the next pass), and a pass is queued. */
async function replan(tx: Executor, workspaceId: string) {
  await tx.delete(reminderPlanMarks).where(eq(reminderPlanMarks.workspaceId, workspaceId));
  await queuePlanning(tx, workspaceId);
}

/** The schedule, locked for the change, when it is the workspace's and in force; else a 404. */
async function scheduleToChange(tx: Executor, workspaceId: string, scheduleId: string) {
  if (!isUuid(scheduleId)) throw notFound();
  const [schedule] = await tx
    .select()
    .from(reminderSchedules)
    .where(and(eq(reminderSchedules.workspaceId, workspaceId), eq(reminderSchedules.id, scheduleId), isNull(reminderSchedules.retiredAt)))
    .for("update");
  if (!schedule) throw notFound();
  return schedule;
}

/**
 * A schedule for one of the workspace's Xero contact groups, starting as a copy of the default's steps and
 * repeats, named after the group, after the other group schedules in precedence. A group that already has
 * one gets no second: its id is returned.
 */
export async function addGroupSchedule(workspaceId: string, userId: string, xeroContactGroupId: string): Promise<{ id: string }> {
  await ensureDefaultSchedules(undefined, workspaceId);
  return db.transaction(async (tx) => {
    // One change to a workspace's schedules at a time: precedence is counted from what is there.
    const schedules = await tx.select().from(reminderSchedules).where(and(eq(reminderSchedules.workspaceId, workspaceId), isNull(reminderSchedules.retiredAt))).for("update");
    const [group] = (await tx.execute(drizzleSql`
      select name from contact_groups where workspace_id = ${workspaceId} and xero_contact_group_id = ${xeroContactGroupId}`)) as unknown as { name: string }[];
    if (!group) throw notFound();
    const existing = schedules.find((schedule) => schedule.xeroContactGroupId === xeroContactGroupId);
    if (existing) return { id: existing.id };
    const fallback = schedules.find((schedule) => schedule.xeroContactGroupId === null)!;
    const [added] = await tx
      .insert(reminderSchedules)
      .values({
        workspaceId,
        name: group.name,
        xeroContactGroupId,
        precedence: Math.max(0, ...schedules.map((schedule) => schedule.precedence)) + 1,
        repeatEveryDays: fallback.repeatEveryDays,
        repeatLimit: fallback.repeatLimit,
      })
      .returning({ id: reminderSchedules.id });
    await tx.execute(drizzleSql`
      insert into reminder_steps (workspace_id, schedule_id, offset_days, subject, body, first_subject, first_body, tone, enabled)
      select workspace_id, ${added.id}, offset_days, subject, body, first_subject, first_body, tone, enabled
      from reminder_steps where schedule_id = ${fallback.id} and offset_days > ${KEPT_AS_RECORD_BELOW}`);
    await tx.insert(auditLog).values({ workspaceId, userId, action: "reminders.schedule_added", detail: { scheduleId: added.id, name: group.name, xeroContactGroupId } });
    await replan(tx, workspaceId);
    return { id: added.id };
  });
}

/**
 * Removes a group schedule; its customers follow the next schedule of their groups, else the default. One
 * whose steps have sent (or decided) reminders is retired instead — it applies to nobody and is no longer
 * listed, and its steps stay as the record of what went out. The default schedule cannot be removed (400).
 */
export async function removeSchedule(workspaceId: string, userId: string, scheduleId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const schedule = await scheduleToChange(tx, workspaceId, scheduleId);
    if (schedule.xeroContactGroupId === null) throw new Response("The default schedule cannot be removed.", { status: 400 });
    const [used] = await tx
      .select({ stepId: reminders.stepId })
      .from(reminders)
      .innerJoin(reminderSteps, eq(reminderSteps.id, reminders.stepId))
      .where(eq(reminderSteps.scheduleId, schedule.id))
      .limit(1);
    if (used) await tx.update(reminderSchedules).set({ retiredAt: new Date() }).where(eq(reminderSchedules.id, schedule.id));
    else await tx.delete(reminderSchedules).where(eq(reminderSchedules.id, schedule.id));
    await tx.insert(auditLog).values({ workspaceId, userId, action: "reminders.schedule_removed", detail: { scheduleId, name: schedule.name, retired: Boolean(used) } });
    await replan(tx, workspaceId);
  });
}

/**
 * Moves a group schedule one place earlier ("up": it wins over the one before it for a customer in both
 * groups) or later. The default is not in that order (it applies only when no group schedule does): moving
 * it, or past either end, changes nothing.
 */
export async function moveSchedule(workspaceId: string, userId: string, scheduleId: string, direction: "up" | "down"): Promise<void> {
  await db.transaction(async (tx) => {
    await scheduleToChange(tx, workspaceId, scheduleId);
    const ordered = await tx
      .select()
      .from(reminderSchedules)
      .where(and(eq(reminderSchedules.workspaceId, workspaceId), isNull(reminderSchedules.retiredAt), drizzleSql`${reminderSchedules.xeroContactGroupId} is not null`))
      .orderBy(asc(reminderSchedules.precedence), asc(reminderSchedules.createdAt), asc(reminderSchedules.id))
      .for("update");
    const from = ordered.findIndex((schedule) => schedule.id === scheduleId);
    const to = direction === "up" ? from - 1 : from + 1;
    if (from < 0 || to < 0 || to >= ordered.length) return;
    [ordered[from], ordered[to]] = [ordered[to], ordered[from]];
    // Numbered afresh 1, 2, 3…: no two share a place, whatever the history of moves.
    for (const [index, schedule] of ordered.entries()) {
      if (schedule.precedence !== index + 1) await tx.update(reminderSchedules).set({ precedence: index + 1 }).where(eq(reminderSchedules.id, schedule.id));
    }
    await tx.insert(auditLog).values({ workspaceId, userId, action: "reminders.schedule_moved", detail: { scheduleId, name: ordered[to].name, direction } });
    await replan(tx, workspaceId);
  });
}

/**
 * Saves a schedule's steps as edited. Offsets are moved out of the way first, so steps can swap places
 * without tripping the one-step-per-offset key. A removed step that already sent reminders is disabled
 * instead of deleted, keeping the record of what went out. A step id of another schedule is a new step.
 */
export async function saveSchedule(workspaceId: string, scheduleId: string, steps: SavedStep[]): Promise<void> {
  await db.transaction(async (tx) => {
    await scheduleToChange(tx, workspaceId, scheduleId);
    const existing = await tx
      .select({ id: reminderSteps.id })
      .from(reminderSteps)
      .where(and(eq(reminderSteps.scheduleId, scheduleId), drizzleSql`${reminderSteps.offsetDays} > ${KEPT_AS_RECORD_BELOW}`));
    const kept = steps.map((step) => step.id).filter((id): id is string => Boolean(id && existing.some((row) => row.id === id)));
    const removed = existing.map((row) => row.id).filter((id) => !kept.includes(id));
    if (removed.length > 0) {
      const used = new Set((await tx.selectDistinct({ stepId: reminders.stepId }).from(reminders).where(inArray(reminders.stepId, removed))).map((row) => row.stepId));
      const deletable = removed.filter((id) => !used.has(id));
      if (deletable.length) await tx.delete(reminderSteps).where(inArray(reminderSteps.id, deletable));
      if (used.size) await tx.update(reminderSteps).set({ enabled: false, offsetDays: drizzleSql`${REMOVED_STEP_OFFSET} - ${reminderSteps.offsetDays}` }).where(inArray(reminderSteps.id, [...used]));
    }
    if (kept.length) {
      await tx.update(reminderSteps).set({ offsetDays: drizzleSql`${reminderSteps.offsetDays} + 1000000` }).where(and(eq(reminderSteps.scheduleId, scheduleId), inArray(reminderSteps.id, kept)));
    }
    for (const step of steps) {
      const values = {
        offsetDays: step.offsetDays,
        subject: step.subject,
        body: step.body,
        firstSubject: step.firstSubject || null,
        firstBody: step.firstBody || null,
        tone: step.tone,
        enabled: step.enabled,
      };
      if (step.id && kept.includes(step.id)) await tx.update(reminderSteps).set(values).where(eq(reminderSteps.id, step.id));
      else await tx.insert(reminderSteps).values({ workspaceId, scheduleId, ...values });
    }
    await replan(tx, workspaceId);
  });
}

/**
 * "Then every N days until paid, at most K times" after the schedule's last step, or off (null). The
 * planner's mark goes with the change: the repeats' days are read in full at the next pass.
 */
export async function setReminderRepeat(workspaceId: string, userId: string, scheduleId: string, repeat: { everyDays: number; limit: number } | null): Promise<void> {
  await db.transaction(async (tx) => {
    const schedule = await scheduleToChange(tx, workspaceId, scheduleId);
    await tx
      .update(reminderSchedules)
      .set(repeat ? { repeatEveryDays: repeat.everyDays, repeatLimit: repeat.limit } : { repeatEveryDays: null })
      .where(eq(reminderSchedules.id, schedule.id));
    await tx.insert(auditLog).values({ workspaceId, userId, action: "reminders.repeat_changed", detail: { repeat, scheduleId, name: schedule.name } });
    await replan(tx, workspaceId);
  });
}

export type ScheduleForContact = {
  schedule: { id: string; name: string; isDefault: boolean };
  /** Why: no group of theirs has a schedule; or this group's, over their other groups' schedules (`alsoIn`, in precedence order). */
  because: { kind: "default" } | { kind: "group"; groupName: string; alsoIn: string[] };
};

/** Which schedule a customer follows, and why (the planner's rule); 404 for a contact not in the workspace. */
export async function scheduleForContact(workspaceId: string, contactId: string): Promise<ScheduleForContact> {
  if (!isUuid(contactId)) throw notFound();
  await ensureDefaultSchedules(undefined, workspaceId);
  const [row] = (await db.execute(drizzleSql`
    select s.id, s.name, s.xero_contact_group_id is null as "isDefault", g.name as "groupName",
      array(
        select og.name from contact_group_members om
        join contact_groups og on og.id = om.contact_group_id
        join reminder_schedules os on os.workspace_id = og.workspace_id and os.xero_contact_group_id = og.xero_contact_group_id and os.retired_at is null
        where om.contact_id = c.id and os.id <> s.id
        order by os.precedence, os.id) as "alsoIn"
    from contacts c
    join reminder_schedules s on s.id = ${drizzleSql.raw(scheduleOfContactSql("c.workspace_id", "c.id"))}
    left join contact_groups g on g.workspace_id = s.workspace_id and g.xero_contact_group_id = s.xero_contact_group_id
    where c.workspace_id = ${workspaceId} and c.id = ${contactId}`)) as unknown as { id: string; name: string; isDefault: boolean; groupName: string | null; alsoIn: string[] }[];
  if (!row) throw notFound();
  return {
    schedule: { id: row.id, name: row.name, isDefault: row.isDefault },
    because: row.isDefault ? { kind: "default" } : { kind: "group", groupName: row.groupName ?? row.name, alsoIn: row.alsoIn },
  };
}
