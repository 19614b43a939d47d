// reminder_email_send: hands a batch of prepared reminder emails to SMTP, each
// exactly once (see app/reminders/send.server.ts). A temporary SMTP failure
// throws, and graphile-worker retries the batch with its exponential backoff;
// the emails already settled are skipped then.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { sendReminderEmails } from "~/reminders/send.server";
import type { Clock } from "./reminder-clock";
import { whileAlive } from "./worker-liveness";

// `emailId`: a job queued by a release that sent one email a job.
const payload = z.union([z.object({ emailIds: z.array(z.uuid()).min(1) }), z.object({ emailId: z.uuid() }).transform(({ emailId }) => ({ emailIds: [emailId] }))]);

export const reminderEmailSend =
  (clock: Clock): Task =>
  async (raw, helpers) => {
    const { emailIds } = payload.parse(raw);
    const outcomes = await whileAlive(helpers.job.locked_by, () => sendReminderEmails(emailIds, clock()));
    for (const [emailId, outcome] of outcomes) {
      if (outcome !== "sent" && outcome !== "nothing_to_do") helpers.logger.info(`reminder email ${emailId}: ${outcome}`);
    }
  };
