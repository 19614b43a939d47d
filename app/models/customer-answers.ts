// The rules of what a customer may say on their page, shared by the server
// (which enforces them) and the page (which shows the limits in its fields).
import { addDays } from "~/display/format";

/** Days after the promised day before reminders resume: a payment made that day takes a bank day or two to show in Xero. */
export const PROMISE_GRACE_DAYS = 3;
/** The furthest a customer can promise from today: further than that is a payment plan, for the business to agree. */
export const PROMISE_FURTHEST_DAYS = 60;
export const QUERY_MESSAGE_LIMIT = 2000;

/** Promises one invoice can take in a day: each is noted in Xero, and a link must not become a way to flood the business. */
export const PROMISES_PER_INVOICE_PER_DAY = 3;

export type PromiseRefusal = "not_a_date" | "in_the_past" | "too_far" | "not_open" | "too_often";
export const PROMISE_REFUSALS: Record<PromiseRefusal, string> = {
  not_a_date: "Choose the day you will pay.",
  in_the_past: "That day has passed. Choose today or a later day.",
  too_far: `Choose a day within the next ${PROMISE_FURTHEST_DAYS} days, or reply to the reminder to agree a payment plan.`,
  not_open: "This invoice has nothing left to pay.",
  too_often: "You have changed the day several times today. Reply to the reminder email if the plan changes again.",
};

/** Whether `day` (YYYY-MM-DD) can be promised on `today` (the organisation's). */
export function checkPromisedDay(day: string, today: string): PromiseRefusal | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) return "not_a_date";
  if (day < today) return "in_the_past";
  if (day > addDays(today, PROMISE_FURTHEST_DAYS)) return "too_far";
  return null;
}

export type QueryRefusal = "empty" | "too_long" | "not_open" | "already_asked";
export const QUERY_REFUSALS: Record<QueryRefusal, string> = {
  empty: "Write what is wrong with the invoice, so the business can put it right.",
  too_long: `Keep it under ${QUERY_MESSAGE_LIMIT.toLocaleString("en")} characters; the business can reply for the details.`,
  not_open: "This invoice has nothing left to pay.",
  already_asked: "You have already asked about this invoice, and the business has been told. Reply to the reminder email to add anything.",
};

export function checkQueryMessage(message: string): QueryRefusal | null {
  const trimmed = message.trim();
  if (trimmed.length === 0) return "empty";
  if (trimmed.length > QUERY_MESSAGE_LIMIT) return "too_long";
  return null;
}

/** What the page's action answers about one invoice: taken, or refused with the words and what was typed. */
export type CustomerAction =
  | { invoiceId: string; intent: "promise" | "query"; ok: true }
  | { invoiceId: string; intent: "promise" | "query"; ok: false; error: string; value: string };
