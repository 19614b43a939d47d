// reminder_emails_prepare: for one workspace, check its waiting reminder
// emails' invoices with Xero, drop what was paid, render and queue the rest;
// then the same for its waiting statements (app/statements/prepare.server.ts).
// Runs on the tenant's Xero queue, so its calls never overlap a sync's.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { prepareReminderEmails } from "~/reminders/prepare.server";
import { prepareStatements } from "~/statements/prepare.server";
import type { Clock } from "./reminder-clock";
import { whileAlive } from "./worker-liveness";

const payload = z.object({ workspaceId: z.uuid() });

export const reminderEmailsPrepare =
  (clock: Clock): Task =>
  async (raw, helpers) => {
    const { workspaceId } = payload.parse(raw);
    const outcome = await whileAlive(helpers.job.locked_by, () => prepareReminderEmails(workspaceId, clock()));
    if (outcome.queued + outcome.dropped > 0) helpers.logger.info(`workspace ${workspaceId}: ${outcome.queued} reminder emails queued, ${outcome.dropped} dropped`);
    const statements = await whileAlive(helpers.job.locked_by, () => prepareStatements(workspaceId, clock()));
    if (statements.queued + statements.dropped > 0) helpers.logger.info(`workspace ${workspaceId}: ${statements.queued} statements queued, ${statements.dropped} dropped`);
  };
