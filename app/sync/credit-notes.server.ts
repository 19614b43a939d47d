// Copies what leaves credit on a customer's account into Solido — sales credit
// notes (ACCRECCREDIT), and overpayments and prepayments (RECEIVE-OVERPAYMENT,
// RECEIVE-PREPAYMENT) — so the pages can show a customer's unallocated credit
// and a workspace can hold that customer's reminders while it remains
// (app/models/credit-notes.server.ts; docs/decisions/0004-hold-reminders-while-credit.md).
// The three are read the same way, each with its own mark.
//
// What Xero does, and what this relies on:
// - GET /CreditNotes takes If-Modified-Since, `where`, `order`, `page` and
//   `pageSize` (xero-node getCreditNotes; Xero's OpenAPI, xero_accounting.yaml
//   /CreditNotes). Credit notes belong to the `accounting.invoices` scope
//   Solido already holds ("accounting.invoices: credit notes, invoices, …",
//   apideck.com/blog/xero-scopes on Xero's March 2026 granular scopes).
// - GET /Overpayments and /Prepayments take the same If-Modified-Since,
//   `where`, `order`, `page` and `pageSize` (xero_accounting.yaml,
//   getOverpayments / getPrepayments), carry RemainingCredit and Allocations,
//   and become PAID when used up. They are payments: Xero's scopes page lists
//   them with Payments under accounting.transactions
//   (developer.xero.com/documentation/oauth2/scopes); of the granular scopes,
//   Solido asks for `accounting.payments.read`. A connection made before it
//   asked has not granted it, and Xero answers 401 to a missing scope: those
//   are read only where the connection's scopes allow it (reconnecting grants it).
// - Type and Status are among the CreditNotes fields Xero lists as optimised
//   for `where`, and UpdatedDateUTC for `order`
//   (cdn.cdata.com/help/DXK/tableau/pg_accountingtable-creditnotes.htm, from
//   Xero's optimised-filters list), so they are not refused on a large
//   organisation as non-optimised Contacts filters are (issue 16).
// - RemainingCredit is what is not yet allocated; a fully allocated credit
//   note becomes PAID (XeroAPI/xero-mcp-server#194: "once a credit note is
//   fully allocated Xero flips its status to PAID"), and allocating changes
//   the credit note, so If-Modified-Since ("only records created or modified
//   since this timestamp") finds it again; the sandbox stamps UpdatedDateUTC
//   on every allocation.
//
// A first sync reads only credit still open (AUTHORISED); later syncs read
// every sales credit note changed since the mark, whatever its status, so a
// credit note that became PAID or VOIDED stops counting. Pages are read while
// full (never trusting a missing `pagination` block), oldest change first,
// each next read starting from the last row seen (as the sync engine's
// incremental reads do: a row changing mid-read is read again, not skipped).
import { eq } from "drizzle-orm";
import type { CreditNote, Overpayment, Prepayment } from "xero-node";
import { xeroConnections } from "~db/schema";
import { db, sql } from "~/server/db.server";
import { upsertCreditNotes, type CreditNoteRecord } from "~/models/credit-notes.server";
import type { XeroGateway, XeroResult } from "~/xero/gateway.server";
import { calendarDay, decimalString } from "./xero-records";
import { PAGE_SIZE } from "./xero-reads.server";

const OLDEST_CHANGE_FIRST = "UpdatedDateUTC ASC";
/** As the sync engine's MARK_OVERLAP_MS: a change stamped just before the mark but visible just after is not missed. */
const MARK_OVERLAP_MS = 60_000;
/** Within a run, a page's cursor steps back this much, so rows sharing the last row's timestamp are read again. */
const CURSOR_OVERLAP_MS = 1;

type Query = { modifiedSince?: Date; page: number; where: string };
type Answer = { body: { creditNotes?: CreditNote[]; overpayments?: Overpayment[]; prepayments?: Prepayment[] } };

