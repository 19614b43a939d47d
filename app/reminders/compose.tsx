// Turns a schedule step, a customer and their invoices into the email they
// will read: placeholders filled, money and dates in the organisation's
// locale, the one-invoice or several-invoices template. Pure (no database, no
// Xero), so the sender, the settings page's live preview and "Send me a test
// email" all show exactly the same thing.
//
// Honest by construction: every value comes from the invoices and the day the
// email goes; a step's words that speak of earlier reminders are used only
// when Solido did send the customer one about each invoice they speak of
// (otherwise the step's first-contact words); and invoices not yet due that
// share the day's email are listed apart as coming up, never called overdue.
import ReminderSeveral from "~emails/reminder-several";
import ReminderSingle from "~emails/reminder-single";
import { describeTiming, type Branding, type InvoiceLine } from "~emails/theme";
import { fillPlaceholders, type Placeholder } from "./placeholders";
import type { Tone } from "./schedule";

/** Xero's CountryCode to a BCP 47 locale for numbers and dates ("NZ" → "en-NZ"). */
export function localeFor(countryCode: string | null | undefined): string {
  if (!countryCode) return "en-GB";
  const candidate = `en-${countryCode.toUpperCase()}`;
  return Intl.NumberFormat.supportedLocalesOf([candidate]).length > 0 ? candidate : "en-GB";
}

// Building an Intl formatter costs far more than using one; a sender formats
// thousands of amounts in a handful of locales and currencies.
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Money from its exact decimal string: Intl formats a string without passing through a float. */
export function formatMoney(amount: string, currencyCode: string, locale: string): string {
  const key = `${locale} ${currencyCode}`;
  let format = moneyFormats.get(key);
  if (!format) moneyFormats.set(key, (format = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode })));
  return format.format(amount as unknown as number);
}

/** A calendar date (YYYY-MM-DD) as people in the locale write it, e.g. "14 March 2025". */
export function formatDate(isoDate: string, locale: string): string {
  let format = dateFormats.get(locale);
  if (!format) dateFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })));
  return format.format(new Date(`${isoDate}T00:00:00Z`));
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A decimal string with at most two places as whole cents, exactly. */
function toCents(amount: string): bigint {
  const [whole, fraction = ""] = amount.trim().replace(/^-/, "").split(".");
  const value = BigInt(whole || "0") * 100n + BigInt((fraction + "00").slice(0, 2));
  return amount.trim().startsWith("-") ? -value : value;
}

