// Turns a customer and their open invoices into the statement they will read:
// money and dates in the organisation's locale, days overdue counted to the
// statement's day, totals per currency added exactly. Pure (no database, no
// Xero), so the sender, the settings page's preview and the test email show
// the same thing. Every value is the customer's or the business's own text,
// escaped by React when rendered.
import Statement from "~emails/statement";
import type { Branding } from "~emails/theme";
import { formatDate, formatMoney, invoiceLine, sumMoney, type ReminderInvoice } from "~/reminders/compose";

export type StatementInvoice = Pick<ReminderInvoice, "invoiceNumber" | "reference" | "currencyCode" | "amountDue" | "dueDate" | "payUrl">;

export type StatementInput = {
  branding: Branding;
  locale: string;
  contactName: string;
  /** The organisation's local day the statement is drawn up for (YYYY-MM-DD). */
  today: string;
  invoices: StatementInvoice[];
  customerPageUrl?: string | null;
};

export type ComposedStatement = { subject: string; preview: string; totals: string[]; element: JSX.Element };

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

export function composeStatement(input: StatementInput): ComposedStatement {
  const { locale, today } = input;
  if (input.invoices.length === 0) throw new TypeError("A statement needs at least one open invoice");
  const invoices = [...input.invoices].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || (a.invoiceNumber ?? "").localeCompare(b.invoiceNumber ?? ""));
  const lines = invoices.map((invoice) => invoiceLine(invoice, locale, today));
  const currencies = [...new Set(invoices.map((invoice) => invoice.currencyCode))].sort();
  const totals = currencies.map((currency) =>
    formatMoney(sumMoney(invoices.filter((invoice) => invoice.currencyCode === currency).map((invoice) => invoice.amountDue)), currency, locale),
  );
  const businessName = oneLine(input.branding.businessName);
  const asAt = formatDate(today, locale);
  const count = lines.length === 1 ? "1 open invoice" : `${lines.length} open invoices`;
  const totalWords = totals.length === 1 ? totals[0] : `${totals.slice(0, -1).join(", ")} and ${totals[totals.length - 1]}`;
  const overdue = lines.filter((line) => line.daysOverdue > 0).length;
  const message = [
    `Hi ${oneLine(input.contactName)},`,
    `Here is your statement from ${businessName}: every invoice open on your account on ${asAt}, with what is due on each.`,
    overdue > 0
      ? `${overdue === 1 ? "One of them is" : `${overdue} of them are`} past the due date; if payment is already on its way, thank you.`
      : "None of them is past its due date yet.",
  ].join("\n\n");
  return {
    subject: `Statement from ${businessName} — ${totalWords} due`,
    preview: `${count}, ${totalWords} due`,
    totals,
    element: (
      <Statement branding={input.branding} message={message} preview={`${count}, ${totalWords} due`} asAt={asAt} invoices={lines} totals={totals} customerPageUrl={input.customerPageUrl} />
    ),
  };
}
