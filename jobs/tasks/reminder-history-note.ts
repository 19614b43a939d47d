// reminder_history_note: after reminder emails are sent, note them in each of
// their invoices' history in Xero. Retried on Xero trouble; never blocks sending.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { noteSentReminders } from "~/reminders/history-notes.server";
import { whileAlive } from "./worker-liveness";

// `emailId`: a job queued by a release that noted one email a job.
const payload = z.union([z.object({ emailIds: z.array(z.uuid()).min(1) }), z.object({ emailId: z.uuid() }).transform(({ emailId }) => ({ emailIds: [emailId] }))]);

export const reminderHistoryNote: Task = async (raw, helpers) => {
  const { emailIds } = payload.parse(raw);
  const result = await whileAlive(helpers.job.locked_by, () => noteSentReminders(emailIds));
  if (!result.ok) throw new Error(`Adding history notes in Xero failed (${result.error.code}): ${result.error.message}`);
  if (result.value.gaveUp) helpers.logger.warn(`history notes for reminder emails ${emailIds.join(", ")} abandoned: ${result.value.gaveUp}`);
};
