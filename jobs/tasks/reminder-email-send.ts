// reminder_email_send: hands one prepared reminder email to SMTP, exactly
// once (see app/reminders/send.server.ts). A temporary SMTP failure throws,
// and graphile-worker retries with its exponential backoff.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { sendReminderEmail } from "~/reminders/send.server";
import type { Clock } from "./reminder-clock";
import { whileAlive } from "./worker-liveness";

const payload = z.object({ emailId: z.uuid() });

export const reminderEmailSend =
  (clock: Clock): Task =>
  async (raw, helpers) => {
    const { emailId } = payload.parse(raw);
    const outcome = await whileAlive(helpers.job.locked_by, () => sendReminderEmail(emailId, clock()));
    if (outcome !== "sent" && outcome !== "nothing_to_do") helpers.logger.info(`reminder email ${emailId}: ${outcome}`);
  };
