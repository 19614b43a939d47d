// Xero's JSON conventions: PascalCase fields, Microsoft "/Date(ms+0000)/" dates beside ISO
// "…String" twins, decimal amounts, and the response envelope every Accounting API answer wears.
import type { OrganisationBook } from "./books";
import type { Contact, ContactGroup, CreditNote, EpochMs, Invoice, IsoDate, LineItem, Organisation, Payment, PaymentCredit, PaymentCreditKind } from "./model";
import { fromCents } from "./money";
import { newId } from "./random";

export const msDate = (ms: EpochMs): string => `/Date(${ms}+0000)/`;
/** Calendar dates are midnight UTC in Xero's JSON. */
export const msDay = (day: IsoDate): string => msDate(Date.parse(`${day}T00:00:00Z`));
export const dayString = (day: IsoDate): string => `${day}T00:00:00`;
const utcString = (ms: EpochMs): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  itemCount: number;
}

/** `{ Id, Status, ProviderName, DateTimeUTC, pagination?, <Collection>: [...] }` */
export function envelope(collection: string, items: unknown[], now: EpochMs, providerName: string, pagination?: Pagination): Record<string, unknown> {
  return {
    Id: newId(),
    Status: "OK",
    ProviderName: providerName,
    DateTimeUTC: `/Date(${now})/`,
    ...(pagination ? { pagination } : {}),
    [collection]: items,
  };
}

function lineItemJson(line: LineItem): Record<string, unknown> {
  return {
    LineItemID: line.id,
    Description: line.description,
    Quantity: line.quantity,
    UnitAmount: fromCents(line.unitAmount),
    AccountCode: line.accountCode,
    TaxType: line.taxType,
    TaxAmount: fromCents(line.taxAmount),
    LineAmount: fromCents(line.lineAmount),
    Tracking: [],
  };
}

/** The contact as embedded in an invoice or credit note: id and name, not the whole record. */
function contactReference(contact: Contact | undefined, contactId: string): Record<string, unknown> {
  return {
    ContactID: contactId,
    Name: contact?.name ?? "",
    Addresses: [],
    Phones: [],
    ContactGroups: [],
    ContactPersons: [],
    HasAttachments: false,
    HasValidationErrors: false,
  };
}

export type InvoiceDetail = "full" | "withoutLineItems" | "summary";

export function invoiceJson(book: OrganisationBook, invoice: Invoice, detail: InvoiceDetail): Record<string, unknown> {
  const summary = detail === "summary";
  const payments = summary ? [] : book.paymentsFor(invoice.id);
  const allocations = summary ? [] : book.allocationsForInvoice(invoice.id);
  return {
    Type: invoice.type,
    InvoiceID: invoice.id,
    InvoiceNumber: invoice.number,
    Reference: invoice.reference,
    ...(summary
      ? {}
      : {
          Payments: payments.map((payment) => ({
            PaymentID: payment.id,
            Date: msDay(payment.date),
            Amount: fromCents(payment.amount),
            Reference: payment.reference,
            CurrencyRate: invoice.currencyRate,
            HasAccount: false,
            HasValidationErrors: false,
          })),
          CreditNotes: allocations.map((allocation) => {
            const creditNote = book.creditNotes.get(allocation.creditNoteId)!;
            return {
              CreditNoteID: creditNote.id,
              CreditNoteNumber: creditNote.number,
              AppliedAmount: fromCents(allocation.amount),
              DateString: dayString(allocation.date),
              Date: msDay(allocation.date),
              LineItems: [],
              Total: fromCents(creditNote.total),
              HasErrors: false,
            };
          }),
          // The overpayments and prepayments allocated to this invoice, as Xero lists them on it
          // (Invoice.Overpayments / Invoice.Prepayments in xero_accounting.yaml; each with its AppliedAmount).
          ...appliedPaymentCredits(book, invoice),
        }),
    AmountDue: fromCents(book.amountDue(invoice)),
    AmountPaid: fromCents(invoice.amountPaid),
    AmountCredited: fromCents(invoice.amountCredited),
    SentToContact: invoice.sentToContact,
    CurrencyRate: invoice.currencyRate,
    IsDiscounted: false,
    HasAttachments: false,
    HasErrors: false,
    Contact: contactReference(book.contacts.get(invoice.contactId), invoice.contactId),
    DateString: dayString(invoice.date),
    Date: msDay(invoice.date),
    DueDateString: dayString(invoice.dueDate),
    DueDate: msDay(invoice.dueDate),
    ...(invoice.fullyPaidOn ? { FullyPaidOnDate: msDay(invoice.fullyPaidOn) } : {}),
    Status: invoice.status,
    LineAmountTypes: "Exclusive",
    ...(detail === "full" ? { LineItems: invoice.lineItems.map(lineItemJson) } : {}),
    SubTotal: fromCents(invoice.subTotal),
    TotalTax: fromCents(invoice.totalTax),
    Total: fromCents(invoice.total),
    UpdatedDateUTC: msDate(invoice.updatedAt),
    CurrencyCode: invoice.currencyCode,
  };
}