/** One kind of customer credit: how Xero is asked for it, which rows are the customer's, and its mark. */
type CreditSource = {
  kind: CreditNoteRecord["kind"];
  resource: "CreditNotes" | "Overpayments" | "Prepayments";
  /** Every row of the sales side; the first sync adds Status=="AUTHORISED" (credit still open). */
  where: string;
  mark: "creditNotesSyncedThrough" | "overpaymentsSyncedThrough" | "prepaymentsSyncedThrough";
  /** Scopes any one of which opens the resource; none for credit notes (accounting.invoices, held by every connection). */
  scopes?: string[];
  read: (gateway: XeroGateway, query: Query) => Promise<XeroResult<{ body: unknown; serverTime: Date }>>;
  records: (answer: Answer) => { rows: number; records: CreditNoteRecord[] };
};

const updatedIso = (updated: unknown) => (updated instanceof Date ? updated : new Date(String(updated))).toISOString();

export function creditNoteRecord(creditNote: CreditNote): CreditNoteRecord {
  return {
    kind: "credit_note",
    xeroCreditNoteId: creditNote.creditNoteID!.toLowerCase(),
    xeroContactId: creditNote.contact!.contactID!.toLowerCase(),
    creditNoteNumber: creditNote.creditNoteNumber || null,
    status: String(creditNote.status) as CreditNoteRecord["status"],
    currencyCode: String(creditNote.currencyCode),
    total: decimalString(creditNote.total),
    remainingCredit: decimalString(creditNote.remainingCredit),
    issueDate: calendarDay(creditNote.date),
    xeroUpdatedAt: updatedIso(creditNote.updatedDateUTC),
  };
}

/** An overpayment or prepayment as a customer-credit row; it has no number of its own (its reference, when given, stands in). */
function paymentCreditRecord(kind: "overpayment" | "prepayment", id: string, credit: Overpayment | Prepayment): CreditNoteRecord {
  return {
    kind,
    xeroCreditNoteId: id.toLowerCase(),
    xeroContactId: credit.contact!.contactID!.toLowerCase(),
    creditNoteNumber: credit.reference || null,
    status: String(credit.status) as CreditNoteRecord["status"],
    currencyCode: String(credit.currencyCode),
    total: decimalString(credit.total),
    remainingCredit: decimalString(credit.remainingCredit),
    issueDate: calendarDay(credit.date),
    xeroUpdatedAt: updatedIso(credit.updatedDateUTC),
  };
}

const PAYMENT_SCOPES = ["accounting.payments", "accounting.payments.read", "accounting.transactions", "accounting.transactions.read"];

const SOURCES: CreditSource[] = [
  {
    kind: "credit_note",
    resource: "CreditNotes",
    where: 'Type=="ACCRECCREDIT"',
    mark: "creditNotesSyncedThrough",
    read: (gateway, query) =>
      gateway.call("CreditNotes", (client, tenantId) =>
        client.accountingApi.getCreditNotes(tenantId, query.modifiedSince, query.where, OLDEST_CHANGE_FIRST, query.page, undefined, PAGE_SIZE),
      ),
    records: ({ body }) => {
      const rows = body.creditNotes ?? [];
      return { rows: rows.length, records: rows.filter((note) => String(note.type) === "ACCRECCREDIT" && note.creditNoteID && note.contact?.contactID).map(creditNoteRecord) };
    },
  },
  {
    kind: "overpayment",
    resource: "Overpayments",
    where: 'Type=="RECEIVE-OVERPAYMENT"',
    mark: "overpaymentsSyncedThrough",
    scopes: PAYMENT_SCOPES,
    read: (gateway, query) =>
      gateway.call("Overpayments", (client, tenantId) =>
        client.accountingApi.getOverpayments(tenantId, query.modifiedSince, query.where, OLDEST_CHANGE_FIRST, query.page, undefined, PAGE_SIZE),
      ),
    records: ({ body }) => {
      const rows = body.overpayments ?? [];
      return {
        rows: rows.length,
        records: rows
          .filter((credit) => String(credit.type) === "RECEIVE-OVERPAYMENT" && credit.overpaymentID && credit.contact?.contactID)
          .map((credit) => paymentCreditRecord("overpayment", credit.overpaymentID!, credit)),
      };
    },
  },
  {
    kind: "prepayment",
    resource: "Prepayments",
    where: 'Type=="RECEIVE-PREPAYMENT"',
    mark: "prepaymentsSyncedThrough",
    scopes: PAYMENT_SCOPES,
    read: (gateway, query) =>
      gateway.call("Prepayments", (client, tenantId) =>
        client.accountingApi.getPrepayments(tenantId, query.modifiedSince, query.where, OLDEST_CHANGE_FIRST, query.page, undefined, PAGE_SIZE),
      ),
    records: ({ body }) => {
      const rows = body.prepayments ?? [];
      return {
        rows: rows.length,
        records: rows
          .filter((credit) => String(credit.type) === "RECEIVE-PREPAYMENT" && credit.prepaymentID && credit.contact?.contactID)
          .map((credit) => paymentCreditRecord("prepayment", credit.prepaymentID!, credit)),
      };
    },
  },
];

