// The look every reminder shares, fed by the business's branding: its name and
// logo at the top, its accent colour on the button, and a footer saying who
// sent the email and how to reply. Inline styles only (mail clients drop
// stylesheets), one column that fits a phone, colours that hold up in dark
// mode, and nothing that needs images to be read.
import { Body, Button, Column, Container, Head, Hr, Html, Img, Link, Preview, Row, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export type Branding = {
  businessName: string;
  /** An absolute URL (the uploaded logo's under APP_URL, or the business's own https one); without one the business's name is the header. */
  logoUrl: string | null;
  /** `#rrggbb`. */
  accentColour: string;
  /** Where the customer's reply goes, shown in the footer. */
  replyToEmail: string | null;
};

/** One invoice as the email shows it: every value already formatted for the organisation's locale. */
export type InvoiceLine = {
  invoiceNumber: string;
  reference: string | null;
  amountDue: string;
  dueDate: string;
  /** Negative before the due date. */
  daysOverdue: number;
  payUrl: string | null;
};

export type ReminderEmailProps = {
  branding: Branding;
  /** The step's message with its placeholders filled: plain text, blank lines between paragraphs. */
  message: string;
  /** The first line inbox lists show. */
  preview: string;
  /** The customer's invoices not yet due that share the day's email: listed apart, for their planning. */
  upcoming?: InvoiceLine[];
  /** The customer's own page (a signed link): every open invoice, "I'll pay on…" and "Query this invoice". */
  customerPageUrl?: string | null;
};

/** Black or white, whichever reads better on the accent colour (WCAG relative luminance). */
export function textColourOn(hex: string): "#ffffff" | "#111827" {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.179 ? "#111827" : "#ffffff";
}

export function describeTiming(daysOverdue: number): string {
  if (daysOverdue < -1) return `due in ${-daysOverdue} days`;
  if (daysOverdue === -1) return "due tomorrow";
  if (daysOverdue === 0) return "due today";
  return daysOverdue === 1 ? "1 day overdue" : `${daysOverdue} days overdue`;
}

const page = { backgroundColor: "#f4f4f5", margin: 0, padding: "24px 0", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" };
const card = { backgroundColor: "#ffffff", maxWidth: "560px", margin: "0 auto", padding: "32px 28px", borderRadius: "8px", border: "1px solid #e4e4e7" };
const paragraph = { color: "#1f2937", fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" };
const muted = { color: "#52525b", fontSize: "13px", lineHeight: "20px", margin: "0 0 8px" };

export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((block) => block.trim())
        .filter(Boolean)
        .map((block, index) => (
          <Text key={index} style={paragraph}>
            {block.split("\n").map((line, lineIndex) => (
              <span key={lineIndex}>
                {lineIndex > 0 ? <br /> : null}
                {line}
              </span>
            ))}
          </Text>
        ))}
    </>
  );
}

export function PayButton({ href, accentColour, children }: { href: string; accentColour: string; children: ReactNode }) {
  return (
    <Button
      href={href}
      style={{
        backgroundColor: accentColour,
        color: textColourOn(accentColour),
        fontSize: "16px",
        fontWeight: 600,
        textDecoration: "none",
        borderRadius: "6px",
        padding: "12px 24px",
        display: "inline-block",
        border: `1px solid ${accentColour}`,
      }}
    >
      {children}
    </Button>
  );
}

