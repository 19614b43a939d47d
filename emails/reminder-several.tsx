// A payment reminder about several invoices of one customer that fell due for
// a reminder the same day: one email listing each with its own pay link, and the total.
import { ComingUp, InvoiceTable, Paragraphs, ReminderLayout, sampleBranding, type InvoiceLine, type ReminderEmailProps } from "./theme";

export type ReminderSeveralProps = ReminderEmailProps & {
  invoices: InvoiceLine[];
  /** One line per currency, e.g. ["$2,300.00"] or ["$2,300.00", "A$120.00"]. */
  totals: string[];
};

export default function ReminderSeveral({ branding, message, preview, invoices, totals, upcoming = [], customerPageUrl }: ReminderSeveralProps) {
  return (
    <ReminderLayout branding={branding} preview={preview} customerPageUrl={customerPageUrl}>
      <Paragraphs text={message} />
      <InvoiceTable invoices={invoices} totals={totals} accentColour={branding.accentColour} />
      <ComingUp invoices={upcoming} accentColour={branding.accentColour} />
    </ReminderLayout>
  );
}

ReminderSeveral.PreviewProps = {
  branding: sampleBranding,
  customerPageUrl: "http://localhost:3000/pay/sample",
  preview: "2 invoices, $2,020.00 in total",
  message:
    "Hi Aroha's Café,\n\nOur records show that invoices INV-0042 and INV-0047 for $2,020.00 in total were due between 14 March 2025 and 21 March 2025 and are now up to 14 days overdue.\n\nCould you arrange payment at your earliest convenience? Each invoice has its own payment link below.\n\nKind regards,\nHarbour Coffee Roasters",
  invoices: [
    { invoiceNumber: "INV-0042", reference: "March beans", amountDue: "$1,150.00", dueDate: "14 March 2025", daysOverdue: 14, payUrl: "https://in.xero.com/abc123" },
    { invoiceNumber: "INV-0047", reference: "Grinder service", amountDue: "$870.00", dueDate: "21 March 2025", daysOverdue: 7, payUrl: "https://in.xero.com/def456" },
  ],
  totals: ["$2,020.00"],
  upcoming: [{ invoiceNumber: "INV-0051", reference: null, amountDue: "$1,400.00", dueDate: "31 March 2025", daysOverdue: -3, payUrl: "https://in.xero.com/ghi789" }],
} satisfies ReminderSeveralProps;
