// The few Accounting API reads sync makes, each shaped for the least egress:
// 1,000 rows a page (Xero's largest), only sales invoices, summaryOnly for
// invoices (no line items, payments or credit-note detail: amount due,
// status, dates, reference and contact are all there), ordered by
// UpdatedDateUTC: oldest change first when a page's last row is the cursor
// for the next (incremental reads), newest first when a first sync pages
// through one query by number (see the sync engine for why each is safe).
import type { Contact } from "xero-node";
import { ianaTimeZoneFromXero } from "~/xero/time-zone";
import type { XeroGateway, XeroResult } from "~/xero/gateway.server";
import type { ContactRecord } from "~/models/contacts.server";
import type { InvoiceRecord } from "~/models/invoices.server";
import { contactRecord, invoiceRecord } from "./xero-records";

export const PAGE_SIZE = 1000;
/** Xero takes about 50 ids before a URL grows too long. */
export const IDS_PER_CALL = 50;
const SALES_INVOICES = 'Type=="ACCREC"';
const OLDEST_CHANGE_FIRST = "UpdatedDateUTC ASC";
const NEWEST_CHANGE_FIRST = "UpdatedDateUTC DESC";
/** What a first sync copies: every unpaid sales invoice, and paid or voided ones changed since the history window opened. */
const FIRST_SYNC_STATUSES = ["AUTHORISED", "PAID", "VOIDED"];

export type Page<R> = {
  records: R[];
  /**
   * Pages of this query (Xero's pagination.pageCount). Xero leaves the
   * pagination block out of answers to unpaged requests, and a reader must
   * not take its absence for "last page" (issue 16: 930 of 2,534 invoices).
   * Without it, a full page counts as one more page behind it, so readers go
   * on until a page comes back short.
   */
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

function pageOf<R>(records: R[], pagination: { pageCount?: number } | undefined, serverTime: Date, page: number): Page<R> {
  const unknown = records.length >= PAGE_SIZE ? page + 1 : records.length > 0 ? page : page - 1;
  return { records, pageCount: typeof pagination?.pageCount === "number" ? pagination.pageCount : unknown, serverTime };
}

/** Sales invoices changed since `modifiedSince`, oldest change first. */
export async function readInvoicePage(gateway: XeroGateway, query: PageQuery): Promise<XeroResult<Page<InvoiceRecord>>> {
  return invoicePage(gateway, query.modifiedSince, SALES_INVOICES, OLDEST_CHANGE_FIRST, undefined, query.page);
}

/**
 * The first sync's query for an organisation above Xero's high-volume threshold
 * (500,000 invoices), where Xero refuses `where` on UpdatedDateUTC with 400
 * HighVolumeException (ErrorNumber 51; Xero-NetStandard#604, xero-python#148;
 * optimised fields as cited in sandbox/high-volume.ts): the same query with the
 * history window bounded by the invoice's Date, an optimised field. Trade-off
 * (docs/decisions/0003-reading-contacts.md, "First sync on a high-volume organisation"): every
 * AUTHORISED invoice still arrives; the paid/voided history is those dated in
 * the window rather than changed in it, so an old invoice paid recently is
 * missing from the dashboard's history until the next change Xero reports.
 */
export function highVolumeFirstSyncInvoiceFilter(historyStart: Date): string {
  return `${SALES_INVOICES} AND Status=="AUTHORISED" OR ${SALES_INVOICES} AND Date>=${xeroDateTime(historyStart)}`;
}

/**
 * A first sync's invoice pages, newest change first: firstSyncInvoiceFilter, and
 * if Xero refuses it as inefficient (HighVolumeException; it does so on the
 * first page, as every page is the same query), highVolumeFirstSyncInvoiceFilter
 * from then on. A normal organisation makes exactly the calls it always did; a
 * high-volume one spends one refused call, once per first sync.
 */
export function firstSyncInvoicePages(gateway: XeroGateway, historyStart: Date): (page: number) => Promise<XeroResult<Page<InvoiceRecord>>> {
  let where = firstSyncInvoiceFilter(historyStart);
  return async (page) => {
    const result = await invoicePage(gateway, undefined, where, NEWEST_CHANGE_FIRST, FIRST_SYNC_STATUSES, page);
    if (result.ok || result.error.type !== "HighVolumeException" || where === highVolumeFirstSyncInvoiceFilter(historyStart)) return result;
    where = highVolumeFirstSyncInvoiceFilter(historyStart);
    return invoicePage(gateway, undefined, where, NEWEST_CHANGE_FIRST, FIRST_SYNC_STATUSES, page);
  };
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
  return { ok: true, value: pageOf((body.invoices ?? []).map(invoiceRecord), body.pagination, serverTime, page) };
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
//
// No `where` filter: Xero refuses filters on anything but its optimised
// fields (Name, EmailAddress, AccountNumber; IDs and ContactID are safe) with
// 400 HighVolumeFilterUnavailableApiException / HighVolumeException once an
// organisation has enough contacts (Xero-NetStandard#604 on IsCustomer and
// IsSupplier; xero-python#148, where Xero points to
// developer.xero.com/documentation/api/efficient-data-retrieval). Solido keeps
// customers itself (see docs/decisions/0003-reading-contacts.md).
//
// Every read names a `page`: without it Xero leaves ContactPersons and
// ContactGroups out of a contact list (Xero staff on Xero-Java#245: "try
// passing the page param ... This will return ... some additional details";
// xero-node#524 for ContactGroups), and a refresh would lose cc recipients.

/** Contacts changed since `modifiedSince` (an incremental sync), oldest change first; suppliers included, the caller keeps customers. */
export async function readContactPage(gateway: XeroGateway, query: PageQuery): Promise<XeroResult<Page<ContactRecord>>> {
  const result = await gateway.call("Contacts", (client, tenantId) =>
    client.accountingApi.getContacts(tenantId, query.modifiedSince, undefined, OLDEST_CHANGE_FIRST, undefined, query.page, true, false, undefined, PAGE_SIZE),
  );
  if (!result.ok) return result;
  const { body, data, serverTime } = result.value;
  return { ok: true, value: pageOf(contactRecords(body.contacts, data, true), body.pagination, serverTime, query.page) };
}

/** Contacts by id, at most IDS_PER_CALL (Xero's URL length) to a call, as page 1 so each comes with its contact persons. */
export async function readContactsById(gateway: XeroGateway, xeroContactIds: string[]): Promise<XeroResult<ContactRecord[]>> {
  if (xeroContactIds.length > IDS_PER_CALL) throw new Error(`At most ${IDS_PER_CALL} contact ids fit one call to Xero; asked for ${xeroContactIds.length}`);
  const result = await gateway.call("Contacts", (client, tenantId) =>
    client.accountingApi.getContacts(tenantId, undefined, undefined, undefined, xeroContactIds, 1, true, false),
  );
  return result.ok ? { ok: true, value: contactRecords(result.value.body.contacts, result.value.data, true) } : result;
}

/**
 * Xero's contacts as Solido's records. A contact whose answer does not carry
 * ContactPersons (an unpaged list leaves the key out) gets no cc list at all,
 * so the upsert keeps the one stored rather than wiping it. A paged answer
 * carries the persons, so there an absent key means "none".
 */
function contactRecords(contacts: Contact[] | undefined, data: Record<string, unknown>, paged: boolean): ContactRecord[] {
  const raw = (Array.isArray(data.Contacts) ? data.Contacts : []) as Record<string, unknown>[];
  return (contacts ?? []).map((contact, index) => contactRecord(contact, { carriesContactPersons: paged || (raw[index] !== undefined && "ContactPersons" in raw[index]) }));
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
