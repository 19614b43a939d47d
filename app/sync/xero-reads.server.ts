// The few Accounting API reads sync makes, each shaped for the least egress:
// 1,000 rows a page (Xero's largest), only sales invoices, summaryOnly for
// invoices (no line items, payments or credit-note detail: amount due,
// status, dates, reference and contact are all there), ordered by
// UpdatedDateUTC so a page's last row is a cursor for the next.
import { ianaTimeZoneFromXero } from "~/xero/time-zone";
import type { XeroGateway, XeroResult } from "~/xero/gateway.server";
import type { ContactRecord } from "~/models/contacts.server";
import type { InvoiceRecord } from "~/models/invoices.server";
import { contactRecord, invoiceRecord } from "./xero-records";

export const PAGE_SIZE = 1000;
/** Xero takes about 50 ids before a URL grows too long. */
export const IDS_PER_CALL = 50;
const SALES_INVOICES = 'Type=="ACCREC"';
const CUSTOMERS = "IsCustomer==true";
const OLDEST_CHANGE_FIRST = "UpdatedDateUTC ASC";

export type Page<R> = {
  records: R[];
  /** Pages of this query still to read, this one included (Xero's pagination.pageCount). */
  pageCount: number;
  serverTime: Date;
};

export type PageQuery = { modifiedSince?: Date; page: number };

const pageOf = <R>(records: R[], pagination: { pageCount?: number } | undefined, serverTime: Date): Page<R> => ({
  records,
  pageCount: pagination?.pageCount ?? (records.length > 0 ? 1 : 0),
  serverTime,
});

export async function readInvoicePage(gateway: XeroGateway, query: PageQuery & { statuses?: string[] }): Promise<XeroResult<Page<InvoiceRecord>>> {
  const result = await gateway.call("Invoices", (client, tenantId) =>
    client.accountingApi.getInvoices(tenantId, query.modifiedSince, SALES_INVOICES, OLDEST_CHANGE_FIRST, undefined, undefined, undefined, query.statuses, query.page, undefined, undefined, undefined, true, PAGE_SIZE),
  );
  if (!result.ok) return result;
  const { body, serverTime } = result.value;
  return { ok: true, value: pageOf((body.invoices ?? []).map(invoiceRecord), body.pagination, serverTime) };
}

export async function readInvoicesById(gateway: XeroGateway, xeroInvoiceIds: string[]): Promise<XeroResult<InvoiceRecord[]>> {
  const result = await gateway.call("Invoices", (client, tenantId) =>
    client.accountingApi.getInvoices(tenantId, undefined, SALES_INVOICES, undefined, xeroInvoiceIds, undefined, undefined, undefined, undefined, undefined, undefined, undefined, true),
  );
  return result.ok ? { ok: true, value: (result.value.body.invoices ?? []).map(invoiceRecord) } : result;
}

// Contacts are read whole, not summaryOnly: the summary drops ContactPersons,
// whose "include in emails" addresses reminders copy. Archived contacts are
// included so their invoices stop being chased and still have a contact.
export async function readContactPage(gateway: XeroGateway, query: PageQuery): Promise<XeroResult<Page<ContactRecord>>> {
  const result = await gateway.call("Contacts", (client, tenantId) =>
    client.accountingApi.getContacts(tenantId, query.modifiedSince, CUSTOMERS, OLDEST_CHANGE_FIRST, undefined, query.page, true, false, undefined, PAGE_SIZE),
  );
  if (!result.ok) return result;
  const { body, serverTime } = result.value;
  return { ok: true, value: pageOf((body.contacts ?? []).map(contactRecord), body.pagination, serverTime) };
}

export async function readContactsById(gateway: XeroGateway, xeroContactIds: string[]): Promise<XeroResult<ContactRecord[]>> {
  const result = await gateway.call("Contacts", (client, tenantId) =>
    client.accountingApi.getContacts(tenantId, undefined, undefined, undefined, xeroContactIds, undefined, true, false),
  );
  return result.ok ? { ok: true, value: (result.value.body.contacts ?? []).map(contactRecord) } : result;
}

export type OrganisationFacts = { name: string; baseCurrency: string | null; timeZone: string; countryCode: string | null };

export async function readOrganisation(gateway: XeroGateway): Promise<XeroResult<OrganisationFacts>> {
  const result = await gateway.call("Organisations", (client, tenantId) => client.accountingApi.getOrganisations(tenantId));
  if (!result.ok) return result;
  const organisation = result.value.body.organisations?.[0];
  return {
    ok: true,
    value: {
      name: organisation?.name ?? "",
      baseCurrency: organisation?.baseCurrency ? String(organisation.baseCurrency) : null,
      timeZone: ianaTimeZoneFromXero(organisation?.timezone ? String(organisation.timezone) : null),
      countryCode: organisation?.countryCode ? String(organisation.countryCode) : null,
    },
  };
}
