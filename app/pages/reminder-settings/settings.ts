// The page's data as the browser receives it, for the section components.
import type { useLoaderData } from "@remix-run/react";
import type { loadReminderSettings } from "./page.server";

export type ReminderSettings = ReturnType<typeof useLoaderData<typeof loadReminderSettings>>;

/**
 * What the step editor and "After the last step" need of one schedule, and of the page around it (branding
 * and the invoice the previews show): Settings → Reminders gives them the default schedule, a group's own
 * page (w.$workspaceSlug.settings.reminders_.schedules.$scheduleId) gives them the group's.
 */
export type ScheduleEditing = Pick<ReminderSettings, "canChange" | "today" | "locale" | "branding" | "preview" | "steps" | "repeat"> & {
  outlook: { chaseWithinDays: number | null };
};
