// The Reminders page's sent log as URL parameters. Shared: the page builds its filter links from it.
import { z } from "zod";

export const LOG_STATUSES = ["all", "sent", "failed"] as const;

export const reminderLogQuerySchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  status: z.enum(LOG_STATUSES).catch("all").default("all"),
  after: z.string().max(200).optional().catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
});
export type ReminderLogQuery = z.infer<typeof reminderLogQuerySchema>;
