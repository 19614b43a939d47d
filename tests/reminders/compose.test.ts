// The pure part of a reminder: placeholders, money and dates in the
// organisation's locale, and the two templates rendered to HTML and text.
import { describe, expect, it } from "vitest";
import { toPlainText, unstableToPlainText } from "@react-email/render";
import { createElement } from "react";
import { renderEmail } from "~/server/email.server";
import { composeReminder, formatMoney, localeFor, sumMoney } from "~/reminders/compose";
import { unknownPlaceholders } from "~/reminders/placeholders";
import { DEFAULT_STEPS, repeatSchema, repeatStep, scheduleSchema } from "~/reminders/schedule";
import TeamInvite from "~emails/team-invite";
import { sampleBranding } from "~emails/theme";

const invoice = { invoiceNumber: "INV-1", reference: null, currencyCode: "NZD", amountDue: "1234.50", dueDate: "2025-06-04", payUrl: "https://in.xero.com/x" };

describe("composing a reminder", () => {
  it("formats money from its exact decimal string in the organisation's locale", () => {
    expect(formatMoney("12345678901234.56", "NZD", localeFor("NZ"))).toBe("$12,345,678,901,234.56");
    expect(formatMoney("0.10", "GBP", localeFor("GB"))).toBe("£0.10");
    expect(sumMoney(["0.10", "0.20", "1234.05"])).toBe("1234.35");
  });

  it("knows its placeholders and names the unknown ones", () => {
    expect(unknownPlaceholders("{{contact_name}} owes {{amount_due}} on {{due_date}}")).toEqual([]);
    expect(unknownPlaceholders("Pay {{amount}} by {{ due }}")).toEqual(["amount", "due"]);
    expect(scheduleSchema.safeParse(DEFAULT_STEPS).success).toBe(true);
  });

  it("fills the step's words for one invoice and renders HTML and plain text with the pay button", async () => {
    const composed = composeReminder({ branding: sampleBranding, locale: "en-NZ", contactName: "Aroha", step: DEFAULT_STEPS[2], invoices: [invoice], today: "2025-06-11" });
    expect(composed.subject).toBe("Invoice INV-1 is now overdue");
    const { html, text } = await renderEmail(composed.element);
    expect(text).toContain("invoice INV-1 for $1,234.50 was due on 4 June 2025 and is now 7 days overdue");
    expect(html).toContain("View and pay invoice");
    expect(html).toContain('href="https://in.xero.com/x"');
    expect(text).toContain("Sent by Solido on behalf of Harbour Coffee Roasters");
  });

  it("lists several invoices with one total per currency", async () => {
    const composed = composeReminder({
      branding: sampleBranding,
      locale: "en-NZ",
      contactName: "Aroha",
      step: DEFAULT_STEPS[1],
      invoices: [invoice, { ...invoice, invoiceNumber: "INV-2", amountDue: "0.55" }, { ...invoice, invoiceNumber: "INV-3", currencyCode: "AUD", amountDue: "10.00" }],
      today: "2025-06-11",
    });
    expect(composed.subject).toBe("3 invoices from Harbour Coffee Roasters are overdue — $1,235.05 and A$10.00 due");
    const { text } = await renderEmail(composed.element);
    expect(text).toContain("$1,235.05");
    expect(text).toContain("A$10.00");
  });

  describe("the subject of an email about several invoices", () => {
    const several = (dueDates: string[], step: (typeof DEFAULT_STEPS)[number]) =>
      composeReminder({
        branding: sampleBranding,
        locale: "en-NZ",
        contactName: "Aroha",
        step,
        today: "2025-06-11",
        invoices: dueDates.map((dueDate, index) => ({ ...invoice, invoiceNumber: `INV-${index + 1}`, amountDue: ["1000.00", "200.00", "34.50"][index], dueDate, remindedBefore: true })),
      }).subject;
    const [headsUp, onTheDay, overdue, second, final] = DEFAULT_STEPS;

    it("says how many, from whom, whether they are due or overdue, and the total", () => {
      expect(several(["2025-06-04", "2025-06-01", "2025-05-28"], overdue)).toBe("3 invoices from Harbour Coffee Roasters are overdue — $1,234.50 due");
      expect(several(["2025-06-14", "2025-06-14"], headsUp)).toBe("2 invoices from Harbour Coffee Roasters are due soon — $1,200.00 in total");
      expect(several(["2025-06-11", "2025-06-11"], onTheDay)).toBe("2 invoices from Harbour Coffee Roasters are due today — $1,200.00 in total");
      expect(several(["2025-06-11", "2025-06-04"], overdue)).toBe("2 invoices from Harbour Coffee Roasters are now due — $1,200.00 in total");
    });

    it("keeps the step's own lead-in, so the escalation reads as the business wrote it, once each invoice was reminded before", () => {
      expect(several(["2025-05-28", "2025-05-20"], second)).toBe("Second reminder: 2 invoices from Harbour Coffee Roasters are overdue — $1,200.00 due");
      expect(several(["2025-05-01", "2025-05-10"], final)).toBe("Final reminder: 2 invoices from Harbour Coffee Roasters are overdue — $1,200.00 due");
    });

    it("opens a firm step without a lead-in of its own with 'Action needed'", () => {
      const firm = { ...overdue, tone: "firm" as const, subject: "Invoice {{invoice_number}} must be paid" };
      expect(several(["2025-05-01", "2025-05-10"], firm)).toBe("Action needed: 2 invoices from Harbour Coffee Roasters are overdue — $1,200.00 due");
    });

    it("leaves the subject of a one-invoice email as the step words it", () => {
      expect(several(["2025-06-04"], overdue)).toBe("Invoice INV-1 is now overdue");
    });
  });
});

