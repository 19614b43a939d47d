// reminder_emails_sweep (crontab, every 5 minutes): queues again, or records
// failed, prepared reminder emails whose send job is gone (see
// app/reminders/sweep.server.ts). Safe to run twice: a swept email has a job.
import type { Task } from "graphile-worker";
import { sweepStrandedEmails } from "~/reminders/sweep.server";

export const reminderEmailsSweep: Task = async (_payload, helpers) => {
  const swept = await sweepStrandedEmails();
  if (swept.requeued + swept.failed + swept.held > 0) {
    helpers.logger.warn(`stranded reminder emails: ${swept.requeued} queued again, ${swept.failed} recorded failed, ${swept.held} held for SMTP credentials`);
  }
};
