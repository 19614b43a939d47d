// Settings → Reminders, "Schedules for Xero contact groups": the groups' own schedules in the order they
// apply (a customer in two groups gets the first's), the groups that could have one, and adding, moving
// and removing them. The schedules themselves live in app/reminders/schedules.server.ts.
import { z } from "zod";
import { contactGroupSizes } from "~/models/contact-groups.server";
import { addGroupSchedule, listGroupsWithoutSchedule, listSchedules, moveSchedule, removeSchedule, type ScheduleSummary } from "~/reminders/schedules.server";
import { done, invalid, refuse, schedulePath, type ActionHandler, type SectionAction, type Workspace } from "./section.server";

/**
 * A group's schedule as its line in the list (and its own page's heading) says it: the group, how many
 * customers it holds in Xero, and how many of them follow this schedule (the rest are in a group listed above).
 */
export const groupScheduleLine = (schedule: ScheduleSummary, sizes: Map<string, number>) => ({
  id: schedule.id,
  groupName: schedule.groupName ?? schedule.name,
  groupGone: schedule.groupGone,
  groupSize: schedule.groupGone || !schedule.xeroContactGroupId ? 0 : (sizes.get(schedule.xeroContactGroupId) ?? 0),
  memberCount: schedule.memberCount,
});

export async function loadGroupSchedules(workspace: Workspace, schedules: ScheduleSummary[]) {
  const [withoutSchedule, sizes] = await Promise.all([listGroupsWithoutSchedule(workspace.id), contactGroupSizes(workspace.id)]);
  return {
    groupSchedules: {
      schedules: schedules
        .filter((schedule) => !schedule.isDefault)
        .map((schedule) => ({ ...groupScheduleLine(schedule, sizes), editPath: schedulePath(workspace, schedule.id) })),
      withoutSchedule: withoutSchedule.map(({ xeroContactGroupId, name, memberCount }) => ({ xeroContactGroupId, name, memberCount })),
    },
  };
}

/** One of the workspace's contact groups' schedules (never the default), or undefined. */
async function groupSchedule(action: SectionAction, scheduleId: string | undefined) {
  const schedules = await listSchedules(action.workspace.id);
  return schedules.find((schedule) => schedule.id === scheduleId && !schedule.isDefault);
}

const schemas = {
  add: z.object({ xeroContactGroupId: z.string({ error: "Choose a group." }).trim().min(1, "Choose a group.") }),
  move: z.object({ scheduleId: z.string(), direction: z.enum(["up", "down"]) }),
  remove: z.object({ scheduleId: z.string() }),
};

const gone = (action: SectionAction) => refuse(action, { scheduleId: "That schedule is no longer there: someone may have removed it. The page now shows what is." });

export const groupScheduleActions: Record<string, ActionHandler> = {
  "add-group-schedule": async (action) => {
    const parsed = schemas.add.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    const group = (await listGroupsWithoutSchedule(action.workspace.id)).find((each) => each.xeroContactGroupId === parsed.data.xeroContactGroupId);
    if (!group) return refuse(action, { xeroContactGroupId: "That group has a schedule already, or is no longer in Xero. Choose another." });
    const { id } = await addGroupSchedule(action.workspace.id, action.user.id, group.xeroContactGroupId);
    // On to the new schedule's page: it starts as a copy of everyone else's, to be made the group's own.
    return done({ ...action, back: schedulePath(action.workspace, id) }, `The “${group.name}” group has its own schedule now, a copy of everyone else's to change as you like.`);
  },
  "move-group-schedule": async (action) => {
    const parsed = schemas.move.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    const schedule = await groupSchedule(action, parsed.data.scheduleId);
    if (!schedule) return gone(action);
    await moveSchedule(action.workspace.id, action.user.id, schedule.id, parsed.data.direction);
    return done(action, `“${schedule.groupName ?? schedule.name}” moved ${parsed.data.direction}.`);
  },
  "remove-group-schedule": async (action) => {
    const parsed = schemas.remove.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    const schedule = await groupSchedule(action, parsed.data.scheduleId);
    if (!schedule) return gone(action);
    await removeSchedule(action.workspace.id, action.user.id, schedule.id);
    return done(action, `The “${schedule.groupName ?? schedule.name}” group's schedule is removed: its customers get everyone else's from now on.`);
  },
};