async function readPage(source: CreditSource, gateway: XeroGateway, query: Query) {
  const result = await source.read(gateway, query);
  if (!result.ok) return result;
  const { rows, records } = source.records(result.value as unknown as Answer);
  return { ok: true as const, value: { records, full: rows >= PAGE_SIZE, serverTime: result.value.serverTime } };
}

/**
 * One sync run's customer credit for a workspace: credit notes, and
 * overpayments and prepayments where the connection's scopes open them.
 * Returns how many changed in Solido.
 */
export async function syncCreditNotes(gateway: XeroGateway, workspaceId: string, first: boolean): Promise<XeroResult<{ changed: number }>> {
  const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId));
  let changed = 0;
  for (const source of SOURCES) {
    if (source.scopes && !source.scopes.some((scope) => connection?.scopes.includes(scope))) continue;
    const result = await syncSource(source, gateway, workspaceId, first ? null : (connection?.[source.mark] ?? null));
    if (!result.ok) return result;
    changed += result.value.changed;
  }
  return { ok: true, value: { changed } };
}

/**
 * A first sync's open credit of one kind, or what changed since its mark
 * (none yet: read as a first sync does). Writes each page in its own
 * transaction and moves the mark when every page is read.
 */
async function syncSource(source: CreditSource, gateway: XeroGateway, workspaceId: string, since: Date | null): Promise<XeroResult<{ changed: number }>> {
  let query: Query = since
    ? { modifiedSince: new Date(since.getTime() - MARK_OVERLAP_MS), page: 1, where: source.where }
    : { page: 1, where: `${source.where} AND Status=="AUTHORISED"` };
  let changed = 0;
  let newest: Date | undefined;
  let startedAt: Date | undefined;
  for (;;) {
    const result = await readPage(source, gateway, query);
    if (!result.ok) return result;
    const { records, full, serverTime } = result.value;
    startedAt ??= serverTime;
    changed += await sql.begin((tx) => upsertCreditNotes(tx, workspaceId, records));
    const pageNewest = records.reduce<Date | undefined>((latest, record) => {
      const at = new Date(record.xeroUpdatedAt);
      return !latest || at > latest ? at : latest;
    }, undefined);
    if (pageNewest && (!newest || pageNewest > newest)) newest = pageNewest;
    if (!full || !pageNewest) break;
    const cursor = new Date(pageNewest.getTime() - CURSOR_OVERLAP_MS);
    // A full page all changed within one instant cannot move the cursor: page on from it instead.
    query = query.modifiedSince && cursor <= query.modifiedSince ? { ...query, page: query.page + 1 } : { ...query, modifiedSince: cursor, page: 1 };
  }
  // As the sync engine's marks: the newest change seen, never past Xero's clock when reading began. A
  // read of the open credit marks that clock (whatever changes after it is read next time, paid and
  // voided ones included); a read of changes that found none leaves the mark where it was.
  const mark = since ? (newest && startedAt && newest > startedAt ? startedAt : newest) : startedAt;
  if (mark) await db.update(xeroConnections).set({ [source.mark]: mark }).where(eq(xeroConnections.workspaceId, workspaceId));
  return { ok: true, value: { changed } };
}
