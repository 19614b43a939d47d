// A payment reminder about one invoice: the business's message, the invoice's
// essentials, and the "View and pay invoice" button to Xero's online invoice.
import { Section, Text } from "@react-email/components";
import { ComingUp, describeTiming, Paragraphs, PayButton, ReminderLayout, sampleBranding, styles, type InvoiceLine, type ReminderEmailProps } from "./theme";

export type ReminderSingleProps = ReminderEmailProps & { invoice: InvoiceLine };

const label = { ...styles.muted, margin: 0 };
const value = { ...styles.paragraph, margin: "0 0 12px", fontWeight: 600 };

export default function ReminderSingle({ branding, message, preview, invoice, upcoming = [], customerPageUrl }: ReminderSingleProps) {
  return (
    <ReminderLayout branding={branding} preview={preview} customerPageUrl={customerPageUrl}>
      <Paragraphs text={message} />
      <Section style={{ backgroundColor: "#f8fafc", border: "1px solid #e2e8f0", borderRadius: "6px", padding: "16px 20px", margin: "8px 0 24px" }}>
        <Text style={label}>Invoice</Text>
        <Text style={value}>
          {invoice.invoiceNumber}
          {invoice.reference ? ` · ${invoice.reference}` : ""}
        </Text>
        <Text style={label}>Amount due</Text>
        <Text style={{ ...value, fontSize: "22px" }}>{invoice.amountDue}</Text>
        <Text style={label}>Due date</Text>
        <Text style={{ ...value, margin: 0 }}>
          {invoice.dueDate} ({describeTiming(invoice.daysOverdue)})
        </Text>
      </Section>
      {invoice.payUrl ? (
        <Section style={{ textAlign: "center", margin: "0 0 8px" }}>
          <PayButton href={invoice.payUrl} accentColour={branding.accentColour}>
            View and pay invoice
          </PayButton>
        </Section>
      ) : null}
      <ComingUp invoices={upcoming} accentColour={branding.accentColour} />
    </ReminderLayout>
  );
}

ReminderSingle.PreviewProps = {
  branding: sampleBranding,
  customerPageUrl: "http://localhost:3000/pay/sample",
  preview: "Invoice INV-0042 for $1,150.00 is due in 3 days",
  message:
    "Hi Aroha's Café,\n\nA friendly heads-up: invoice INV-0042 for $1,150.00 is due on 14 March 2025.\n\nIf it's already on its way, thank you!\n\nThe team at Harbour Coffee Roasters",
  invoice: {
    invoiceNumber: "INV-0042",
    reference: "March beans",
    amountDue: "$1,150.00",
    dueDate: "14 March 2025",
    daysOverdue: -3,
    payUrl: "https://in.xero.com/abc123",
  },
} satisfies ReminderSingleProps;
