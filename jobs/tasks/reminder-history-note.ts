// reminder_history_note: after a reminder email is sent, note it in each of
// its invoices' history in Xero. Retried on Xero trouble; never blocks sending.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { noteSentReminders } from "~/reminders/history-notes.server";
import { whileAlive } from "./worker-liveness";

const payload = z.object({ emailId: z.uuid() });

export const reminderHistoryNote: Task = async (raw, helpers) => {
  const { emailId } = payload.parse(raw);
  const result = await whileAlive(helpers.job.locked_by, () => noteSentReminders(emailId));
  if (!result.ok) throw new Error(`Adding history notes in Xero failed (${result.error.code}): ${result.error.message}`);
  if (result.value.gaveUp) helpers.logger.warn(`history notes for reminder email ${emailId} abandoned: ${result.value.gaveUp}`);
};
