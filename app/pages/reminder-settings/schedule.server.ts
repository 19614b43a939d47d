// Settings → Reminders, "Schedule": one schedule's steps (the default's, or a contact group's on its own page),
// the invoice their live previews show, saving the edited steps, and "Send me a test email".
import { z } from "zod";
import { scheduleSchema } from "~/reminders/schedule";
import { listSteps, saveSchedule, type ScheduleSummary } from "~/reminders/schedules.server";
import { previewSubject, sendTestEmail } from "~/reminders/settings.server";
import { done, failed, invalid, localToday, refuse, type ActionHandler, type Workspace } from "./section.server";

const byDay = (steps: ScheduleSummary["steps"]) => [...steps].sort((a, b) => a.offsetDays - b.offsetDays);

export async function loadSchedule(workspace: Workspace, today: string, schedule: ScheduleSummary) {
  return {
    steps: byDay(schedule.steps).map(({ id, offsetDays, subject, body, firstSubject, firstBody, tone, enabled }) => ({ id, offsetDays, subject, body, firstSubject, firstBody, tone, enabled })),
    preview: await previewSubject(workspace, today, schedule.id),
  };
}

const schemas = {
  schedule: z.object({ schedule: z.string().transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "The schedule could not be read." });
      return z.NEVER;
    }
  }).pipe(scheduleSchema) }),
  test: z.object({ stepIndex: z.coerce.number().int().min(0) }),
};

export const scheduleActions: Record<string, ActionHandler> = {
  schedule: async (action) => {
    const parsed = schemas.schedule.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    await saveSchedule(action.workspace.id, action.scheduleId, parsed.data.schedule);
    return done(action, "Schedule saved.");
  },
  test: async (action) => {
    const { workspace, user } = action;
    const parsed = schemas.test.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    const step = (await listSteps(workspace.id, action.scheduleId))[parsed.data.stepIndex];
    if (!step) return refuse(action, { stepIndex: "No such step." });
    const sent = await sendTestEmail(workspace, user.email, step, localToday(workspace.timeZone, new Date()), { scheduleId: action.scheduleId });
    if (!sent.ok) return failed(action, `The test email could not be sent: ${sent.message}`);
    return done(action, `Test email sent to ${user.email}.`);
  },
};
