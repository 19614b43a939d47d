// Xero's contacts and invoices (as xero-node hands them over) in the shape of
// Solido's rows. Money stays exact: xero-node parses Xero's decimals into
// numbers, and String() of a double gives back the shortest decimal that
// parses to it, which for Xero's amounts (at most 4 decimal places, far below
// 15 significant digits) is exactly the decimal Xero sent. PostgreSQL's numeric
// takes it from there; no arithmetic is ever done on the number.
import type { Contact, Invoice } from "xero-node";
import type { ContactRecord } from "~/models/contacts.server";
import type { InvoiceRecord } from "~/models/invoices.server";

export const decimalString = (value: number | undefined) => (value === undefined || value === null ? "0" : String(value));

/** Xero sends calendar days as midnight UTC; xero-node turns "/Date(…)/" into a Date. */
export function calendarDay(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value !== "string" || value === "") return null;
  const microsoft = /\/Date\((-?\d+)/.exec(value);
  if (microsoft) return new Date(Number(microsoft[1])).toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}

const moment = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/**
 * `carriesContactPersons`: whether Xero's answer included the contact's
 * persons at all (unpaged lists leave them out). When it did not, the record
 * has no cc list (null) and the stored one stays as it is.
 */
export function contactRecord(contact: Contact, answer: { carriesContactPersons: boolean } = { carriesContactPersons: true }): ContactRecord {
  return {
    xeroContactId: contact.contactID!.toLowerCase(),
    name: contact.name ?? "",
    emailAddress: text(contact.emailAddress?.trim()),
    ccEmailAddresses: answer.carriesContactPersons
      ? (contact.contactPersons ?? []).filter((person) => person.includeInEmails && person.emailAddress?.trim()).map((person) => person.emailAddress!.trim())
      : null,
    status: String(contact.contactStatus ?? "ACTIVE") as ContactRecord["status"],
    isCustomer: contact.isCustomer ?? false,
    xeroUpdatedAt: moment(contact.updatedDateUTC).toISOString(),
  };
}

export function invoiceRecord(invoice: Invoice): InvoiceRecord {
  return {
    xeroInvoiceId: invoice.invoiceID!.toLowerCase(),
    xeroContactId: invoice.contact!.contactID!.toLowerCase(),
    contactName: invoice.contact?.name ?? "",
    invoiceNumber: text(invoice.invoiceNumber),
    reference: text(invoice.reference),
    status: String(invoice.status) as InvoiceRecord["status"],
    currencyCode: String(invoice.currencyCode),
    total: decimalString(invoice.total),
    amountDue: decimalString(invoice.amountDue),
    amountPaid: decimalString(invoice.amountPaid),
    amountCredited: decimalString(invoice.amountCredited),
    issueDate: calendarDay(invoice.date),
    dueDate: calendarDay(invoice.dueDate),
    sentToContact: invoice.sentToContact ?? false,
    xeroUpdatedAt: moment(invoice.updatedDateUTC).toISOString(),
  };
}
