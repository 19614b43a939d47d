// A workspace's reminder schedule: the steps, the defaults a new workspace
// starts with, and the rules an edited step must keep. No server-only imports,
// so the settings page validates in the browser with the same rules.
import { z } from "zod";
import { PLACEHOLDERS, unknownPlaceholders } from "./placeholders";

export type Tone = "friendly" | "neutral" | "firm";

export type StepDraft = {
  offsetDays: number;
  subject: string;
  body: string;
  /** The words when this is the first email about the invoice; null or empty: the words above serve. */
  firstSubject?: string | null;
  firstBody?: string | null;
  tone: Tone;
  enabled: boolean;
};

/** First-contact words of the default steps that speak of earlier reminders (also written into existing schedules by db/migrations). */
export const FIRST_WORDS = {
  14: {
    subject: "Invoice {{invoice_number}} is {{days_overdue}} days overdue",
    body: "Hi {{contact_name}},\n\nOur records show that invoice {{invoice_number}} for {{amount_due}}, due on {{due_date}}, is now {{days_overdue}} days overdue.\n\nPlease arrange payment as soon as possible, or reply to let us know when we can expect it.\n\nKind regards,\n{{business_name}}",
  },
  30: {
    subject: "Payment needed: invoice {{invoice_number}} is {{days_overdue}} days overdue",
    body: "Dear {{contact_name}},\n\nInvoice {{invoice_number}} for {{amount_due}}, due on {{due_date}}, is now {{days_overdue}} days overdue, and we have not received payment.\n\nPlease pay it within the next 7 days. If there is a problem with the invoice, reply to this email so we can resolve it.\n\n{{business_name}}",
  },
} as const;

/**
 * 3 days before, on the day, then 7, 14 and 30 days after: polite first, firm last.
 * A step can go out later than its day (a weekend, the send window, reminders just
 * turned on), so no step's words name the timing itself: {{due_status}} says it as
 * it is on the day the email goes ("due in 3 days", "due today", "5 days overdue").
 * The two steps whose words speak of earlier reminders have first-contact words too.
 */
export const DEFAULT_STEPS: StepDraft[] = [
  {
    offsetDays: -3,
    tone: "friendly",
    enabled: true,
    subject: "Invoice {{invoice_number}} is due on {{due_date}}",
    body: "Hi {{contact_name}},\n\nA friendly heads-up: invoice {{invoice_number}} for {{amount_due}} is due on {{due_date}}.\n\nIf you've already arranged payment, thank you!\n\n{{business_name}}",
  },
  {
    offsetDays: 0,
    tone: "friendly",
    enabled: true,
    subject: "Invoice {{invoice_number}} is {{due_status}}",
    body: "Hi {{contact_name}},\n\nJust a note that invoice {{invoice_number}} for {{amount_due}} is {{due_status}}.\n\nYou can view and pay it online using the link below.\n\nThank you,\n{{business_name}}",
  },
  {
    offsetDays: 7,
    tone: "neutral",
    enabled: true,
    subject: "Invoice {{invoice_number}} is now overdue",
    body: "Hi {{contact_name}},\n\nOur records show that invoice {{invoice_number}} for {{amount_due}} was due on {{due_date}} and is now {{days_overdue}} days overdue.\n\nCould you arrange payment at your earliest convenience? If you have any questions about the invoice, just reply to this email.\n\nKind regards,\n{{business_name}}",
  },
  {
    offsetDays: 14,
    tone: "neutral",
    enabled: true,
    subject: "Second reminder: invoice {{invoice_number}} is {{days_overdue}} days overdue",
    body: "Hi {{contact_name}},\n\nInvoice {{invoice_number}} for {{amount_due}} is now {{days_overdue}} days overdue.\n\nPlease arrange payment as soon as possible, or reply to let us know when we can expect it.\n\nKind regards,\n{{business_name}}",
    firstSubject: FIRST_WORDS[14].subject,
    firstBody: FIRST_WORDS[14].body,
  },
  {
    offsetDays: 30,
    tone: "firm",
    enabled: true,
    subject: "Final reminder: invoice {{invoice_number}} is {{days_overdue}} days overdue",
    body: "Dear {{contact_name}},\n\nDespite our earlier reminders, invoice {{invoice_number}} for {{amount_due}}, due on {{due_date}}, remains unpaid.\n\nPlease pay it within the next 7 days. If there is a problem with the invoice, reply to this email so we can resolve it.\n\n{{business_name}}",
    firstSubject: FIRST_WORDS[30].subject,
    firstBody: FIRST_WORDS[30].body,
  },
];

