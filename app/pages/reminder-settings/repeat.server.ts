// Settings → Reminders, "After the last step": "then every N days until paid,
// at most K times", for the schedule the page edits (docs/decisions/0017-repeats-after-the-last-step.md).
import { repeatSchema } from "~/reminders/schedule";
import { setReminderRepeat, type ScheduleSummary } from "~/reminders/schedules.server";
import { done, invalid, type ActionHandler } from "./section.server";

export const loadRepeat = (schedule: ScheduleSummary) => ({ repeat: { everyDays: schedule.repeatEveryDays, limit: schedule.repeatLimit } });

export const repeatActions: Record<string, ActionHandler> = {
  repeat: async (action) => {
    const parsed = repeatSchema.safeParse({ repeat: action.fields.repeat === "on" ? "on" : "off", everyDays: action.fields.everyDays ?? "", limit: action.fields.limit ?? "" });
    if (!parsed.success) return invalid(action, parsed.error);
    await setReminderRepeat(action.workspace.id, action.user.id, action.scheduleId, parsed.data);
    return done(
      action,
      parsed.data
        ? `After the last step, reminders repeat every ${parsed.data.everyDays === 1 ? "day" : `${parsed.data.everyDays} days`} until paid, at most ${parsed.data.limit} ${parsed.data.limit === 1 ? "time" : "times"}.`
        : "Reminders stop after the last step.",
    );
  },
};
