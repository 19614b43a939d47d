// An invoice's state in the words the Invoices page uses, from Xero's status,
// what is left to pay and the organisation's today. Shared by server and browser.
export type InvoiceState = "overdue" | "unpaid" | "paid" | "voided" | "draft";

export function invoiceState(invoice: { status: string; amountDue: string; dueDate: string | null }, today: string): InvoiceState {
  if (invoice.status === "PAID") return "paid";
  if (invoice.status === "VOIDED" || invoice.status === "DELETED") return "voided";
  if (invoice.status !== "AUTHORISED") return "draft";
  // An approved invoice with nothing left to pay is paid in all but name (Xero flips it shortly).
  if (Number(invoice.amountDue) === 0) return "paid";
  return invoice.dueDate !== null && invoice.dueDate < today ? "overdue" : "unpaid";
}

export const INVOICE_STATE_BADGE: Record<InvoiceState, { label: string; tone: "danger" | "info" | "success" | "neutral" }> = {
  overdue: { label: "Overdue", tone: "danger" },
  unpaid: { label: "Awaiting payment", tone: "info" },
  paid: { label: "Paid", tone: "success" },
  voided: { label: "Voided", tone: "neutral" },
  draft: { label: "Draft", tone: "neutral" },
};
