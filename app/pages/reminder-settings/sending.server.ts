// Settings → Reminders, "Sending": the go-live switch and what would go out today.
import { z } from "zod";
import { plural } from "~/display/format";
import { defaultSchedule, listSteps } from "~/reminders/schedules.server";
import { remindersOutlook, setChaseWithinDays, setReminderMode, turnRemindersOn } from "~/reminders/settings.server";
import { done, invalid, refuse, type ActionHandler, type Workspace } from "./section.server";

export async function loadSending(workspace: Workspace, now: Date) {
  return { mode: workspace.reminderMode, outlook: await remindersOutlook(workspace.id, now) };
}

const modeSchema = z.object({ mode: z.enum(["preview", "live"]), sendDueNow: z.literal("1").optional() });
const cutOffSchema = z.object({
  chase: z.enum(["within", "all"]),
  days: z.string().trim(),
});

export const sendingActions: Record<string, ActionHandler> = {
  mode: async (action) => {
    const parsed = modeSchema.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    if (parsed.data.mode === "preview") {
      await setReminderMode(action.workspace.id, action.user.id, "preview", new Date());
      return done(action, "Reminders are off: Solido only shows what it would send.");
    }
    const { sentNow } = await turnRemindersOn(action.workspace.id, action.user.id, new Date(), { sendDueNow: parsed.data.sendDueNow === "1" });
    if (sentNow) return done(action, `Reminders are on. ${plural(sentNow.reminders, "reminder")} in ${plural(sentNow.emails, "email")} are going out now.`);
    const { when, suspended } = await remindersOutlook(action.workspace.id, new Date());
    if (suspended) return done(action, "Reminders are on, but sending is suspended until Xero is reconnected.");
    // Asked to send now, but the offer lapsed (past 20:00 by the time the button was pressed): say what really happens.
    if (parsed.data.sendDueNow === "1") return done(action, `Reminders are on. It is too late in the day to send now, so the first ones go ${when}.`);
    return done(action, `Reminders are on. The first ones go ${when}.`);
  },
  "cut-off": async (action) => {
    const parsed = cutOffSchema.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    let days: number | null = null;
    if (parsed.data.chase === "within") {
      days = Number(parsed.data.days);
      if (!/^\d+$/.test(parsed.data.days) || days < 1 || days > 3650) return refuse(action, { days: "Enter a whole number of days from 1 to 3650." });
      const last = Math.max(...(await listSteps(action.workspace.id, (await defaultSchedule(action.workspace.id)).id)).filter((step) => step.enabled).map((step) => step.offsetDays));
      if (Number.isFinite(last) && days < last) {
        return refuse(action, { days: `Your last step goes ${last} days after the due date: chase invoices for at least ${last} days, or that step never goes.` });
      }
    }
    await setChaseWithinDays(action.workspace.id, action.user.id, days);
    return done(action, days === null ? "Solido chases every unpaid invoice, however old." : `Solido chases invoices due within the last ${days} days.`);
  },
};
