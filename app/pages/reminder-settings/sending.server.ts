// Settings → Reminders, "Sending": the go-live switch and what would go out today.
import { z } from "zod";
import { remindersOutlook, setReminderMode } from "~/reminders/settings.server";
import { done, invalid, type ActionHandler, type Workspace } from "./section.server";

export async function loadSending(workspace: Workspace, now: Date) {
  return { mode: workspace.reminderMode, outlook: await remindersOutlook(workspace.id, now) };
}

const modeSchema = z.object({ mode: z.enum(["preview", "live"]) });

export const sendingActions: Record<string, ActionHandler> = {
  mode: async (action) => {
    const parsed = modeSchema.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    await setReminderMode(action.workspace.id, action.user.id, parsed.data.mode, new Date());
    return done(action, parsed.data.mode === "live" ? "Reminders are on. Solido sends them in your send window." : "Reminders are off: Solido only shows what it would send.");
  },
};
