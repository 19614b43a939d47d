// The contact page's "Reminder schedule" line: which schedule a customer's reminders follow, and why
// (a contact group of theirs with its own schedule, the first such in Settings' order, or none).
import { scheduleForContact } from "~/reminders/schedules.server";

export async function loadContactSchedule(workspace: { id: string; slug: string }, contactId: string) {
  const { schedule, because } = await scheduleForContact(workspace.id, contactId);
  const settings = `/w/${workspace.slug}/settings/reminders`;
  return {
    name: schedule.isDefault ? "Everyone else" : schedule.name,
    path: schedule.isDefault ? settings : `${settings}/schedules/${schedule.id}`,
    because,
  };
}
