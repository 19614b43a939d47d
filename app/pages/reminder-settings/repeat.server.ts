// Settings → Reminders, "After the last step": "then every N days until paid,
// at most K times" (docs/decisions/0017-repeats-after-the-last-step.md).
import { repeatSchema } from "~/reminders/schedule";
import { defaultSchedule, setReminderRepeat } from "~/reminders/schedules.server";
import { done, invalid, type ActionHandler, type Workspace } from "./section.server";

/** The default schedule's repeats (schedules per contact group: schedules.server.ts). */
export async function loadRepeat(workspace: Workspace) {
  const schedule = await defaultSchedule(workspace.id);
  return { repeat: { everyDays: schedule.repeatEveryDays, limit: schedule.repeatLimit } };
}

export const repeatActions: Record<string, ActionHandler> = {
  repeat: async (action) => {
    const parsed = repeatSchema.safeParse({ repeat: action.fields.repeat === "on" ? "on" : "off", everyDays: action.fields.everyDays ?? "", limit: action.fields.limit ?? "" });
    if (!parsed.success) return invalid(action, parsed.error);
    await setReminderRepeat(action.workspace.id, action.user.id, (await defaultSchedule(action.workspace.id)).id, parsed.data);
    return done(
      action,
      parsed.data
        ? `After the last step, reminders repeat every ${parsed.data.everyDays === 1 ? "day" : `${parsed.data.everyDays} days`} until paid, at most ${parsed.data.limit} ${parsed.data.limit === 1 ? "time" : "times"}.`
        : "Reminders stop after the last step.",
    );
  },
};
