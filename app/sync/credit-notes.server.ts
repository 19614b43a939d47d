// Copies the organisation's sales credit notes (ACCRECCREDIT) into Solido, so
// the pages can show a customer's unallocated credit and a workspace can hold
// that customer's reminders while it remains (app/models/credit-notes.server.ts).
//
// What Xero does, and what this relies on:
// - GET /CreditNotes takes If-Modified-Since, `where`, `order`, `page` and
//   `pageSize` (xero-node getCreditNotes; Xero's OpenAPI, xero_accounting.yaml
//   /CreditNotes). Credit notes belong to the `accounting.invoices` scope
//   Solido already holds ("accounting.invoices: credit notes, invoices, …",
//   apideck.com/blog/xero-scopes on Xero's March 2026 granular scopes).
//   Overpayments and prepayments belong to `accounting.payments`, which
//   Solido does not ask for: they are not read.
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
import type { CreditNote } from "xero-node";
import { xeroConnections } from "~db/schema";
import { db, sql } from "~/server/db.server";
import { upsertCreditNotes, type CreditNoteRecord } from "~/models/credit-notes.server";
import type { XeroGateway, XeroResult } from "~/xero/gateway.server";
import { calendarDay, decimalString } from "./xero-records";
import { PAGE_SIZE } from "./xero-reads.server";

const SALES_CREDIT_NOTES = 'Type=="ACCRECCREDIT"';
const OPEN_SALES_CREDIT_NOTES = `${SALES_CREDIT_NOTES} AND Status=="AUTHORISED"`;
const OLDEST_CHANGE_FIRST = "UpdatedDateUTC ASC";
/** As the sync engine's MARK_OVERLAP_MS: a change stamped just before the mark but visible just after is not missed. */
const MARK_OVERLAP_MS = 60_000;
/** Within a run, a page's cursor steps back this much, so rows sharing the last row's timestamp are read again. */
const CURSOR_OVERLAP_MS = 1;

export function creditNoteRecord(creditNote: CreditNote): CreditNoteRecord {
  const updated = creditNote.updatedDateUTC as unknown;
  return {
    xeroCreditNoteId: creditNote.creditNoteID!.toLowerCase(),
    xeroContactId: creditNote.contact!.contactID!.toLowerCase(),
    creditNoteNumber: creditNote.creditNoteNumber || null,
    status: String(creditNote.status) as CreditNoteRecord["status"],
    currencyCode: String(creditNote.currencyCode),
    total: decimalString(creditNote.total),
    remainingCredit: decimalString(creditNote.remainingCredit),
    issueDate: calendarDay(creditNote.date),
    xeroUpdatedAt: (updated instanceof Date ? updated : new Date(String(updated))).toISOString(),
  };
}

type Query = { modifiedSince?: Date; page: number; where: string };

async function readCreditNotePage(gateway: XeroGateway, query: Query) {
  const result = await gateway.call("CreditNotes", (client, tenantId) =>
    client.accountingApi.getCreditNotes(tenantId, query.modifiedSince, query.where, OLDEST_CHANGE_FIRST, query.page, undefined, PAGE_SIZE),
  );
  if (!result.ok) return result;
  const answered = result.value.body.creditNotes ?? [];
  const records = answered.filter((note) => String(note.type) === "ACCRECCREDIT" && note.creditNoteID && note.contact?.contactID).map(creditNoteRecord);
  return { ok: true as const, value: { records, full: answered.length >= PAGE_SIZE, serverTime: result.value.serverTime } };
}

/**
 * One sync run's credit notes for a workspace: a first sync's open credit, or
 * what changed since the connection's mark. Writes each page in its own
 * transaction and moves the mark when every page is read. Returns how many
 * credit notes changed in Solido.
 */
export async function syncCreditNotes(gateway: XeroGateway, workspaceId: string, first: boolean): Promise<XeroResult<{ changed: number }>> {
  const [connection] = await db.select({ mark: xeroConnections.creditNotesSyncedThrough }).from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId));
  // A workspace first synced before credit notes were copied has no mark: it reads the open credit, as a first sync does.
  const since = first ? null : (connection?.mark ?? null);
  let query: Query = since ? { modifiedSince: new Date(since.getTime() - MARK_OVERLAP_MS), page: 1, where: SALES_CREDIT_NOTES } : { page: 1, where: OPEN_SALES_CREDIT_NOTES };
  let changed = 0;
  let newest: Date | undefined;
  let startedAt: Date | undefined;
  for (;;) {
    const result = await readCreditNotePage(gateway, query);
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
  // voided credit notes included); a read of changes that found none leaves the mark where it was.
  const mark = since ? (newest && startedAt && newest > startedAt ? startedAt : newest) : startedAt;
  if (mark) await db.update(xeroConnections).set({ creditNotesSyncedThrough: mark }).where(eq(xeroConnections.workspaceId, workspaceId));
  return { ok: true, value: { changed } };
}
