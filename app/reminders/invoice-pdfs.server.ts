// Invoice PDFs on reminders, when a workspace asks for them (workspaces.attach_invoice_pdfs):
// Xero's own rendering of each invoice (GET /Invoices/{id} with Accept: application/pdf), fetched
// through the workspace's gateway (paced, metered, retried, within the tenant's budget) when a
// reminder email is checked with Xero, and kept in invoice_documents until the invoice changes in
// Xero. The send job attaches the copies that are still current; an invoice whose PDF Xero will
// not give (a 400 or 404) goes without one, its "View and pay" link still in the email.
import { sql } from "~/server/db.server";
import { PDF_DOCUMENT, xeroGateway, type XeroGateway, type XeroResult } from "~/xero/gateway.server";

/**
 * The most PDFs one email carries: its earliest-due invoices. An email about more invoices than
 * this lists them all with their links; attaching every one would make a message mail servers
 * refuse (many cap messages at 10–25 MB) and spend a Xero call on each.
 */
export const PDFS_PER_EMAIL = 10;

/** The PDF of every invoice these emails attach (up to PDFS_PER_EMAIL each) that is missing or older than the invoice: fetched and kept. */
export async function fetchInvoicePdfs(workspaceId: string, emailIds: string[], gateway: XeroGateway = xeroGateway(workspaceId)): Promise<XeroResult<{ fetched: number }>> {
  const wanted = await sql<{ invoiceId: string; xeroInvoiceId: string; xeroUpdatedAt: Date }[]>`
    select i.id as "invoiceId", i.xero_invoice_id as "xeroInvoiceId", i.xero_updated_at as "xeroUpdatedAt"
    from (${attachedInvoices(emailIds)}) a
    join invoices i on i.id = a.invoice_id and i.workspace_id = ${workspaceId}
    left join invoice_documents d on d.invoice_id = i.id
    where d.invoice_id is null or d.invoice_updated_at < i.xero_updated_at`;
  let fetched = 0;
  for (const invoice of wanted) {
    const result = await gateway.call(PDF_DOCUMENT, (client, tenantId) => client.accountingApi.getInvoiceAsPdf(tenantId, invoice.xeroInvoiceId));
    if (!result.ok) {
      if (result.error.code === "rejected") continue;
      return result;
    }
    await sql`
      insert into invoice_documents (invoice_id, invoice_updated_at, pdf)
      values (${invoice.invoiceId}, ${invoice.xeroUpdatedAt}, ${result.value.body})
      on conflict (invoice_id) do update set invoice_updated_at = excluded.invoice_updated_at, pdf = excluded.pdf, fetched_at = now()`;
    fetched++;
  }
  return { ok: true, value: { fetched } };
}

export type InvoicePdf = { filename: string; content: Buffer };

/** Each email's current PDFs to attach, in the order the email lists its invoices, for emails of workspaces that attach them. */
export async function invoicePdfsFor(emailIds: string[]): Promise<Map<string, InvoicePdf[]>> {
  const byEmail = new Map<string, InvoicePdf[]>();
  if (emailIds.length === 0) return byEmail;
  const rows = await sql<{ emailId: string; invoiceNumber: string | null; pdf: Buffer }[]>`
    select a.email_id as "emailId", i.invoice_number as "invoiceNumber", d.pdf
    from (${attachedInvoices(emailIds)}) a
    join invoices i on i.id = a.invoice_id
    join invoice_documents d on d.invoice_id = i.id and d.invoice_updated_at >= i.xero_updated_at
    join workspaces w on w.id = i.workspace_id and w.attach_invoice_pdfs
    order by a.email_id, a.position`;
  for (const row of rows) {
    const list = byEmail.get(row.emailId) ?? [];
    list.push({ filename: pdfFilename(row.invoiceNumber), content: row.pdf });
    byEmail.set(row.emailId, list);
  }
  return byEmail;
}

/** "Invoice INV-0042.pdf", with anything a mail client or file system may trip on replaced. */
export function pdfFilename(invoiceNumber: string | null): string {
  const safe = (invoiceNumber ?? "").replace(/[^\p{L}\p{N} ._-]+/gu, "-").trim().slice(0, 80);
  return safe ? `Invoice ${safe}.pdf` : "Invoice.pdf";
}

/** The invoices whose PDFs go with each email: its planned reminders' invoices, earliest due first (as the email lists them), at most PDFS_PER_EMAIL. */
function attachedInvoices(emailIds: string[]) {
  return sql`
    select email_id, invoice_id, position from (
      select r.email_id, r.invoice_id, row_number() over (partition by r.email_id order by i.due_date, i.invoice_number, i.id) as position
      from reminders r join invoices i on i.id = r.invoice_id
      where r.email_id = any(array(select jsonb_array_elements_text(${JSON.stringify(emailIds)}::jsonb)::uuid)) and r.status = 'planned'
    ) ranked
    where position <= ${PDFS_PER_EMAIL}`;
}
