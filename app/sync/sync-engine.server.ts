// Copies a workspace's Xero sales invoices, and the customers they are for,
// into Solido.
//
// A first sync reads the invoices as one query, page by page by number,
// newest change first, with Xero's pagination.pageCount saying when to stop
// (and, when an answer has no pagination block, going on while pages come
// back full): ⌈rows/1000⌉ calls. It reads no contact list: only the customers
// its invoices name are fetched, by id, 50 to a call (see
// docs/decisions/0003-reading-contacts.md). Newest first is what makes page numbers safe
// while Xero changes under the sync: a row that changes moves to the front,
// pushing the rows before it one place back (a page re-reads a row, never
// skips one). Nothing leaves the query by changing (an AUTHORISED invoice can
// only become PAID or VOIDED, and a changed row is inside the history window),
// so nothing is pulled forward past a page already read. A row changed
// mid-sync has UpdatedDateUTC after the first page's answer, where the
// high-water mark is put: the next incremental sync reads it.
//
// An incremental sync reads "what changed since", oldest change first, each
// next request starting from the last row seen (keyset paging): a row that
// changes while it runs moves to the end and is read there; a cursor cannot
// skip the row that slides into its place, as page N could.
//
// While a page is written, the next one is already being fetched (one page
// ahead: the run holds at most two pages). Each page is written in one
// transaction with the run's counts. The high-water marks
// (xero_connections.*_synced_through) move only when the run finishes, so a
// run that dies is simply run again: upserts make that safe.
import { eq } from "drizzle-orm";
import type { TransactionSql } from "postgres";
import { workspaces } from "~db/schema";
import { db, sql } from "~/server/db.server";
import { contactsWithoutDetails, upsertContacts, type ContactRecord, type DetailsCursor } from "~/models/contacts.server";
import { upsertInvoices, type InvoiceRecord } from "~/models/invoices.server";
import {
  claimRun,
  finishRun,
  saveTally,
  startRefreshRun,
  syncBlocker,
  tallyOf,
  type RunTally,
  type SyncRun,
} from "~/models/sync-runs.server";
import { xeroConnections } from "~db/schema";
import { syncContactGroups } from "./contact-groups.server";
import { xeroGateway, type XeroError, type XeroGateway, type XeroResult } from "~/xero/gateway.server";
import { syncCreditNotes } from "./credit-notes.server";
import {
  IDS_PER_CALL,
  PAGE_SIZE,
  readContactPage,
  readContactsById,
  firstSyncInvoicePages,
  readInvoicePage,
  readInvoicesById,
  readOrganisation,
  type Page,
  type PageQuery,
} from "./xero-reads.server";

/**
 * Incremental reads start this far before the high-water mark, so a change
 * Xero stamped just before the mark but made visible just after is not missed.
 * Re-read rows are recognised as unchanged and cost no writes.
 */
export const MARK_OVERLAP_MS = 60_000;
/**
 * The first sync copies every unpaid (AUTHORISED) sales invoice however old,
 * and paid or voided ones changed in this window: enough history for the
 * dashboard's "paid after a reminder" and days-to-pay figures over a quarter,
 * without paying egress for years of settled invoices reminders never touch.
 */
export const HISTORY_DAYS = 90;
/** Within a run, a page's cursor steps back this much, so rows sharing the last row's timestamp are read again rather than skipped (If-Modified-Since means "after"). */
const CURSOR_OVERLAP_MS = 1;

export type SyncOutcome = {
  syncRunId: string;
  status: "succeeded" | "failed" | "skipped";
  errorCode?: string;
  error?: string;
  /** A refresh's invoice ids that Xero's answers did not include: nothing about them was confirmed. */
  unansweredInvoiceIds?: string[];
};

type Stream = { done: number; remaining: number | null };

/** A run's counts, progress bar and cost, saved with each page. */
class RunRecorder {
  readonly tally: RunTally;
  private readonly streams: Stream[];

