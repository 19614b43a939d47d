// A contact group's own schedule (Settings → Reminders → the group's "Edit"): the same step editor and
// "After the last step" as the default schedule's, for the group's schedule, with where it stands among
// the groups' schedules (a customer in two groups gets the one listed first).
import { redirect } from "@remix-run/node";
import { contactGroupSizes } from "~/models/contact-groups.server";
import { isUuid } from "~/models/invoice-detail.server";
import { localeFor } from "~/reminders/compose";
import { listSchedules } from "~/reminders/schedules.server";
import { loadBranding } from "./branding.server";
import { runSectionAction } from "./page.server";
import { groupScheduleLine } from "./group-schedules.server";
import { loadRepeat, repeatActions } from "./repeat.server";
import { loadSchedule, scheduleActions } from "./schedule.server";
import { localToday, schedulePath, settingsPath, type SectionAction, type Workspace } from "./section.server";

/** The workspace's schedules and the group's one among them; 404 for any other id, and the default's is edited on Settings → Reminders itself. */
async function findGroupSchedule(workspace: Workspace, scheduleId: string | undefined) {
  const schedules = isUuid(scheduleId) ? await listSchedules(workspace.id) : [];
  const schedule = schedules.find((each) => each.id === scheduleId);
  if (!schedule) throw new Response("Not found", { status: 404 });
  if (schedule.isDefault) throw redirect(settingsPath(workspace));
  return { schedule, groups: schedules.filter((each) => !each.isDefault) };
}

export async function loadGroupSchedulePage(workspace: Workspace, role: string, scheduleId: string | undefined) {
  const { schedule, groups } = await findGroupSchedule(workspace, scheduleId);
  const today = localToday(workspace.timeZone, new Date());
  const place = groups.findIndex((each) => each.id === schedule.id);
  return {
    canChange: role !== "viewer",
    slug: workspace.slug,
    today,
    locale: localeFor(workspace.countryCode),
    ...loadBranding(workspace),
    ...(await loadSchedule(workspace, today, schedule)),
    ...loadRepeat(schedule),
    outlook: { chaseWithinDays: workspace.chaseWithinDays },
    schedule: {
      ...groupScheduleLine(schedule, await contactGroupSizes(workspace.id)),
      /** The groups whose schedules come before this one's: a customer also in one of them gets that one. */
      before: groups.slice(0, place).map((each) => each.groupName ?? each.name),
    },
  };
}

export async function groupSchedulePageAction(request: Request, user: SectionAction["user"], workspace: Workspace, scheduleId: string | undefined) {
  const { schedule } = await findGroupSchedule(workspace, scheduleId);
  return runSectionAction(request, { ...scheduleActions, ...repeatActions }, { user, workspace, scheduleId: schedule.id, back: schedulePath(workspace, schedule.id) });
}
