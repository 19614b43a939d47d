// Xero's "high volume" rules: which `where` filters and orders it will run, and what it answers
// when a query asks for anything else. Xero keeps its indexes for a few optimised fields only and
// refuses the rest with a 400 rather than scanning an organisation.
import { QueryError, orderFields, whereFields, type FieldAccessors } from "./accounting-query";

/** A 400 that Xero gives instead of running an inefficient query; `body` is its JSON. */
export class HighVolumeRefusal extends QueryError {
  constructor(readonly body: Record<string, unknown>) {
    super(String(body.Message));
  }
}

/**
 * Contacts: only Name, EmailAddress and AccountNumber (plus the ContactID itself) are optimised
 * `where` fields — Xero's list, as transcribed in CData's Xero connector documentation
 * (https://cdn.cdata.com/help/DXM/rcmd/pg_accountingtable-contacts.htm, "Optimized Filters and
 * High Volume Thresholds"). Anything else, e.g. `IsCustomer==true`, is refused with
 * HighVolumeFilterUnavailableApiException / ErrorNumber 9191919, reported on organisations of
 * only ~130 contacts (issue 16) — so the sandbox refuses it at every size. The body is the one
 * integrations have logged from Xero (e.g. RestoreAssist's Xero client: `{"Type":
 * "HighVolumeFilterUnavailableApiException","Message":"Due to the high number of contacts being
 * processed, this filter cannot be used","ErrorNumber":9191919}`).
 */
export const CONTACT_OPTIMISED_WHERE = ["Name", "EmailAddress", "AccountNumber", "ContactID"];

export function contactFilterUnavailable(): Record<string, unknown> {
  return {
    ErrorNumber: 9191919,
    Type: "HighVolumeFilterUnavailableApiException",
    Message: "Due to the high number of contacts being processed, this filter cannot be used",
  };
}

export function refuseUnoptimisedContactFilter<T>(where: string | undefined, fields: FieldAccessors<T>): void {
  if (!where) return;
  if (whereFields(where, fields, "Contact").some((field) => !CONTACT_OPTIMISED_WHERE.includes(field))) {
    throw new HighVolumeRefusal(contactFilterUnavailable());
  }
}

/**
 * Invoices: an organisation above the high-volume threshold (500,000 invoices) must be paged
 * ("Don't request all … in a single request (i.e. you must use paging)" — Xero's Rett Behrens,
 * XeroAPI/xero-php-oauth2-app#31) and filtered and ordered only by optimised fields: where
 * Status, Contact.ContactID, Contact.Name, Contact.ContactNumber, Reference, Date, Type,
 * AmountDue, AmountPaid, DueDate; order InvoiceID, UpdatedDateUTC, Date (Xero's list as
 * transcribed by CData, https://cdn.cdata.com/help/DXK/odbc/pg_accountingtable-invoices.htm).
 * The refusal is Xero's HighVolumeException (ErrorNumber 51, Xero-NetStandard#604) with the
 * message quoted in freakboy3742/pyxero#373 and XeroAPI/xero-python#148.
 */
export const INVOICE_OPTIMISED_WHERE = ["Status", "Contact.ContactID", "Contact.Name", "Contact.ContactNumber", "Reference", "Date", "Type", "AmountDue", "AmountPaid", "DueDate"];
export const INVOICE_OPTIMISED_ORDER = ["InvoiceID", "UpdatedDateUTC", "Date"];

export function inefficientInvoiceQuery(): Record<string, unknown> {
  return {
    ErrorNumber: 51,
    Type: "HighVolumeException",
    Message:
      "Your request is not filtering Invoices efficiently, given the extremely high volume for this organisation. Please check https://developer.xero.com/documentation/api/efficient-data-retrieval for tips on making Invoice retrieval more efficient.",
  };
}

export function refuseInefficientInvoiceQuery<T>(query: { where?: string; order?: string; paged: boolean }, fields: FieldAccessors<T>): void {
  const inefficient =
    !query.paged ||
    (query.where !== undefined && query.where !== "" && whereFields(query.where, fields, "Invoice").some((field) => !INVOICE_OPTIMISED_WHERE.includes(field))) ||
    (query.order !== undefined && orderFields(query.order, fields).some((field) => !INVOICE_OPTIMISED_ORDER.includes(field)));
  if (inefficient) throw new HighVolumeRefusal(inefficientInvoiceQuery());
}