  constructor(
    readonly run: SyncRun,
    plannedStreams: number,
  ) {
    this.tally = tallyOf(run);
    this.streams = Array.from({ length: plannedStreams }, () => ({ done: 0, remaining: null }));
  }

  stream(index: number) {
    return this.streams[index];
  }

  /** Pages done of all pages known: Xero's pageCount for streams begun, one for each not yet begun. */
  pageDone(stream: Stream, remainingAfter: number) {
    stream.done++;
    stream.remaining = Math.max(0, remainingAfter);
    this.tally.pagesDone = this.streams.reduce((sum, each) => sum + each.done, 0);
    this.tally.pageCount = this.streams.reduce((sum, each) => sum + each.done + (each.remaining ?? 1), 0);
  }

  async writeContacts(tx: TransactionSql, workspaceId: string, records: ContactRecord[]) {
    const counts = await upsertContacts(tx, workspaceId, records);
    this.tally.contactsCreated += counts.created;
    this.tally.contactsUpdated += counts.updated;
    this.tally.contactsUnchanged += counts.unchanged;
  }

  async writeInvoices(tx: TransactionSql, workspaceId: string, records: InvoiceRecord[]) {
    const counts = await upsertInvoices(tx, workspaceId, records);
    this.tally.invoicesCreated += counts.created;
    this.tally.invoicesUpdated += counts.updated;
    this.tally.invoicesUnchanged += counts.unchanged;
    this.tally.paymentsDetected += counts.paymentsDetected;
  }

  /** Writes a batch and the run's tally in one transaction. */
  commit(write: (tx: TransactionSql) => Promise<void>) {
    return sql.begin(async (tx) => {
      await write(tx);
      await saveTally(tx, this.run.id, this.tally);
    });
  }

  fail(error: XeroError) {
    return this.end({ status: "failed", errorCode: error.code, error: error.message });
  }

  /**
   * The invoices are in, but customers' details could not all be read: the
   * run says so in a bookkeeper's words and still moves the marks it earned,
   * so the invoices are never read again for it. Contacts still without
   * details are fetched again by every later run.
   */
  contactsFailed(error: XeroError, marks: { contactsSyncedThrough?: Date; invoicesSyncedThrough?: Date }) {
    const connectionProblem = CONNECTION_PROBLEMS.has(error.code);
    return this.end({
      status: "failed",
      errorCode: connectionProblem ? error.code : "contacts_incomplete",
      error: `Invoices are up to date, but Solido could not read some customers' details from Xero. ${error.message}`,
      ...marks,
    });
  }

  async end(ending: Parameters<typeof finishRun>[2]): Promise<SyncOutcome> {
    await finishRun(this.run, this.tally, ending);
    return ending.status === "failed"
      ? { syncRunId: this.run.id, status: "failed", errorCode: ending.errorCode, error: ending.error }
      : { syncRunId: this.run.id, status: "succeeded" };
  }
}

/** Failures only the user can mend (reconnecting, granting a permission): the run names them rather than "contacts incomplete". */
const CONNECTION_PROBLEMS = new Set<string>(["needs_reconnect", "missing_permission", "disconnected_in_xero", "disconnected", "not_connected"]);

type Drained = { newest?: Date; startedAt?: Date };

const newestOf = (records: { xeroUpdatedAt: string }[], since?: Date) =>
  records.reduce<Date | undefined>((latest, record) => {
    const at = new Date(record.xeroUpdatedAt);
    return !latest || at > latest ? at : latest;
  }, since);

/** A read started ahead of its turn must not crash the process if it fails while the current page is still being written. */
function ahead<T>(read: Promise<T>): Promise<T> {
  read.catch(() => {});
  return read;
}

/**
 * Reads one query to its end by page number (a first sync), writing each
 * page as it comes while the next is fetched. Returns the newest
 * UpdatedDateUTC seen and Xero's clock at the first answer.
 */
