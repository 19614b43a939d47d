// An invoice as the sync hands it to upsertInvoices: a fresh Xero invoice of a
// fresh Xero contact, with whatever the test cares about overridden.
import type { InvoiceRecord } from "~/models/invoices.server";

export const invoiceRecord = (values: Partial<InvoiceRecord> = {}): InvoiceRecord => ({
  xeroInvoiceId: crypto.randomUUID(),
  xeroContactId: crypto.randomUUID(),
  contactName: "Kiwi Plumbing",
  invoiceNumber: "INV-1",
  reference: null,
  status: "AUTHORISED",
  currencyCode: "NZD",
  total: "100.5",
  amountDue: "100.5",
  amountPaid: "0",
  amountCredited: "0",
  issueDate: "2026-10-01",
  dueDate: "2026-10-31",
  sentToContact: true,
  xeroUpdatedAt: "2026-10-28T11:39:04.083Z",
  ...values,
});
