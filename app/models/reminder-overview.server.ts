// The dashboard's reminder figures — what Solido did (emails sent, invoices paid
// after a reminder), what needs an admin (customers it cannot reach, pauses) and
// what it will send next — kept between changes like the receivables summary
// (kept-figures.server.ts). They are read from invoices, contacts, the schedule
// and minimum amounts, and reminders and their emails, each with a counter a
// trigger moves as a change commits; from the workspace's own pause, read with
// the workspace on every request; and from time: the organisation's today,
// and moments the figures give themselves (an email leaving the 7- or 30-day
// window, a pause ending), after which they are computed afresh.
import { earliest, needsAttention, reminderActivity } from "./dashboard.server";
import { keptPerWorkspace, type WorkspaceVersions } from "./kept-figures.server";
import { nextSendMoment, sendWindowOf } from "~/reminders/send-window";
import { listUpcomingReminders, type UpcomingReminder } from "./upcoming-reminders.server";

type Workspace = {
  id: string;
  timeZone: string;
  remindersPausedUntil: Date | null;
  sendWindowStartHour: number;
  sendWindowEndHour: number;
  sendWeekdays: number[];
  chaseWithinDays: number | null;
};
type Activity = Omit<Awaited<ReturnType<typeof reminderActivity>>, "changesAt">;
type Attention = Omit<Awaited<ReturnType<typeof needsAttention>>, "changesAt">;
export type ReminderOverview = { activity: Activity; attention: Attention; upcoming: UpcomingReminder[] };

/** The dashboard shows the first ten of the coming days'. */
const UPCOMING_LIMIT = 10;

const kept = keptPerWorkspace<ReminderOverview>();

export async function reminderOverview(workspace: Workspace, input: { today: string; upcomingDays: number; versions: WorkspaceVersions }): Promise<ReminderOverview> {
  const { versions, today, upcomingDays } = input;
  // The first send day moves when the window closes for the day: the upcoming list's first day is the planner's answer then.
  // The database's clock, as postgres.js hands back `now()` through the kept figures' query (text, "… +00").
  const now = versions.now instanceof Date ? versions.now : new Date(String(versions.now).replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
  const firstSendDay = nextSendMoment(sendWindowOf(workspace), now).day;
  const key = [
    versions.invoices,
    versions.reminderInputs,
    versions.reminders,
    today,
    upcomingDays,
    workspace.timeZone,
    workspace.remindersPausedUntil?.toISOString() ?? "",
    firstSendDay,
    workspace.sendWeekdays.join(","),
    workspace.chaseWithinDays ?? "",
  ].join("|");
  return kept(workspace.id, key, versions.now, async () => {
    const [{ changesAt: activityChangesAt, ...activity }, { changesAt: attentionChangesAt, ...attention }, upcoming] = await Promise.all([
      reminderActivity(workspace.id),
      needsAttention(workspace.id),
      listUpcomingReminders(workspace.id, { today, days: upcomingDays, timeZone: workspace.timeZone, limit: UPCOMING_LIMIT, now }),
    ]);
    return { value: { activity, attention, upcoming }, until: earliest([activityChangesAt, attentionChangesAt]) };
  });
}