const text = (field: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Write a ${field}.`)
    .max(max, `Keep the ${field} under ${max} characters.`)
    .refine((value) => unknownPlaceholders(value).length === 0, {
      message: `Only these placeholders work: ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(", ")}.`,
    });

/** Optional words: empty means "the step's own words serve". */
const optionalText = (field: string, max: number) =>
  z.union([z.literal("").transform(() => null), z.null(), text(field, max)]).optional().transform((value) => value ?? null);

export const stepSchema = z.object({
  // An empty field is a missing number, not 0 (the due date): say so rather than move the step.
  offsetDays: z.preprocess(
    (value) => (value === "" || value === null || value === undefined ? Number.NaN : value),
    z.coerce.number({ error: "Enter the number of days: 0 is the due date, -3 is three days before it, 7 is a week after." }),
  ).pipe(z.number().int("Enter whole days.").min(-60, "At most 60 days before the due date.").max(365, "At most 365 days after the due date.")),
  subject: text("subject", 200),
  body: text("message", 5000),
  firstSubject: optionalText("first-email subject", 200),
  firstBody: optionalText("first-email message", 5000),
  tone: z.enum(["friendly", "neutral", "firm"]),
  enabled: z.boolean(),
});

/** A whole schedule, as the settings page saves it: offsets must differ, since order is offset order. */
export const scheduleSchema = z.array(stepSchema.extend({ id: z.uuid().optional() })).superRefine((steps, ctx) => {
  const seen = new Map<number, number>();
  steps.forEach((step, index) => {
    const earlier = seen.get(step.offsetDays);
    if (earlier !== undefined) {
      ctx.addIssue({ code: "custom", path: [index, "offsetDays"], message: `Step ${earlier + 1} already goes out ${describeOffset(step.offsetDays)}.` });
    } else seen.set(step.offsetDays, index);
  });
});

export function describeOffset(offsetDays: number): string {
  if (offsetDays === 0) return "on the due date";
  const days = Math.abs(offsetDays) === 1 ? "1 day" : `${Math.abs(offsetDays)} days`;
  return offsetDays < 0 ? `${days} before the due date` : `${days} after the due date`;
}

/**
 * A removed step that had sent reminders is kept, disabled, as their record, moved out of the schedule's way
 * to REMOVED_STEP_OFFSET − its offset (its day stays readable: REMOVED_STEP_OFFSET − that). Steps a person
 * sets are at least -60 days, so anything below KEPT_AS_RECORD_BELOW is such a step.
 */
export const REMOVED_STEP_OFFSET = -100_000;
export const KEPT_AS_RECORD_BELOW = -10_000;

/** The most repeats after the last step a workspace may ask for, and the longest gap between them. */
export const REPEAT_LIMIT_MAX = 12;
export const REPEAT_EVERY_MAX_DAYS = 90;

/** "Then every N days until paid, at most K times": off (null) by default. */
export const repeatSchema = z
  .object({
    repeat: z.enum(["off", "on"]),
    everyDays: z.string().trim(),
    limit: z.string().trim(),
  })
  .transform((input, ctx) => {
    if (input.repeat === "off") return null;
    const everyDays = Number(input.everyDays);
    const limit = Number(input.limit);
    if (input.everyDays === "" || !Number.isInteger(everyDays) || everyDays < 1 || everyDays > REPEAT_EVERY_MAX_DAYS) {
      ctx.addIssue({ code: "custom", path: ["everyDays"], message: `Enter whole days between 1 and ${REPEAT_EVERY_MAX_DAYS}, e.g. 7 for every week.` });
    }
    if (input.limit === "" || !Number.isInteger(limit) || limit < 1 || limit > REPEAT_LIMIT_MAX) {
      ctx.addIssue({ code: "custom", path: ["limit"], message: `Enter how many times, from 1 to ${REPEAT_LIMIT_MAX}.` });
    }
    return { everyDays, limit };
  });

/**
 * The words of a repeat after the last step, in that step's tone. They claim no
 * history: the composer adds the days Solido really wrote about the invoice
 * ("We wrote to you about it on 3 November and 10 November"), taken from the
 * reminders that were sent, and nothing when none was.
 */
export const REPEAT_WORDS: Record<Tone, { subject: string; body: string }> = {
  friendly: {
    subject: "Reminder: invoice {{invoice_number}} is {{due_status}}",
    body: "Hi {{contact_name}},\n\nInvoice {{invoice_number}} for {{amount_due}}, due on {{due_date}}, is still unpaid and is now {{days_overdue}} days overdue.\n\nIf you've already paid, thank you, and please ignore this email. Otherwise you can view and pay it online using the link below.\n\n{{business_name}}",
  },
  neutral: {
    subject: "Still unpaid: invoice {{invoice_number}} is {{days_overdue}} days overdue",
    body: "Hi {{contact_name}},\n\nInvoice {{invoice_number}} for {{amount_due}}, due on {{due_date}}, is still unpaid and is now {{days_overdue}} days overdue.\n\nPlease arrange payment as soon as possible, or reply to let us know when we can expect it.\n\nKind regards,\n{{business_name}}",
  },
  firm: {
    subject: "Payment still needed: invoice {{invoice_number}} is {{days_overdue}} days overdue",
    body: "Dear {{contact_name}},\n\nInvoice {{invoice_number}} for {{amount_due}}, due on {{due_date}}, is now {{days_overdue}} days overdue and remains unpaid.\n\nPlease pay it within the next 7 days. If there is a problem with the invoice, reply to this email so we can resolve it.\n\n{{business_name}}",
  },
};

/** What a repeat says: the last step's tone in the repeat's words, at the repeat's own day (the step's + N × every). */
export function repeatStep(step: { offsetDays: number; tone: Tone }, repeatNumber: number, everyDays: number) {
  return { ...REPEAT_WORDS[step.tone], tone: step.tone, offsetDays: step.offsetDays + repeatNumber * everyDays, repeatNumber };
}

/** A reminder's place in the schedule in words: "7 days after the due date", "44 days after the due date, repeat 2". */
export function describeReminder(offsetDays: number, repeatNumber = 0): string {
  return repeatNumber > 0 ? `${describeOffset(offsetDays)}, repeat ${repeatNumber}` : describeOffset(offsetDays);
}