export function ReminderLayout({
  branding,
  preview,
  customerPageUrl,
  closing = "If you have already paid, thank you — please ignore this reminder.",
  children,
}: {
  branding: Branding;
  preview: string;
  customerPageUrl?: string | null;
  /** The footer's last line; a statement's differs from a reminder's. */
  closing?: string;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head>
        {/* Lets clients that support it keep our light card instead of inverting colours badly. */}
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Section style={{ borderTop: `4px solid ${branding.accentColour}`, paddingTop: "16px", marginBottom: "24px" }}>
            {branding.logoUrl ? (
              <Img src={branding.logoUrl} alt={branding.businessName} height="48" style={{ maxHeight: "48px", width: "auto" }} />
            ) : (
              <Text style={{ ...paragraph, fontSize: "20px", fontWeight: 700, margin: 0 }}>{branding.businessName}</Text>
            )}
          </Section>
          {children}
          {customerPageUrl ? (
            <Text style={{ ...paragraph, fontSize: "15px", margin: "16px 0 0" }}>
              Paying on another day, or is something wrong with an invoice?{" "}
              <Link href={customerPageUrl} style={{ color: branding.accentColour, textDecoration: "underline" }}>
                Let {branding.businessName} know
              </Link>
              {" "}— it takes a minute, and you can see all your open invoices there.
            </Text>
          ) : null}
          <Hr style={{ borderColor: "#e4e4e7", margin: "28px 0 16px" }} />
          <Text style={muted}>
            Sent by Solido on behalf of {branding.businessName}.{" "}
            {branding.replyToEmail
              ? `Questions? Reply to this email to reach ${branding.businessName} at ${branding.replyToEmail}.`
              : `Questions? Reply to this email to reach ${branding.businessName}.`}
          </Text>
          <Text style={muted}>{closing}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const styles = { paragraph, muted };

const cell = { ...paragraph, fontSize: "15px", margin: 0 };
const small = { ...muted, margin: "2px 0 0" };

/** Invoices one under another, each with its due date, timing, amount and "View and pay" link, then the total per currency. */
export function InvoiceTable({ invoices, totals, accentColour }: { invoices: InvoiceLine[]; totals: string[]; accentColour: string }) {
  return (
    <Section style={{ border: "1px solid #e2e8f0", borderRadius: "6px", margin: "8px 0 16px" }}>
      {invoices.map((invoice, index) => (
        <Row key={index} style={{ borderBottom: "1px solid #e2e8f0" }}>
          <Column style={{ padding: "12px 16px", verticalAlign: "top" }}>
            <Text style={{ ...cell, fontWeight: 600 }}>{invoice.invoiceNumber}</Text>
            {invoice.reference ? <Text style={small}>{invoice.reference}</Text> : null}
            <Text style={small}>
              Due {invoice.dueDate} · {describeTiming(invoice.daysOverdue)}
            </Text>
          </Column>
          <Column style={{ padding: "12px 16px", verticalAlign: "top", textAlign: "right", whiteSpace: "nowrap" }}>
            <Text style={{ ...cell, fontWeight: 600 }}>{invoice.amountDue}</Text>
            {invoice.payUrl ? (
              <Link href={invoice.payUrl} style={{ color: accentColour, fontSize: "14px", fontWeight: 600, textDecoration: "underline" }}>
                View and pay invoice
              </Link>
            ) : null}
          </Column>
        </Row>
      ))}
      <Row>
        <Column style={{ padding: "12px 16px" }}>
          <Text style={{ ...cell, fontWeight: 700 }}>Total due</Text>
        </Column>
        <Column style={{ padding: "12px 16px", textAlign: "right" }}>
          {totals.map((total) => (
            <Text key={total} style={{ ...cell, fontWeight: 700 }}>
              {total}
            </Text>
          ))}
        </Column>
      </Row>
    </Section>
  );
}

/**
 * Invoices of the same customer not yet due, sent with the day's email rather
 * than in one of their own the next day: under their own heading, each with
 * when it falls due, never counted in the overdue total.
 */
export function ComingUp({ invoices, accentColour }: { invoices: InvoiceLine[]; accentColour: string }) {
  if (invoices.length === 0) return null;
  return (
    <Section style={{ margin: "0 0 16px" }}>
      <Text style={{ ...paragraph, fontWeight: 600, margin: "0 0 4px" }}>Coming up (not due yet)</Text>
      <Text style={{ ...muted, margin: "0 0 8px" }}>For your planning: {invoices.length === 1 ? "this invoice is" : "these invoices are"} not due yet.</Text>
      {invoices.map((invoice, index) => (
        <Text key={index} style={{ ...paragraph, fontSize: "15px", margin: "0 0 6px" }}>
          {invoice.invoiceNumber}
          {invoice.reference ? ` · ${invoice.reference}` : ""} · {invoice.amountDue} · due {invoice.dueDate} ({describeTiming(invoice.daysOverdue)})
          {invoice.payUrl ? (
            <>
              {" · "}
              <Link href={invoice.payUrl} style={{ color: accentColour, textDecoration: "underline" }}>
                View invoice
              </Link>
            </>
          ) : null}
        </Text>
      ))}
    </Section>
  );
}

/** Branding and invoices that read like a real business's, for the preview server and the settings page. */
export const sampleBranding: Branding = {
  businessName: "Harbour Coffee Roasters",
  logoUrl: null,
  accentColour: "#0f766e",
  replyToEmail: "accounts@harbourcoffee.co.nz",
};
