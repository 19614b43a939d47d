// The PDF Xero renders for an invoice (GET /Invoices/{InvoiceID} with Accept: application/pdf): one
// A4 page with the organisation, the customer, the invoice's number, dates, lines, total and amount
// due. Xero's own layout is the business's invoice template; this stand-in keeps what a customer
// reads and what a test can check (the text is uncompressed, so the amounts can be found in the bytes).
// A well-formed PDF 1.4 file with a correct cross-reference table, in the standard Helvetica font
// (WinAnsi text: characters outside Latin-1 are shown as "?").
import type { Contact, Invoice, Organisation } from "./model";
import { fromCents } from "./money";

/** A PDF string literal: backslash and parentheses escaped, anything outside printable Latin-1 replaced. */
function pdfText(value: string): string {
  const latin1 = [...value].map((character) => (/[\x20-\x7e\xa0-\xff]/.test(character) ? character : "?")).join("");
  return `(${latin1.replace(/[\\()]/g, (match) => `\\${match}`)})`;
}

export function invoicePdf(organisation: Organisation, contact: Contact | undefined, invoice: Invoice, amountDue: number): Buffer {
  const money = (cents: number) => `${invoice.currencyCode} ${fromCents(cents).toFixed(2)}`;
  const lines: [size: number, text: string][] = [
    [20, "TAX INVOICE"],
    [12, organisation.name],
    [11, ""],
    [11, `To: ${contact?.name ?? ""}`],
    [11, `Invoice number: ${invoice.number}`],
    [11, `Reference: ${invoice.reference}`],
    [11, `Invoice date: ${invoice.date}`],
    [11, `Due date: ${invoice.dueDate}`],
    [11, ""],
    ...invoice.lineItems.map((item): [number, string] => [10, `${item.description}  ${money(item.lineAmount)}`]),
    [11, ""],
    [11, `Total: ${money(invoice.total)}`],
    [12, `Amount due: ${money(amountDue)}`],
  ];
  let y = 800;
  const content = lines
    .map(([size, text]) => {
      y -= size + 8;
      return `BT /F1 ${size} Tf 56 ${y} Td ${pdfText(text)} Tj ET`;
    })
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
    `<< /Title ${pdfText(`Invoice ${invoice.number}`)} /Producer (Solido's Xero sandbox) >>`,
  ];
  let body = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