describe("the message of an email about several invoices", () => {
  const [headsUp, onTheDay, overdue, second, final] = DEFAULT_STEPS;
  const message = async (step: (typeof DEFAULT_STEPS)[number], dueDates: string[], contactName = "Aroha") => {
    const composed = composeReminder({
      branding: sampleBranding,
      locale: "en-NZ",
      contactName,
      step,
      today: "2025-06-11",
      invoices: dueDates.map((dueDate, index) => ({ ...invoice, invoiceNumber: `INV-${index + 1}`, amountDue: ["1000.00", "200.00", "34.50"][index], dueDate, remindedBefore: true })),
    });
    return (await renderEmail(composed.element)).text.replace(/\s+/g, " ");
  };

  it("speaks of the invoices in the plural, with their total, in every default step", async () => {
    expect(await message(headsUp, ["2025-06-14", "2025-06-14"])).toContain("invoices INV-1 and INV-2 for $1,200.00 in total are due on 14 June 2025.");
    expect(await message(onTheDay, ["2025-06-11", "2025-06-11"])).toContain(
      "invoices INV-1 and INV-2 for $1,200.00 in total are due today. You can view and pay them online using the links below.",
    );
    expect(await message(overdue, ["2025-06-04", "2025-06-04"])).toContain(
      "invoices INV-1 and INV-2 for $1,200.00 in total were due on 4 June 2025 and are now 7 days overdue. Could you arrange payment at your earliest convenience? If you have any questions about the invoices,",
    );
    expect(await message(second, ["2025-05-28", "2025-05-28", "2025-05-28"])).toContain("Invoices INV-1, INV-2 and INV-3 for $1,234.50 in total are now 14 days overdue.");
    expect(await message(final, ["2025-05-12", "2025-05-12"])).toContain(
      "invoices INV-1 and INV-2 for $1,200.00 in total, due on 12 May 2025, remain unpaid. Please pay them within the next 7 days. If there is a problem with the invoices,",
    );
  });

  it("gives the range of due dates and the most days overdue when the invoices differ", async () => {
    expect(await message(overdue, ["2025-05-28", "2025-06-04"])).toContain("were due between 28 May 2025 and 4 June 2025 and are now up to 14 days overdue.");
    expect(await message(final, ["2025-05-01", "2025-05-12"])).toContain("due between 1 May 2025 and 12 May 2025, remain unpaid.");
  });

  it("rewords the step's words only, never the customer's data that fills them", async () => {
    expect(await message(overdue, ["2025-06-04", "2025-06-04"], "The invoice is late Ltd")).toContain("Hi The invoice is late Ltd,");
  });

  it("leaves a one-invoice email as the step words it", async () => {
    expect(await message(overdue, ["2025-06-04"])).toContain("invoice INV-1 for $1,000.00 was due on 4 June 2025 and is now 7 days overdue. Could you arrange payment at your earliest convenience? If you have any questions about the invoice,");
  });
});

