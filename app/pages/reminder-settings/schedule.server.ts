// Settings → Reminders, "Schedule": the steps, the invoice their live
// previews show, saving an edited schedule, and "Send me a test email".
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { flashToast } from "~/http/session.server";
import { scheduleSchema } from "~/reminders/schedule";
import { defaultSchedule, listSteps, saveSchedule } from "~/reminders/schedules.server";
import { previewSubject, sendTestEmail } from "~/reminders/settings.server";
import { done, invalid, localToday, refuse, settingsPath, type ActionHandler, type Workspace } from "./section.server";

export async function loadSchedule(workspace: Workspace, today: string) {
  // The default schedule's steps (schedules per contact group: schedules.server.ts).
  const [steps, preview] = await Promise.all([defaultSchedule(workspace.id).then((schedule) => listSteps(workspace.id, schedule.id)), previewSubject(workspace, today)]);
  return {
    steps: steps.map(({ id, offsetDays, subject, body, firstSubject, firstBody, tone, enabled }) => ({ id, offsetDays, subject, body, firstSubject, firstBody, tone, enabled })),
    preview,
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
    await saveSchedule(action.workspace.id, (await defaultSchedule(action.workspace.id)).id, parsed.data.schedule);
    return done(action, "Schedule saved.");
  },
  test: async (action) => {
    const { request, workspace, user } = action;
    const parsed = schemas.test.safeParse(action.fields);
    if (!parsed.success) return invalid(action, parsed.error);
    const steps = await listSteps(workspace.id, (await defaultSchedule(workspace.id)).id);
    const step = steps[parsed.data.stepIndex];
    if (!step) return refuse(action, { stepIndex: "No such step." });
    const sent = await sendTestEmail(workspace, user.email, step, localToday(workspace.timeZone, new Date()));
    if (!sent.ok) return redirect(settingsPath(workspace), { headers: await flashToast(request, { kind: "error", message: `The test email could not be sent: ${sent.message}` }) });
    return done(action, `Test email sent to ${user.email}.`);
  },
};
