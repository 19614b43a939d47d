// The few Accounting API reads sync makes, each shaped for the least egress:
// 1,000 rows a page (Xero's largest), only sales invoices, summaryOnly for
// invoices (no line items, payments or credit-note detail: amount due,
// status, dates, reference and contact are all there), ordered by
// UpdatedDateUTC: oldest change first when a page's last row is the cursor
// for the next (incremental reads), newest first when a first sync pages
// through one query by number (see the sync engine for why each is safe).
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
const NEWEST_CHANGE_FIRST = "UpdatedDateUTC DESC";
/** What a first sync copies: every unpaid sales invoice, and paid or voided ones changed since the history window opened. */
const FIRST_SYNC_STATUSES = ["AUTHORISED", "PAID", "VOIDED"];

export type Page<R> = {
  records: R[];
  /** Pages of this query still to read, this one included (Xero's pagination.pageCount). */
  pageCount: number;
  serverTime: Date;
};

export type PageQuery = { modifiedSince?: Date; page: number };

/** Xero's where-clause literal for a moment, to the second (a moment inside a second rounds down, so the window only widens). */
export function xeroDateTime(at: Date): string {
  const parts = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()];
  return `DateTime(${parts.map((part) => String(part).padStart(2, "0")).join(",")})`;
}

/**
 * A first sync's invoices in one query: AUTHORISED however old, or changed
 * since `historyStart` (then PAID or VOIDED, by the status list). One query
 * rather than one per status set, so its last page is the only part-filled one.
 */
export function firstSyncInvoiceFilter(historyStart: Date): string {
  return `${SALES_INVOICES} AND Status=="AUTHORISED" OR ${SALES_INVOICES} AND UpdatedDateUTC>=${xeroDateTime(historyStart)}`;
}

const pageOf = <R>(records: R[], pagination: { pageCount?: number } | undefined, serverTime: Date): Page<R> => ({
  records,
  pageCount: pagination?.pageCount ?? (records.length > 0 ? 1 : 0),
  serverTime,
});

/** Sales invoices changed since `modifiedSince`, oldest change first. */
export async function readInvoicePage(gateway: XeroGateway, query: PageQuery): Promise<XeroResult<Page<InvoiceRecord>>> {
  return invoicePage(gateway, query.modifiedSince, SALES_INVOICES, OLDEST_CHANGE_FIRST, undefined, query.page);
}

/** Page `page` of a first sync's invoices (firstSyncInvoiceFilter), newest change first. */
export async function readFirstSyncInvoicePage(gateway: XeroGateway, historyStart: Date, page: number): Promise<XeroResult<Page<InvoiceRecord>>> {
  return invoicePage(gateway, undefined, firstSyncInvoiceFilter(historyStart), NEWEST_CHANGE_FIRST, FIRST_SYNC_STATUSES, page);
}

async function invoicePage(
  gateway: XeroGateway,
  modifiedSince: Date | undefined,
  where: string,
  order: string,
  statuses: string[] | undefined,
  page: number,
): Promise<XeroResult<Page<InvoiceRecord>>> {
  const result = await gateway.call("Invoices", (client, tenantId) =>
    client.accountingApi.getInvoices(tenantId, modifiedSince, where, order, undefined, undefined, undefined, statuses, page, undefined, undefined, undefined, true, PAGE_SIZE),
  );
  if (!result.ok) return result;
  const { body, serverTime } = result.value;
  return { ok: true, value: pageOf((body.invoices ?? []).map(invoiceRecord), body.pagination, serverTime) };
}

/**
 * Sales invoices by id, one call per batch of ids (at most IDS_PER_CALL), up to
 * `atOnce` calls at a time. `onBatches` hears each round's invoices, a list per
 * call, as soon as they are answered. Stops at the first call that fails for good.
 */
export async function readInvoicesById(
  gateway: XeroGateway,
  batches: string[][],
  atOnce: number,
  onBatches: (batches: InvoiceRecord[][]) => void,
): Promise<XeroResult<void>> {
  const { error } = await gateway.callEach(
    "Invoices",
    batches.map((xeroInvoiceIds) => (client, tenantId) =>
      client.accountingApi.getInvoices(tenantId, undefined, SALES_INVOICES, undefined, xeroInvoiceIds, undefined, undefined, undefined, undefined, undefined, undefined, undefined, true),
    ),
    { atOnce, onAnswers: (answers) => onBatches(answers.map((answer) => (answer.body.invoices ?? []).map(invoiceRecord))) },
  );
  return error ? { ok: false, error } : { ok: true, value: undefined };
}

// Contacts are read whole, not summaryOnly: the summary drops ContactPersons,
// whose "include in emails" addresses reminders copy. Archived contacts are
// included so their invoices stop being chased and still have a contact.
export async function readContactPage(gateway: XeroGateway, query: PageQuery & { newestFirst?: boolean }): Promise<XeroResult<Page<ContactRecord>>> {
  const order = query.newestFirst ? NEWEST_CHANGE_FIRST : OLDEST_CHANGE_FIRST;
  const result = await gateway.call("Contacts", (client, tenantId) =>
    client.accountingApi.getContacts(tenantId, query.modifiedSince, CUSTOMERS, order, undefined, query.page, true, false, undefined, PAGE_SIZE),
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

export type OrganisationFacts = {
  name: string;
  baseCurrency: string | null;
  timeZone: string;
  countryCode: string | null;
  /** Xero's clock when it answered. */
  serverTime: Date;
};

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
      serverTime: result.value.serverTime,
    },
  };
}