describe("the plain-text part", () => {
  // renderEmail derives the text with react-email's direct converter, far quicker
  // than html-to-text; it must say exactly what html-to-text would, on every email Solido sends.
  it("reads exactly as html-to-text would make it, for every template and hostile data", async () => {
    const hostile = { ...invoice, invoiceNumber: "INV-<b>7</b>", reference: '<script>alert("x")</script> & co', payUrl: "https://in.xero.com/x?a=1&b=<2>" };
    const emails = [
      composeReminder({ branding: sampleBranding, locale: "en-NZ", contactName: "Aroha", step: DEFAULT_STEPS[0], invoices: [invoice], today: "2025-06-01" }).element,
      composeReminder({ branding: { ...sampleBranding, logoUrl: "https://cdn.test/logo.png" }, locale: "en-GB", contactName: "Evil\r\nBcc: x@y.test <i>", step: DEFAULT_STEPS[4], invoices: [hostile, { ...invoice, payUrl: null }], today: "2025-07-11" }).element,
      composeReminder({ branding: sampleBranding, locale: "en-US", contactName: "Many", step: { subject: "s", body: "Line one\nline two\n\n\nNew paragraph with   spaces" }, invoices: Array.from({ length: 12 }, (_, index) => ({ ...invoice, invoiceNumber: `INV-${index}` })), today: "2025-06-11" }).element,
      createElement(TeamInvite, { inviterName: "Sam <Owner>", workspaceName: "Harbour & Co", role: "viewer", acceptUrl: "https://solido.test/invites/abc?x=1&y=2", expiresOn: "3 July 2025" }),
    ];
    for (const element of emails) {
      const { html, text } = await renderEmail(element);
      expect(text).toBe(toPlainText(html));
      expect(unstableToPlainText(html)).toBe(text);
    }
  });
});

describe("honest words", () => {
  const [, onTheDay, , second, final] = DEFAULT_STEPS;
  const compose = (invoices: Parameters<typeof composeReminder>[0]["invoices"], today = "2025-06-11") =>
    composeReminder({ branding: sampleBranding, locale: "en-NZ", contactName: "Aroha", invoices, today });
  const text = async (composed: ReturnType<typeof composeReminder>) => (await renderEmail(composed.element)).text.replace(/\s+/g, " ");

  it("uses first-contact words for a customer's first email about an invoice, whatever step its timing reached", async () => {
    // Due 100 days ago, reminders just turned on: the 30-day step's timing, never its "Final reminder… despite our earlier reminders".
    const composed = compose([{ ...invoice, dueDate: "2025-03-03", step: final, remindedBefore: false }]);
    expect(composed.words).toBe("first_contact");
    expect(composed.subject).toBe("Payment needed: invoice INV-1 is 100 days overdue");
    const body = await text(composed);
    expect(body).toContain("Invoice INV-1 for $1,234.50, due on 3 March 2025, is now 100 days overdue, and we have not received payment.");
    expect(body).not.toMatch(/earlier reminder|final reminder|second reminder|again/i);
  });

  it("speaks of earlier reminders only when one was actually sent about the invoice", async () => {
    const reminded = compose([{ ...invoice, dueDate: "2025-05-12", step: final, remindedBefore: true }]);
    expect(reminded.words).toBe("step");
    expect(reminded.subject).toBe("Final reminder: invoice INV-1 is 30 days overdue");
    expect(await text(reminded)).toContain("Despite our earlier reminders");
    expect(compose([{ ...invoice, dueDate: "2025-05-28", step: second, remindedBefore: false }]).subject).toBe("Invoice INV-1 is 14 days overdue");
  });

  it("uses first-contact words for a group when any invoice it speaks of was never reminded", () => {
    const composed = compose([
      { ...invoice, invoiceNumber: "INV-1", dueDate: "2025-05-12", step: final, remindedBefore: true },
      { ...invoice, invoiceNumber: "INV-2", dueDate: "2025-05-01", step: final, remindedBefore: false },
    ]);
    expect(composed.words).toBe("first_contact");
    expect(composed.subject).toBe("Payment needed: 2 invoices from Harbour Coffee Roasters are overdue — $2,469.00 due");
  });

  it("says how due the invoice is on the day it goes, so the words never contradict the box below them", async () => {
    // The on-the-day step went out three days late (a weekend, reminders just turned on).
    const composed = compose([{ ...invoice, dueDate: "2025-06-08", step: onTheDay, remindedBefore: false }]);
    expect(composed.subject).toBe("Invoice INV-1 is 3 days overdue");
    const body = await text(composed);
    expect(body).toContain("invoice INV-1 for $1,234.50 is 3 days overdue.");
    expect(body).not.toContain("due today");
  });

  it("lists a not-yet-due invoice of the same day's email as coming up, outside the overdue subject and total", async () => {
    const [headsUp, , overdue] = DEFAULT_STEPS;
    const composed = compose([
      { ...invoice, invoiceNumber: "INV-1", amountDue: "100.00", dueDate: "2025-06-04", step: overdue, remindedBefore: false },
      { ...invoice, invoiceNumber: "INV-2", amountDue: "200.00", dueDate: "2025-05-28", step: second, remindedBefore: true },
      { ...invoice, invoiceNumber: "INV-3", amountDue: "300.00", dueDate: "2025-06-14", step: headsUp, remindedBefore: false },
    ]);
    expect(composed.upcoming).toBe(1);
    expect(composed.subject).toBe("2 invoices from Harbour Coffee Roasters are overdue — $300.00 due");
    const body = await text(composed);
    expect(body).toContain("Total due $300.00");
    expect(body).toMatch(/Coming up \(not due yet\).*INV-3 · \$300\.00 · due 14 June 2025 \(due in 3 days\)/);
    // The overdue part never names INV-3.
    expect(body.slice(0, body.indexOf("Coming up"))).not.toContain("INV-3");
  });

  it("keeps the migration's copy of the default words in step with the schedule's", async () => {
    const fs = await import("node:fs");
    const sql = fs.readFileSync("db/migrations/0019_reminder_cut_off_and_first_words.sql", "utf8");
    const quoted = (words: string) => words.replaceAll("'", "''").replaceAll("\n", "\\n");
    for (const step of DEFAULT_STEPS) {
      if (step.offsetDays === 0) expect(sql).toContain(quoted(step.body));
      if (step.firstSubject) expect(sql).toContain(quoted(step.firstSubject));
      if (step.firstBody) expect(sql).toContain(quoted(step.firstBody));
    }
  });
});