/** -1, 0 or 1, comparing two decimal strings exactly. */
export function compareMoney(a: string, b: string): number {
  const difference = toCents(a) - toCents(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** Decimal strings added exactly, in cents. */
export function sumMoney(amounts: string[]): string {
  const cents = amounts.reduce((total, amount) => total + toCents(amount), 0n);
  const negative = cents < 0n;
  const absolute = negative ? -cents : cents;
  return `${negative ? "-" : ""}${absolute / 100n}.${String(absolute % 100n).padStart(2, "0")}`;
}

function listInWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A schedule step's words: its own, and those for a first email about an invoice (empty: its own serve). */
export type StepWords = {
  subject: string;
  body: string;
  /** The step's tone words the subject of an email covering several invoices. */
  tone?: Tone;
  offsetDays?: number;
  firstSubject?: string | null;
  firstBody?: string | null;
  /** Set on a repeat after the last step (schedule.ts repeatStep): its email names the days Solido really wrote. */
  repeatNumber?: number;
};

export type ReminderInvoice = {
  invoiceNumber: string | null;
  reference: string | null;
  currencyCode: string;
  /** Exact decimal string. */
  amountDue: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  payUrl: string | null;
  /** The step this invoice's reminder is at; the email's `step` when absent. */
  step?: StepWords;
  /** Whether a reminder about this invoice was actually sent to the customer before; unknown counts as no. */
  remindedBefore?: boolean;
  /** The days (YYYY-MM-DD) reminders about this invoice were sent, oldest first: a repeat names them. */
  remindedOn?: string[];
  /** The day (YYYY-MM-DD) the customer promised to pay by, when that day passed unpaid and no reminder has said so yet. */
  brokenPromise?: string | null;
};

export type ComposeInput = {
  branding: Branding;
  /** From the organisation's country. */
  locale: string;
  contactName: string;
  /** The step of invoices that carry none of their own. */
  step?: StepWords;
  invoices: ReminderInvoice[];
  /** The organisation's local calendar day the email goes out on (YYYY-MM-DD). */
  today: string;
  /** The customer's own page (app/models/customer-links.server.ts); previews of made-up invoices have none. */
  customerPageUrl?: string | null;
};

export type ComposedReminder = {
  subject: string;
  preview: string;
  element: JSX.Element;
  /** The words chosen: the step's own, or its first-contact ones. */
  words: "step" | "first_contact";
  /** Invoices in the email not yet due, listed apart as coming up. */
  upcoming: number;
};

/**
 * Which words an email speaks with. The latest step among the invoices it is
 * about (the firmest) speaks for all of them; when any of them never had a
 * reminder sent, it is the customer's first email about that invoice, and the
 * step's first-contact words are used, so no email claims reminders that never
 * went. Exported for the pages that say which words an invoice will get.
 */
export function chooseWords(items: { step: StepWords; remindedBefore: boolean }[]): {
  subject: string;
  body: string;
  tone: Tone;
  words: "step" | "first_contact";
  repeat: boolean;
} {
  if (items.length === 0) throw new TypeError("Words need at least one invoice");
  const step = items.reduce((latest, item) => ((item.step.offsetDays ?? 0) > (latest.offsetDays ?? 0) ? item.step : latest), items[0].step);
  const first = items.some((item) => !item.remindedBefore);
  const tone = step.tone ?? "neutral";
  const repeat = (step.repeatNumber ?? 0) > 0;
  if (!first) return { subject: step.subject, body: step.body, tone, words: "step", repeat };
  return { subject: step.firstSubject?.trim() || step.subject, body: step.firstBody?.trim() || step.body, tone, words: "first_contact", repeat };
}

/** One invoice as an email lists it, every value formatted for the locale, its timing counted to `today`. */
export function invoiceLine(invoice: Pick<ReminderInvoice, "invoiceNumber" | "reference" | "currencyCode" | "amountDue" | "dueDate" | "payUrl">, locale: string, today: string): InvoiceLine {
  return {
    invoiceNumber: invoice.invoiceNumber ?? "(no number)",
    reference: invoice.reference,
    amountDue: formatMoney(invoice.amountDue, invoice.currencyCode, locale),
    dueDate: formatDate(invoice.dueDate, locale),
    daysOverdue: daysBetween(invoice.dueDate, today),
    payUrl: invoice.payUrl,
  };
}

export function composeReminder(input: ComposeInput): ComposedReminder {
  const { branding, locale, today } = input;
  if (input.invoices.length === 0) throw new TypeError("A reminder needs at least one invoice");
  const line = (invoice: ReminderInvoice) => invoiceLine(invoice, locale, today);
  // What the email is about: the invoices due today or overdue. Any not yet due that share the day's
  // email (a customer gets one email a day) are listed apart as coming up; only when none is due yet
  // is the email about those.
  const dueNow = input.invoices.filter((invoice) => daysBetween(invoice.dueDate, today) >= 0);
  const about = dueNow.length > 0 ? dueNow : input.invoices;
  const comingUp = dueNow.length > 0 ? input.invoices.filter((invoice) => daysBetween(invoice.dueDate, today) < 0) : [];
  const stepOf = (invoice: ReminderInvoice) => {
    const step = invoice.step ?? input.step;
    if (!step) throw new TypeError(`Invoice ${invoice.invoiceNumber ?? ""} has no step`);
    return step;
  };
  const chosen = chooseWords(about.map((invoice) => ({ step: stepOf(invoice), remindedBefore: invoice.remindedBefore ?? false })));
  const lines = about.map(line);
  const upcoming = comingUp.map(line);
  const currencies = [...new Set(about.map((invoice) => invoice.currencyCode))];
  const totals = currencies.map((currency) =>
    formatMoney(
      sumMoney(about.filter((invoice) => invoice.currencyCode === currency).map((invoice) => invoice.amountDue)),
      currency,
      locale,
    ),
  );
  const dueDates = about.map((invoice) => invoice.dueDate).sort();
  const daysOverdue = Math.max(0, ...lines.map((line) => line.daysOverdue));
  const grouped = lines.length > 1;
  const sameDueDate = dueDates[0] === dueDates[dueDates.length - 1];
  const distinctDays = new Set(lines.map((line) => Math.max(0, line.daysOverdue))).size;
  // Names are one line wherever they came from (a name with line breaks would otherwise break the message's layout).
  const values: Record<Placeholder, string> = {
    contact_name: input.contactName.replace(/\s+/g, " ").trim(),
    invoice_number: listInWords(lines.map((line) => line.invoiceNumber)),
    amount_due: grouped ? `${listInWords(totals)} in total` : listInWords(totals),
    due_date: sameDueDate
      ? formatDate(dueDates[0], locale)
      : // Read after "due" once wordedForSeveral has let go of its "on".
        `between ${formatDate(dueDates[0], locale)} and ${formatDate(dueDates[dueDates.length - 1], locale)}`,
    days_overdue: grouped && distinctDays > 1 ? `up to ${daysOverdue}` : String(daysOverdue),
    due_status: groupDueStatus(lines.map((line) => line.daysOverdue)),
    business_name: branding.businessName.replace(/\s+/g, " ").trim(),
  };
  // Header text must stay on one line whatever a contact's or invoice's name holds.
  const subject = (
    lines.length === 1
      ? fillPlaceholders(chosen.subject, values)
      : groupedSubject({ stepSubject: chosen.subject, tone: chosen.tone, businessName: values.business_name, daysOverdue: lines.map((line) => line.daysOverdue), totals })
  )
    .replace(/\s+/g, " ")
    .trim();
  const notes = [promiseNote(about, locale), chosen.repeat ? writtenBeforeNote(about, locale) : null].filter((note): note is string => note !== null);
  const message = afterGreeting(fillPlaceholders(grouped ? wordedForSeveral(chosen.body, { sameDueDate }) : chosen.body, values), notes.length ? notes.join("\n\n") : null);
  const preview =
    lines.length === 1
      ? `Invoice ${lines[0].invoiceNumber} for ${lines[0].amountDue} is ${describeTiming(lines[0].daysOverdue)}`
      : `${lines.length} invoices, ${listInWords(totals)} in total`;
  const element =
    lines.length === 1 ? (
      <ReminderSingle branding={branding} message={message} preview={preview} invoice={lines[0]} upcoming={upcoming} customerPageUrl={input.customerPageUrl} />
    ) : (
      <ReminderSeveral branding={branding} message={message} preview={preview} invoices={lines} totals={totals} upcoming={upcoming} customerPageUrl={input.customerPageUrl} />
    );
  return { subject, preview, element, words: chosen.words, upcoming: upcoming.length };
}

/**
 * The first reminder after a promise to pay passed unpaid says so, politely and first: the customer
 * told the business a day, and pretending they did not would read as a machine that never listened.
 */
function promiseNote(invoices: ReminderInvoice[], locale: string): string | null {
  const broken = invoices.filter((invoice) => invoice.brokenPromise);
  if (broken.length === 0) return null;
  const promises = broken.map((invoice) => `invoice ${invoice.invoiceNumber ?? "(no number)"} by ${formatDate(invoice.brokenPromise!, locale)}`);
  return `Thank you for letting us know you would pay ${listInWords(promises)}. We haven't received the payment yet — if it is already on its way, thank you, and please ignore this reminder.`;
}

/**
 * A repeat after the last step says when Solido wrote before — only days a reminder about the invoice
 * really went, the latest three at most — so "we have written before" is never a form phrase. Nothing
 * when none went (a repeat caught up on, reminders just turned on).
 */
export function writtenBeforeNote(invoices: ReminderInvoice[], locale: string): string | null {
  const written = invoices.filter((invoice) => (invoice.remindedOn?.length ?? 0) > 0);
  if (written.length === 0) return null;
  const days = (invoice: ReminderInvoice) => {
    const all = [...new Set(invoice.remindedOn!)].sort();
    const shown = all.slice(-3).map((day) => formatDate(day, locale));
    return all.length > 3 ? `, most recently on ${listInWords(shown)}` : ` on ${listInWords(shown)}`;
  };
  if (invoices.length === 1) return `We wrote to you about this invoice${days(written[0])}.`;
  return `We wrote to you about ${listInWords(written.map((invoice) => `invoice ${invoice.invoiceNumber ?? "(no number)"}${days(invoice)}`))}.`;
}

/** A paragraph put right after the message's greeting ("Hi Aroha's Café,"), or first when it opens without one. */
function afterGreeting(message: string, paragraph: string | null): string {
  if (!paragraph) return message;
  const [first, ...rest] = message.split(/\n\s*\n/);
  const greeting = first !== undefined && rest.length > 0 && !first.includes("\n") && first.length <= 80 && /[,!:]\s*$/.test(first);
  return greeting ? [first, paragraph, ...rest].join("\n\n") : `${paragraph}\n\n${message}`;
}

/** {{due_status}} of several invoices: what is true of all of them. */
function groupDueStatus(daysOverdue: number[]): string {
  if (daysOverdue.length === 1) return describeTiming(daysOverdue[0]);
  const least = Math.min(...daysOverdue);
  const most = Math.max(...daysOverdue);
  if (least === most) return describeTiming(least);
  if (least > 0) return `up to ${most} days overdue`;
  if (least >= 0) return "now due";
  return most < 0 ? "due soon" : "due or coming due";
}

/** Verbs a step's words use of one invoice, and what they become for several. */
const PLURAL_VERBS: Record<string, string> = {
  is: "are", was: "were", has: "have", remains: "remain", needs: "need", "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't",
};
/** How the rest of a step's words speak of "the invoice", and how they speak of several. */
const PLURAL_PHRASES: [RegExp, string][] = [
  [/\b([Tt]h)is invoice\b(?!\s*\{\{)/g, "$1ese invoices"],
  [/\b([Tt])he invoice\b(?!\s*\{\{)/g, "$1he invoices"],
  [/\bpay it\b/g, "pay them"],
  [/\bthe link below\b/g, "the links below"],
];

/**
 * A step's message, written of one invoice ("invoice {{invoice_number}} for
 * {{amount_due}} is due on {{due_date}}"), worded for several before its
 * placeholders are filled, so it reads "invoices INV-1, INV-2 and INV-3 for
 * $1,234.50 in total are due between 4 June and 11 June" rather than
 * "invoice INV-1, INV-2 and INV-3 … is". Works on the step's words, never on
 * the customer's data that fills them: the noun before {{invoice_number}} and
 * the verbs after it in its sentence agree with the list; "the invoice", "pay
 * it" and "the link below" elsewhere become plural; "on {{due_date}}" gives
 * way to the range that placeholder then holds when the dates differ.
 */
export function wordedForSeveral(body: string, options: { sameDueDate: boolean }): string {
  const numbered = /\{\{\s*invoice_number\s*\}\}/;
  let text = body.replace(/\b([Ii])nvoice(\s+\{\{\s*invoice_number\s*\}\})/g, "$1nvoices$2");
  if (!options.sameDueDate) text = text.replace(/\bon\s+(\{\{\s*due_date\s*\}\})/g, "$1");
  // Sentence by sentence: the verbs that follow the invoice numbers in theirs.
  text = text
    .split(/(?<=[.!?])(?=\s)|(?=\n)/)
    .map((sentence) => {
      const at = sentence.search(numbered);
      if (at < 0) return sentence;
      const rest = sentence.slice(at).replace(/\b(is|was|has|remains|needs|isn't|wasn't|hasn't|doesn't)\b/g, (verb) => PLURAL_VERBS[verb]);
      return sentence.slice(0, at) + rest;
    })
    .join("");
  for (const [pattern, plural] of PLURAL_PHRASES) text = text.replace(pattern, plural);
  return text;
}

/** A lead-in the business wrote before its subject's first placeholder, e.g. "Second reminder" of "Second reminder: invoice {{invoice_number}}…". */
function subjectLeadIn(stepSubject: string): string | null {
  const match = /^([^{}:]{1,40}):\s/.exec(stepSubject.trim());
  return match ? match[1].trim() : null;
}

/**
 * The subject of an email about several invoices. A step's subject is written
 * for one invoice ("Invoice {{invoice_number}} is due today"), and filling it
 * with a list reads badly ("Invoice INV-1, INV-2 and INV-3 is due today"), so
 * Solido words it for the group: how many, from whom, whether they are due or
 * overdue, and the total — e.g. "3 invoices from Harbour Coffee Roasters are
 * overdue — $1,234.50 due". It keeps the step's own lead-in ("Second reminder:",
 * "Final reminder:") so the escalation reads as the business wrote it; a firm
 * step without one opens with "Action needed:".
 */
export function groupedSubject(input: { stepSubject: string; tone: Tone; businessName: string; daysOverdue: number[]; totals: string[] }): string {
  const { daysOverdue, totals } = input;
  const overdue = Math.min(...daysOverdue) > 0;
  const state = overdue ? "are overdue" : Math.max(...daysOverdue) < 0 ? "are due soon" : daysOverdue.every((days) => days === 0) ? "are due today" : "are now due";
  const amount = `${listInWords(totals)} ${overdue ? "due" : "in total"}`;
  const leadIn = subjectLeadIn(input.stepSubject) ?? (input.tone === "firm" ? "Action needed" : null);
  const sentence = `${daysOverdue.length} invoices from ${input.businessName} ${state} — ${amount}`;
  return leadIn ? `${leadIn}: ${sentence}` : sentence;
}


/**
 * One consistent invoice at one moment for a step's preview and test email. A
 * real invoice is shown as it will read on the day this step reaches it (its
 * due date + the step's offset), every value its own; only a made-up sample
 * invoice is dated to suit the step (due `offset` days before today).
 */
export function previewMoment(subject: { invoice: ReminderInvoice; sample: boolean }, offsetDays: number, today: string): { invoice: ReminderInvoice; today: string } {
  const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  if (subject.sample) return { invoice: { ...subject.invoice, dueDate: shift(today, -offsetDays) }, today };
  return { invoice: subject.invoice, today: shift(subject.invoice.dueDate, offsetDays) };
}
