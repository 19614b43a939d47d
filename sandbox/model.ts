// The sandbox's own records: what a Xero organisation holds, in the sandbox's units (integer cents,
// epoch milliseconds, ISO calendar dates). xero-json.ts turns them into Xero's JSON at the edge.
import type { Cents } from "./money";

export type IsoDate = string; // YYYY-MM-DD, a calendar day in the organisation's time zone
export type EpochMs = number;

export interface DemoUser {
  /** Xero's user id (`xero_userid`), stable across resets. */
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  organisationIds: string[];
}

export interface Organisation {
  id: string; // OrganisationID = tenantId
  name: string;
  legalName: string;
  shortCode: string;
  baseCurrency: string;
  countryCode: string;
  /** Xero's Windows-style zone name, e.g. NEWZEALANDSTANDARDTIME. */
  timezone: string;
  version: string; // Xero's regional edition: NZ, AU, GLOBAL…
  createdAt: EpochMs;
}

export type ContactStatus = "ACTIVE" | "ARCHIVED" | "GDPRREQUEST";

export interface ContactPerson {
  firstName: string;
  lastName: string;
  emailAddress: string;
  includeInEmails: boolean;
}

export interface Contact {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  emailAddress: string; // "" when the contact has none, as Xero returns it
  contactPersons: ContactPerson[];
  status: ContactStatus;
  isCustomer: boolean;
  isSupplier: boolean;
  accountNumber: string;
  phone: string;
  defaultCurrency?: string;
  updatedAt: EpochMs;
}

/**
 * A contact group (Settings → Contact groups in Xero): a name and its members. Xero returns only ACTIVE
 * groups on GETs; a group is deleted by setting DELETED (xero_accounting.yaml, ContactGroup.Status).
 */
export interface ContactGroup {
  id: string;
  name: string;
  status: "ACTIVE" | "DELETED";
  contactIds: string[];
}

export type InvoiceStatus = "DRAFT" | "SUBMITTED" | "AUTHORISED" | "PAID" | "VOIDED" | "DELETED";
export type InvoiceType = "ACCREC" | "ACCPAY";

export interface LineItem {
  id: string;
  description: string;
  quantity: number;
  unitAmount: Cents;
  accountCode: string;
  taxType: string;
  taxAmount: Cents;
  lineAmount: Cents; // quantity × unit amount, tax exclusive
}

export interface HistoryRecord {
  at: EpochMs;
  user: string;
  changes: string;
  details: string;
}

export interface Invoice {
  id: string;
  type: InvoiceType;
  number: string;
  reference: string;
  contactId: string;
  date: IsoDate;
  dueDate: IsoDate;
  status: InvoiceStatus;
  currencyCode: string;
  currencyRate: number;
  lineItems: LineItem[];
  subTotal: Cents;
  totalTax: Cents;
  total: Cents;
  /** Kept in step with payments and allocations by OrganisationBook, never set directly. */
  amountPaid: Cents;
  amountCredited: Cents;
  fullyPaidOn?: IsoDate;
  sentToContact: boolean;
  updatedAt: EpochMs;
  history: HistoryRecord[];
}

export interface Payment {
  id: string;
  invoiceId: string;
  date: IsoDate;
  amount: Cents;
  reference: string;
  status: "AUTHORISED" | "DELETED";
  updatedAt: EpochMs;
}

export type CreditNoteStatus = "DRAFT" | "AUTHORISED" | "PAID" | "VOIDED";

export interface CreditNote {
  id: string;
  number: string;
  contactId: string;
  date: IsoDate;
  status: CreditNoteStatus;
  currencyCode: string;
  reference: string;
  lineItems: LineItem[];
  subTotal: Cents;
  totalTax: Cents;
  total: Cents;
  updatedAt: EpochMs;
}

export interface Allocation {
  id: string;
  creditNoteId: string;
  invoiceId: string;
  amount: Cents;
  date: IsoDate;
}

/**
 * Money a customer paid that is not (yet) for an invoice: an overpayment (paid more than was due)
 * or a prepayment (paid before the invoice existed). Xero records both as bank transactions
 * (RECEIVE-OVERPAYMENT / RECEIVE-PREPAYMENT) whose RemainingCredit is allocated to invoices like a
 * credit note's, and marks them PAID once nothing remains (xero_accounting.yaml, Overpayment and
 * Prepayment schemas; developer.xero.com/documentation/api/accounting/overpayments).
 */
export type PaymentCreditKind = "OVERPAYMENT" | "PREPAYMENT";

export interface PaymentCredit {
  id: string;
  kind: PaymentCreditKind;
  contactId: string;
  date: IsoDate;
  status: "AUTHORISED" | "PAID" | "VOIDED";
  currencyCode: string;
  reference: string;
  /** Received money carries no sales tax here (LineAmountTypes NoTax): the total is what was paid. */
  total: Cents;
  updatedAt: EpochMs;
}

export interface PaymentCreditAllocation {
  id: string;
  creditId: string;
  invoiceId: string;
  amount: Cents;
  date: IsoDate;
}

/** What a webhook event announces: Xero sends the category, type and id, never the data. */
export interface ResourceChange {
  tenantId: string;
  category: "INVOICE" | "CONTACT";
  type: "CREATE" | "UPDATE";
  resourceId: string;
  at: EpochMs;
}