describe("a repeat after the last step", () => {
  const last = DEFAULT_STEPS[DEFAULT_STEPS.length - 1];

  it("speaks in the last step's tone and names only the days reminders really went", async () => {
    const step = repeatStep(last, 2, 7);
    expect(step).toMatchObject({ tone: "firm", offsetDays: 44, repeatNumber: 2 });
    const composed = composeReminder({
      branding: sampleBranding,
      locale: "en-NZ",
      contactName: "Aroha",
      today: "2025-07-18",
      invoices: [{ ...invoice, step, remindedBefore: true, remindedOn: ["2025-07-04", "2025-07-11"] }],
    });
    expect(composed.subject).toBe("Payment still needed: invoice INV-1 is 44 days overdue");
    const { text } = await renderEmail(composed.element);
    expect(text).toContain("We wrote to you about this invoice on 4 July 2025 and 11 July 2025.");
    expect(text).not.toMatch(/final reminder|earlier reminders/i);
  });

  it("claims no earlier email when none was sent, and names the latest three of many", async () => {
    const step = repeatStep(last, 1, 7);
    const first = composeReminder({ branding: sampleBranding, locale: "en-NZ", contactName: "Aroha", today: "2025-07-11", invoices: [{ ...invoice, step, remindedBefore: false, remindedOn: [] }] });
    expect((await renderEmail(first.element)).text).not.toMatch(/we wrote/i);
    const many = composeReminder({
      branding: sampleBranding,
      locale: "en-NZ",
      contactName: "Aroha",
      today: "2025-07-11",
      invoices: [{ ...invoice, step, remindedBefore: true, remindedOn: ["2025-06-01", "2025-06-04", "2025-06-11", "2025-06-18", "2025-07-04"] }],
    });
    expect((await renderEmail(many.element)).text).toContain("We wrote to you about this invoice, most recently on 11 June 2025, 18 June 2025 and 4 July 2025.");
  });

  it("is off unless asked for, and capped", () => {
    expect(repeatSchema.parse({ repeat: "off", everyDays: "", limit: "" })).toBeNull();
    expect(repeatSchema.parse({ repeat: "on", everyDays: "7", limit: "3" })).toEqual({ everyDays: 7, limit: 3 });
    const refused = repeatSchema.safeParse({ repeat: "on", everyDays: "", limit: "13" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join("."))).toEqual(["everyDays", "limit"]);
  });
});
