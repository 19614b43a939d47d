// The pause/resume form the invoice and contact pages share: what it posts,
// validated, turned into the moment reminders may start again.
import { z } from "zod";
import { PAUSED_INDEFINITELY } from "./reminder-pauses.server";

const pauseForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("pause"),
    duration: z.enum(["7", "30", "indefinitely"]),
    reason: z.string().trim().max(200).optional(),
  }),
  z.object({ intent: z.literal("resume") }),
]);

export type PauseRequest = { until: Date | null; reason: string | null };

/** Null when the form is not a pause or resume (the caller answers 400). */
export function readPauseForm(form: FormData, now = new Date()): PauseRequest | null {
  const parsed = pauseForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return null;
  if (parsed.data.intent === "resume") return { until: null, reason: null };
  const { duration, reason } = parsed.data;
  const until = duration === "indefinitely" ? PAUSED_INDEFINITELY : new Date(now.getTime() + Number(duration) * 86_400_000);
  return { until, reason: reason || null };
}