async function readPages<R extends { xeroUpdatedAt: string }>(
  recorder: RunRecorder,
  stream: Stream,
  read: (page: number) => Promise<XeroResult<Page<R>>>,
  write: (tx: TransactionSql, records: R[]) => Promise<void>,
): Promise<XeroResult<Drained>> {
  const drained: Drained = {};
  let next = ahead(read(1));
  for (let page = 1; ; page++) {
    const result = await next;
    if (!result.ok) return result;
    const { records, pageCount, serverTime } = result.value;
    drained.startedAt ??= serverTime;
    drained.newest = newestOf(records, drained.newest);
    // pageCount is re-read from every answer: rows created mid-sync can add a page. An answer
    // without its pagination block counts a full page as "one more" (see Page), never as the last.
    const more = records.length > 0 && page < pageCount;
    if (more) next = ahead(read(page + 1));
    recorder.pageDone(stream, pageCount - page);
    await recorder.commit((tx) => write(tx, records));
    if (!more) return { ok: true, value: drained };
  }
}

/**
 * Reads one query to its end with a moving If-Modified-Since cursor (an
 * incremental sync), writing each page while the next is fetched. Returns the
 * newest UpdatedDateUTC seen and Xero's clock at the first answer.
 */
async function drain<R extends { xeroUpdatedAt: string }>(
  recorder: RunRecorder,
  stream: Stream,
  read: (query: PageQuery) => Promise<XeroResult<Page<R>>>,
  write: (tx: TransactionSql, records: R[]) => Promise<void>,
  modifiedSince: Date | undefined,
): Promise<XeroResult<Drained>> {
  const drained: Drained = {};
  let query: PageQuery = { modifiedSince, page: 1 };
  let next = ahead(read(query));
  for (;;) {
    const result = await next;
    if (!result.ok) return result;
    const { records, pageCount, serverTime } = result.value;
    drained.startedAt ??= serverTime;
    const newest = newestOf(records);
    if (newest && (!drained.newest || newest > drained.newest)) drained.newest = newest;
    // A full page without a pagination block counts as one more page (see Page).
    const more = pageCount > 1 && records.length >= PAGE_SIZE && newest !== undefined;
    if (more) {
      const cursor = new Date(newest.getTime() - CURSOR_OVERLAP_MS);
      // A full page all changed within one second cannot move the cursor: page on from it instead.
      query = query.modifiedSince && cursor <= query.modifiedSince ? { ...query, page: query.page + 1 } : { modifiedSince: cursor, page: 1 };
      next = ahead(read(query));
    }
    recorder.pageDone(stream, pageCount - 1);
    await recorder.commit((tx) => write(tx, records));
    if (!more) return { ok: true, value: drained };
  }
}

/** Where the next incremental read may start: the newest change seen, but never past Xero's clock when reading began. */
function markFrom(drained: Drained, first: boolean): Date | undefined {
  if (drained.newest && drained.startedAt) return drained.newest < drained.startedAt ? drained.newest : drained.startedAt;
  return first ? drained.startedAt : undefined;
}

const sinceMark = (mark: Date | null) => (mark ? new Date(mark.getTime() - MARK_OVERLAP_MS) : undefined);

/**
 * Contacts first met as an invoice's contact are fetched by id (page 1, so
 * with their contact persons), 50 to a call, so their email is known before
 * any reminder could be planned. One pass in the order they were met: a
 * contact Xero does not return is not asked for twice in a run. The next 50
 * are asked of Xero while the last answer is written.
 */
async function fillInContacts(gateway: XeroGateway, recorder: RunRecorder, workspaceId: string): Promise<XeroResult<void>> {
  const readNext = async (after?: DetailsCursor) => {
    const { xeroContactIds, next } = await contactsWithoutDetails(workspaceId, IDS_PER_CALL, after);
    return xeroContactIds.length === 0 ? undefined : { next, read: ahead(readContactsById(gateway, xeroContactIds)) };
  };
  for (let batch = await readNext(); batch; ) {
    const result = await batch.read;
    if (!result.ok) return result;
    const following = ahead(readNext(batch.next));
    await recorder.commit((tx) => recorder.writeContacts(tx, workspaceId, result.value));
    batch = await following;
  }
  return { ok: true, value: undefined };
}