/**
 * How much of a contact an answer carries: `full` for one contact or a page of them; `unpaged` for
 * a list asked for without `page`, which Xero answers without ContactPersons and ContactGroups
 * ("When calling getContacts … Xero's API does not return all the details for each contact … try
 * passing the page param", Xero's Sidney Allen in XeroAPI/Xero-Java#245; "You need to specify
 * pagination", XeroAPI/xero-node#524); `summary` for summaryOnly=true.
 */
export type ContactDetail = "full" | "unpaged" | "summary";

/**
 * A contact group as Xero answers GET /ContactGroups (id, name, status; Contacts empty) or GET
 * /ContactGroups/{id} ("The ContactID and Name of Contacts in a contact group. Returned on GETs when the
 * ContactGroupID is supplied in the URL": xero_accounting.yaml, ContactGroup.Contacts;
 * developer.xero.com/documentation/api/accounting/contactgroups).
 */
export function contactGroupJson(group: ContactGroup, members?: Contact[]): Record<string, unknown> {
  return {
    ContactGroupID: group.id,
    Name: group.name,
    Status: group.status,
    Contacts: (members ?? []).map((contact) => ({ ContactID: contact.id, Name: contact.name })),
  };
}

/** `groups`: the ACTIVE groups the contact is in, listed on a full contact (a page, or one contact). */
export function contactJson(contact: Contact, detail: ContactDetail, groups: ContactGroup[] = []): Record<string, unknown> {
  const summaryOnly = detail === "summary";
  return {
    ContactID: contact.id,
    ContactStatus: contact.status,
    Name: contact.name,
    FirstName: contact.firstName,
    LastName: contact.lastName,
    EmailAddress: contact.emailAddress,
    AccountNumber: contact.accountNumber,
    ...(summaryOnly
      ? {}
      : {
          BankAccountDetails: "",
          ...(detail === "full"
            ? {
                ContactPersons: contact.contactPersons.map((person) => ({
                  FirstName: person.firstName,
                  LastName: person.lastName,
                  EmailAddress: person.emailAddress,
                  IncludeInEmails: person.includeInEmails,
                })),
              }
            : {}),
          Addresses: [{ AddressType: "STREET" }, { AddressType: "POBOX" }],
          Phones: [
            { PhoneType: "DEFAULT", PhoneNumber: contact.phone },
            { PhoneType: "MOBILE" },
            { PhoneType: "FAX" },
            { PhoneType: "DDI" },
          ],
          ...(detail === "full" ? { ContactGroups: groups.map((group) => contactGroupJson(group)) } : {}),
        }),
    HasAttachments: false,
    UpdatedDateUTC: msDate(contact.updatedAt),
    IsSupplier: contact.isSupplier,
    IsCustomer: contact.isCustomer,
    ...(contact.defaultCurrency ? { DefaultCurrency: contact.defaultCurrency } : {}),
    HasValidationErrors: false,
  };
}

