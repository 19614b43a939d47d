// A customer's statement: every invoice they have open with the business, what
// is due on each, its due date and how many days overdue, and the total due
// per currency. Branded like the reminders (the same layout, logo, colour and
// footer), and it links the customer's own page.
import { Text } from "@react-email/components";
import { InvoiceTable, Paragraphs, ReminderLayout, sampleBranding, styles, type Branding, type InvoiceLine } from "./theme";

export type StatementProps = {
  branding: Branding;
  /** The greeting and the lead paragraph, plain text (escaped when rendered). */
  message: string;
  preview: string;
  /** The organisation's local day the statement is drawn up for, formatted ("1 March 2026"). */
  asAt: string;
  /** The open invoices, oldest due date first. */
  invoices: InvoiceLine[];
  /** One line per currency, e.g. ["$2,300.00"] or ["$2,300.00", "A$120.00"]. */
  totals: string[];
  customerPageUrl?: string | null;
};

export default function Statement({ branding, message, preview, asAt, invoices, totals, customerPageUrl }: StatementProps) {
  return (
    <ReminderLayout
      branding={branding}
      preview={preview}
      customerPageUrl={customerPageUrl}
      closing="If you have paid since this statement was drawn up, thank you — payments can take a day or two to show."
    >
      <Text style={{ ...styles.paragraph, fontSize: "20px", fontWeight: 700 }}>Statement as at {asAt}</Text>
      <Paragraphs text={message} />
      <InvoiceTable invoices={invoices} totals={totals} accentColour={branding.accentColour} />
    </ReminderLayout>
  );
}

Statement.PreviewProps = {
  branding: sampleBranding,
  customerPageUrl: "http://localhost:3000/pay/sample",
  preview: "3 open invoices, $2,020.00 and A$120.00 due",
  asAt: "1 April 2025",
  message:
    "Hi Aroha's Café,\n\nHere is your statement from Harbour Coffee Roasters: every invoice open on your account on 1 April 2025, with what is due on each.",
  invoices: [
    { invoiceNumber: "INV-0042", reference: "March beans", amountDue: "$1,150.00", dueDate: "14 March 2025", daysOverdue: 18, payUrl: "https://in.xero.com/abc123" },
    { invoiceNumber: "INV-0047", reference: "Grinder service", amountDue: "$870.00", dueDate: "21 March 2025", daysOverdue: 11, payUrl: "https://in.xero.com/def456" },
    { invoiceNumber: "INV-0051", reference: null, amountDue: "A$120.00", dueDate: "20 April 2025", daysOverdue: -19, payUrl: null },
  ],
  totals: ["$2,020.00", "A$120.00"],
} satisfies StatementProps;