/** The workspace_sync task's work: a first sync, or an incremental one once a first has succeeded. */
export async function syncWorkspace(syncRunId: string): Promise<SyncOutcome> {
  const claimed = await claimRun(syncRunId);
  if (!claimed.ok) return { syncRunId, status: "skipped", errorCode: claimed.errorCode, error: claimed.error };
  const { run, connection } = claimed;
  const workspaceId = run.workspaceId;
  const first = run.kind === "first";
  // invoices, then (incremental) changed contacts
  const recorder = new RunRecorder(run, first ? 1 : 2);
  const gateway = xeroGateway(workspaceId, recorder.tally.xero);
  try {
    const writeInvoices = (tx: TransactionSql, records: InvoiceRecord[]) => recorder.writeInvoices(tx, workspaceId, records);
    // Xero lists suppliers too: Solido keeps its customers (Xero's IsCustomer, filtered here since Xero refuses it as a `where`).
    const writeCustomers = (tx: TransactionSql, records: ContactRecord[]) => recorder.writeContacts(tx, workspaceId, records.filter((record) => record.isCustomer));
    let invoices: XeroResult<Drained>;
    let contactsSyncedThrough: Date | undefined;
    if (first) {
      const organisation = await readOrganisation(gateway);
      if (!organisation.ok) return await recorder.fail(organisation.error);
      const { name, baseCurrency, timeZone, countryCode, serverTime } = organisation.value;
      await db.update(workspaces).set({ ...(name ? { name } : {}), baseCurrency, timeZone, countryCode }).where(eq(workspaces.id, workspaceId));
      const historyStart = new Date(serverTime.getTime() - HISTORY_DAYS * 86_400_000);

      invoices = await readPages(recorder, recorder.stream(0), firstSyncInvoicePages(gateway, historyStart), writeInvoices);
      if (!invoices.ok) return await recorder.fail(invoices.error);
      // Every customer the invoices name is fetched below, after Xero's clock read this: a later change is the next sync's.
      contactsSyncedThrough = serverTime;
    } else {
      invoices = await drain(recorder, recorder.stream(0), (query) => readInvoicePage(gateway, query), writeInvoices, sinceMark(connection.invoicesSyncedThrough));
      if (!invoices.ok) return await recorder.fail(invoices.error);
      const contacts = await drain(recorder, recorder.stream(1), (query) => readContactPage(gateway, query), writeCustomers, sinceMark(connection.contactsSyncedThrough));
      if (!contacts.ok) return await recorder.contactsFailed(contacts.error, { invoicesSyncedThrough: markFrom(invoices.value, first) });
      contactsSyncedThrough = markFrom(contacts.value, first);
    }
    const marks = { contactsSyncedThrough, invoicesSyncedThrough: markFrom(invoices.value, first) };

    const filled = await fillInContacts(gateway, recorder, workspaceId);
    if (!filled.ok) return await recorder.contactsFailed(filled.error, marks);
    // Last, once invoices and customers are safe: customers' unallocated credit (its own module, its own mark).
    const credit = await syncCreditNotes(gateway, workspaceId, first);
    if (!credit.ok) return await recorder.end({ status: "failed", errorCode: credit.error.code, error: credit.error.message, ...marks });
    // Then, at the first sync and every few hours after, the contact groups and who is in them (its own module).
    const groups = await syncContactGroups(gateway, workspaceId, { now: new Date(), force: first });
    if (!groups.ok) return await recorder.end({ status: "failed", errorCode: groups.error.code, error: groups.error.message, ...marks });

    return await recorder.end({ status: "succeeded", ...marks });
  } catch (error) {
    console.error(`[sync] run ${run.id} of workspace ${workspaceId} failed unexpectedly:`, error);
    await recorder.end({ status: "failed", errorCode: "sync_error", error: "Solido hit an unexpected error while syncing; it will try again." });
    throw error;
  }
}

