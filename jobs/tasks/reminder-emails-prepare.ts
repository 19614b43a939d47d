// reminder_emails_prepare: for one workspace, check its waiting reminder
// emails' invoices with Xero, drop what was paid, render and queue the rest.
// Runs on the tenant's Xero queue, so its calls never overlap a sync's.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { prepareReminderEmails } from "~/reminders/prepare.server";
import type { Clock } from "./reminder-clock";
import { whileAlive } from "./worker-liveness";

const payload = z.object({ workspaceId: z.uuid() });

export const reminderEmailsPrepare =
  (clock: Clock): Task =>
  async (raw, helpers) => {
    const { workspaceId } = payload.parse(raw);
    const outcome = await whileAlive(helpers.job.locked_by, () => prepareReminderEmails(workspaceId, clock()));
    if (outcome.queued + outcome.dropped > 0) helpers.logger.info(`workspace ${workspaceId}: ${outcome.queued} reminder emails queued, ${outcome.dropped} dropped`);
  };
