// The email that tells a workspace's owners and admins a customer queried an
// invoice from their page: who, which invoice, the customer's words as they
// wrote them (React escapes them), and the one link to the invoice in Solido.
import { Body, Container, Head, Html, Preview, Section, Text } from "@react-email/components";
import { PayButton, styles } from "./theme";

export type InvoiceQueryProps = {
  customerName: string;
  invoiceNumber: string;
  amountDue: string;
  message: string;
  invoiceUrl: string;
};

export default function InvoiceQuery({ customerName, invoiceNumber, amountDue, message, invoiceUrl }: InvoiceQueryProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${customerName} has a question about invoice ${invoiceNumber}`}</Preview>
      <Body style={{ backgroundColor: "#f4f4f5", fontFamily: "Helvetica, Arial, sans-serif", padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: "8px", padding: "32px", maxWidth: "560px" }}>
          <Text style={{ ...styles.paragraph, fontSize: "20px", fontWeight: 700 }}>
            {customerName} has a question about invoice {invoiceNumber}
          </Text>
          <Text style={styles.paragraph}>They wrote, from the link in a payment reminder ({amountDue} due):</Text>
          <Section style={{ borderLeft: "4px solid #cbd5e1", padding: "4px 16px", margin: "0 0 16px" }}>
            {message.split(/\n+/).map((line, index) => (
              <Text key={index} style={{ ...styles.paragraph, margin: "0 0 8px" }}>
                {line}
              </Text>
            ))}
          </Section>
          <Text style={styles.paragraph}>Solido has stopped reminders for this invoice until you mark the query resolved.</Text>
          <Section style={{ margin: "24px 0" }}>
            <PayButton href={invoiceUrl} accentColour="#0f766e">
              Open the invoice
            </PayButton>
          </Section>
          <Text style={styles.muted}>Reply to the customer as you usually would; resolve the query in Solido when it is settled, and reminders resume.</Text>
        </Container>
      </Body>
    </Html>
  );
}

InvoiceQuery.PreviewProps = {
  customerName: "Aroha's Café",
  invoiceNumber: "INV-0042",
  amountDue: "$1,150.00",
  message: "We returned two bags of the March beans — could you send a credit note for those?",
  invoiceUrl: "http://localhost:3000/w/harbour-coffee-roasters/invoices/00000000-0000-0000-0000-000000000000",
} satisfies InvoiceQueryProps;