/**
 * Re-reads particular invoices and contacts by id (webhook events, or the
 * reminder engine's check just before sending), 50 to a call. Recorded as a
 * "refresh" run; high-water marks stay where they are.
 */
export async function refreshFromXero(
  workspaceId: string,
  wanted: { xeroInvoiceIds: string[]; xeroContactIds: string[] },
  trigger: "webhook" | "reminder",
): Promise<SyncOutcome> {
  const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId));
  const blocker = syncBlocker(connection);
  if (blocker) return { syncRunId: "", status: "skipped", ...blocker };
  const run = await startRefreshRun(workspaceId, trigger);
  const contactBatches = chunk(unique(wanted.xeroContactIds), IDS_PER_CALL);
  const invoiceBatches = chunk(unique(wanted.xeroInvoiceIds), IDS_PER_CALL);
  const recorder = new RunRecorder(run, 1);
  const gateway = xeroGateway(workspaceId, recorder.tally.xero);
  const stream = recorder.stream(0);
  const total = contactBatches.length + invoiceBatches.length;
  try {
    for (const ids of contactBatches) {
      const result = await readContactsById(gateway, ids);
      if (!result.ok) return await recorder.fail(result.error);
      recorder.pageDone(stream, total - stream.done - 1);
      await recorder.commit((tx) => recorder.writeContacts(tx, workspaceId, result.value));
    }
    // By-id reads are independent, so a round of them goes at once (as many
    // as the budget has free, at most Xero's 5 per organisation): a long list
    // then reaches Xero's per-minute limit sooner and waits out less of the
    // next minute. Reading does not wait for writing: Xero's minute is the
    // scarce resource, so calls go on while one writer commits every batch
    // answered since its last commit in one transaction (one tally update).
    const unwritten: InvoiceRecord[][] = [];
    let writing: Promise<void> | undefined;
    let writeError: unknown;
    const writeAnswered = async () => {
      try {
        for (let batches = unwritten.splice(0); batches.length > 0; batches = unwritten.splice(0)) {
          batches.forEach(() => recorder.pageDone(stream, total - stream.done - 1));
          await recorder.commit((tx) => recorder.writeInvoices(tx, workspaceId, batches.flat()));
        }
      } catch (error) {
        writeError ??= error;
      } finally {
        writing = undefined;
      }
    };
    const answered = new Set<string>();
    const read = await readInvoicesById(gateway, invoiceBatches, PARALLEL_READS, (batches) => {
      if (writeError !== undefined) throw writeError;
      for (const record of batches.flat()) answered.add(record.xeroInvoiceId);
      unwritten.push(...batches);
      writing ??= writeAnswered();
    });
    await writing;
    if (writeError !== undefined) throw writeError;
    const failure = read.ok ? undefined : read.error;
    if (failure) return await recorder.fail(failure);
    // Asked about and not in Xero's answer: not confirmed either way (the caller must not act on the stale row).
    const unansweredInvoiceIds = invoiceBatches.flat().filter((id) => !answered.has(id));
    if (unansweredInvoiceIds.length > 0) {
      console.warn(`[sync] refresh of workspace ${workspaceId}: Xero did not return ${unansweredInvoiceIds.length} of the invoices asked for (${unansweredInvoiceIds.slice(0, 5).join(", ")}…)`);
    }
    const filled = await fillInContacts(gateway, recorder, workspaceId);
    const ended = filled.ok ? await recorder.end({ status: "succeeded" }) : await recorder.fail(filled.error);
    return { ...ended, unansweredInvoiceIds };
  } catch (error) {
    console.error(`[sync] refresh run ${run.id} of workspace ${workspaceId} failed unexpectedly:`, error);
    await recorder.end({ status: "failed", errorCode: "sync_error", error: "Solido hit an unexpected error while refreshing from Xero; it will try again." });
    throw error;
  }
}

/** By-id reads in flight at once for one refresh: Xero's 5 (the budget gives a round only the slots free). */
const PARALLEL_READS = 5;

const unique = (ids: string[]) => [...new Set(ids.map((id) => id.toLowerCase()))];
function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