export function organisationJson(organisation: Organisation): Record<string, unknown> {
  return {
    OrganisationID: organisation.id,
    APIKey: "",
    Name: organisation.name,
    LegalName: organisation.legalName,
    PaysTax: true,
    Version: organisation.version,
    OrganisationType: "COMPANY",
    BaseCurrency: organisation.baseCurrency,
    CountryCode: organisation.countryCode,
    IsDemoCompany: false,
    OrganisationStatus: "ACTIVE",
    FinancialYearEndDay: 31,
    FinancialYearEndMonth: 3,
    SalesTaxBasis: "INVOICE",
    SalesTaxPeriod: "TWOMONTHS",
    DefaultSalesTax: "Tax Exclusive",
    DefaultPurchasesTax: "Tax Exclusive",
    CreatedDateUTC: msDate(organisation.createdAt),
    OrganisationEntityType: "COMPANY",
    Timezone: organisation.timezone,
    ShortCode: organisation.shortCode,
    Class: "STANDARD",
    Edition: "BUSINESS",
    LineOfBusiness: "Coffee roasting and wholesale",
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
  };
}

export function paymentJson(book: OrganisationBook, payment: Payment): Record<string, unknown> {
  const invoice = book.invoices.get(payment.invoiceId)!;
  return {
    PaymentID: payment.id,
    Date: msDay(payment.date),
    BankAmount: fromCents(payment.amount),
    Amount: fromCents(payment.amount),
    Reference: payment.reference,
    CurrencyRate: invoice.currencyRate,
    PaymentType: "ACCRECPAYMENT",
    Status: payment.status,
    UpdatedDateUTC: msDate(payment.updatedAt),
    HasAccount: true,
    IsReconciled: false,
    Account: { AccountID: "5690f1e8-1d09-4f2b-8c3a-7a9b6d5e4f10", Code: "090" },
    Invoice: {
      Type: invoice.type,
      InvoiceID: invoice.id,
      InvoiceNumber: invoice.number,
      Contact: { ContactID: invoice.contactId, Name: book.contacts.get(invoice.contactId)?.name ?? "" },
      CurrencyCode: invoice.currencyCode,
    },
    HasValidationErrors: false,
  };
}

export function creditNoteJson(book: OrganisationBook, creditNote: CreditNote): Record<string, unknown> {
  return {
    Type: "ACCRECCREDIT",
    CreditNoteID: creditNote.id,
    CreditNoteNumber: creditNote.number,
    Reference: creditNote.reference,
    Contact: contactReference(book.contacts.get(creditNote.contactId), creditNote.contactId),
    DateString: dayString(creditNote.date),
    Date: msDay(creditNote.date),
    Status: creditNote.status,
    LineAmountTypes: "Exclusive",
    LineItems: creditNote.lineItems.map(lineItemJson),
    SubTotal: fromCents(creditNote.subTotal),
    TotalTax: fromCents(creditNote.totalTax),
    Total: fromCents(creditNote.total),
    UpdatedDateUTC: msDate(creditNote.updatedAt),
    CurrencyCode: creditNote.currencyCode,
    CurrencyRate: 1,
    RemainingCredit: fromCents(book.remainingCredit(creditNote)),
    Allocations: book.allocationsForCreditNote(creditNote.id).map((allocation) => ({
      AllocationID: allocation.id,
      Amount: fromCents(allocation.amount),
      Date: msDay(allocation.date),
      Invoice: { InvoiceID: allocation.invoiceId, InvoiceNumber: book.invoices.get(allocation.invoiceId)?.number ?? "" },
    })),
    SentToContact: false,
    HasAttachments: false,
    HasErrors: false,
  };
}

const CREDIT_ID_FIELD: Record<PaymentCreditKind, string> = { OVERPAYMENT: "OverpaymentID", PREPAYMENT: "PrepaymentID" };

function appliedPaymentCredits(book: OrganisationBook, invoice: Invoice): { Overpayments: unknown[]; Prepayments: unknown[] } {
  const applied = { Overpayments: [] as unknown[], Prepayments: [] as unknown[] };
  for (const allocation of book.paymentCreditAllocationsForInvoice(invoice.id)) {
    const credit = book.paymentCredits.get(allocation.creditId)!;
    (credit.kind === "OVERPAYMENT" ? applied.Overpayments : applied.Prepayments).push({
      [CREDIT_ID_FIELD[credit.kind]]: credit.id,
      Date: msDay(allocation.date),
      AppliedAmount: fromCents(allocation.amount),
      Total: fromCents(credit.total),
      LineItems: [],
    });
  }
  return applied;
}

/**
 * An overpayment or prepayment as GET /Overpayments and /Prepayments answer it: Type
 * RECEIVE-OVERPAYMENT / RECEIVE-PREPAYMENT, RemainingCredit, and its Allocations to invoices
 * (xero_accounting.yaml, Overpayment and Prepayment schemas).
 */
export function paymentCreditJson(book: OrganisationBook, credit: PaymentCredit): Record<string, unknown> {
  const amount = fromCents(credit.total);
  return {
    Type: credit.kind === "OVERPAYMENT" ? "RECEIVE-OVERPAYMENT" : "RECEIVE-PREPAYMENT",
    Contact: contactReference(book.contacts.get(credit.contactId), credit.contactId),
    Date: msDay(credit.date),
    Status: credit.status,
    LineAmountTypes: "NoTax",
    LineItems: [{ Description: credit.reference || "Received", UnitAmount: amount, Quantity: 1, AccountCode: "200", TaxType: "NONE", TaxAmount: 0, LineAmount: amount, Tracking: [] }],
    SubTotal: amount,
    TotalTax: 0,
    Total: amount,
    UpdatedDateUTC: msDate(credit.updatedAt),
    CurrencyCode: credit.currencyCode,
    [CREDIT_ID_FIELD[credit.kind]]: credit.id,
    CurrencyRate: 1,
    RemainingCredit: fromCents(book.remainingPaymentCredit(credit)),
    Allocations: book.allocationsForPaymentCredit(credit.id).map((allocation) => ({
      AllocationID: allocation.id,
      Amount: fromCents(allocation.amount),
      Date: msDay(allocation.date),
      Invoice: { InvoiceID: allocation.invoiceId, InvoiceNumber: book.invoices.get(allocation.invoiceId)?.number ?? "" },
    })),
    Payments: [],
    HasAttachments: false,
    Reference: credit.reference,
  };
}

export function historyJson(invoice: Invoice): Array<Record<string, unknown>> {
  return invoice.history.map((record) => ({
    Changes: record.changes,
    DateUTCString: utcString(record.at).replace("Z", ""),
    DateUTC: msDate(record.at),
    User: record.user,
    Details: record.details,
  }));
}

// ── Errors, in the shapes the Accounting API and identity server use ──────

export function validationError(message: string, errorNumber = 10): Record<string, unknown> {
  return {
    ErrorNumber: errorNumber,
    Type: "ValidationException",
    Message: "A validation exception occurred",
    Elements: [{ ValidationErrors: [{ Message: message }] }],
  };
}

/** What Xero answers when a `where` or `order` clause does not parse. */
export function queryParseError(message: string): Record<string, unknown> {
  return { ErrorNumber: 16, Type: "QueryParseException", Message: message };
}

/** Xero's problem-details body for 401 and 403 on api.xero.com. */
export function problem(status: 401 | 403 | 404, detail: string, instance: string): Record<string, unknown> {
  const title = status === 401 ? "Unauthorized" : status === 403 ? "Forbidden" : "Not Found";
  return { Type: null, Title: title, Status: status, Detail: detail, Instance: instance, Extensions: {} };
}
