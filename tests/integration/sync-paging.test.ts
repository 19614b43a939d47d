// How a first sync pages through a large organisation: by page number over one
// query, newest change first, the next page fetched while one is written. It
// costs Xero's minimum of calls, and a change made in Xero between two pages
// costs no row: what Solido holds is compared with the sandbox's books.
import { desc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { syncRuns } from "~db/schema";
import type { OrganisationBook } from "~sandbox/books";
import { connectedWorkspace, control, differencesFromXero, runJobs, startSandboxForApp } from "../support/sandbox-app";

const sandbox = await startSandboxForApp();
afterAll(() => sandbox.close());

const { db } = await import("~/server/db.server");
const { requestSync } = await import("~/xero/connection-lifecycle.server");
const { closeWorkerLiveness } = await import("~jobs/tasks/worker-liveness");
afterAll(() => closeWorkerLiveness());

async function latestRun(workspaceId: string) {
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt)).limit(1);
  return run;
}

/** A generated organisation, connected, its first sync queued but not yet run. */
async function largeOrganisation(name: string, seed: number, invoices: number, contacts: number) {
  await control(sandbox, "/organisations/large", { name, invoices, contacts, seed, userEmails: ["demo@solido.test"] });
  const { workspaceId, tenantId } = await connectedWorkspace(sandbox, "demo@solido.test", name);
  return { workspaceId, tenantId, book: sandbox.store.book(tenantId)! };
}

/** What a first sync started now copies, newest change first (its page order). */
function firstSyncSet(book: OrganisationBook) {
  const historyStart = Date.now() - 90 * 86_400_000;
  return [...book.invoices.values()]
    .filter((invoice) => invoice.type === "ACCREC" && (invoice.status === "AUTHORISED" || ((invoice.status === "PAID" || invoice.status === "VOIDED") && invoice.updatedAt > historyStart)))
    .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1));
}

const unpaid = (book: OrganisationBook) => (invoice: { id: string; status: string }) => invoice.status === "AUTHORISED" && book.amountDue(book.invoice(invoice.id)) > 0;

describe("a first sync of a large organisation", () => {
  it("makes Xero's minimum of calls: no empty last page, open invoices and recent history in one query, only the customers they name", async () => {
    const { workspaceId, tenantId, book } = await largeOrganisation("Paging Org Exact", 41, 4_000, 1_000);
    const expected = firstSyncSet(book).length;
    // Contacts are read by id, 50 to a call, only those the copied invoices name (docs/decisions/0003-reading-contacts.md).
    const named = new Set(firstSyncSet(book).map((invoice) => invoice.contactId)).size;
    expect(expected).toBeGreaterThan(2_000);
    sandbox.callLog.clear();
    await runJobs();

    const run = await latestRun(workspaceId);
    expect(run).toMatchObject({ kind: "first", status: "succeeded" });
    const { differences, held } = await differencesFromXero(workspaceId, book, run.startedAt!);
    expect(differences).toEqual([]);
    expect(held).toBe(expected);
    const calls = sandbox.callLog.list({ tenantId, pathPrefix: "/api.xro/2.0" });
    const contactCalls = calls.filter((call) => call.path.endsWith("/Contacts"));
    expect(contactCalls).toHaveLength(Math.ceil(named / 50));
    expect(contactCalls.every((call) => call.query.includes("page=1") && call.query.includes("IDs=") && !call.query.includes("where="))).toBe(true);
    expect(calls.filter((call) => call.path.endsWith("/Invoices"))).toHaveLength(Math.ceil(expected / 1000));
    // Organisation, invoices, the customers they name, and one page each of open credit notes, overpayments and prepayments.
    for (const credit of ["/CreditNotes", "/Overpayments", "/Prepayments"]) expect(calls.filter((call) => call.path.endsWith(credit))).toHaveLength(1);
    // …and the contact groups' list (the organisation has no group to read members of)
    expect(run.xeroCalls).toBe(1 + Math.ceil(named / 50) + Math.ceil(expected / 1000) + 3 + 1);
    expect(run.contactsCreated + run.contactsUpdated + run.contactsUnchanged).toBeGreaterThanOrEqual(named);
    expect(run.pagesDone).toBe(run.pageCount);
  });

  it("loses no invoice when Xero changes one between two pages, and the next incremental sync brings the changes", { timeout: 60_000 }, async () => {
    const { workspaceId, tenantId, book } = await largeOrganisation("Paging Org Busy", 42, 5_000, 400);
    const pages = firstSyncSet(book);
    expect(pages.length).toBeGreaterThan(3_000);
    // One on the first page (already read when it changes) and one on the last (not yet read).
    const onFirstPage = pages.slice(0, 1000).filter(unpaid(book))[5];
    const onLastPage = pages.slice(3000).filter(unpaid(book))[5];
    // Hold the second page's answer long enough to change Xero while it waits.
    await control(sandbox, "/faults", { kind: "slow", count: 2, delayMs: 1_500, tenantId, pathPrefix: "/api.xro/2.0/Invoices" });
    sandbox.callLog.clear();
    const syncing = runJobs();
    for (let tries = 0; sandbox.callLog.list({ tenantId, pathPrefix: "/api.xro/2.0/Invoices" }).length === 0; tries++) {
      if (tries > 1000) throw new Error("The first page of invoices never came");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    book.recordPayment(onFirstPage.id);
    book.recordPayment(onLastPage.id);
    await syncing;

    const first = await latestRun(workspaceId);
    expect(first).toMatchObject({ kind: "first", status: "succeeded" });
    // Every invoice that did not change is held exactly; only the two paid mid-sync may lag behind.
    const { differences } = await differencesFromXero(workspaceId, book, first.startedAt!);
    expect(differences.filter((difference) => !difference.includes(onFirstPage.number) && !difference.includes(onLastPage.number))).toEqual([]);

    const requested = await requestSync(workspaceId);
    expect(requested).toEqual({ ok: true });
    await runJobs();
    const incremental = await latestRun(workspaceId);
    expect(incremental).toMatchObject({ kind: "incremental", status: "succeeded" });
    expect((await differencesFromXero(workspaceId, book, first.startedAt!)).differences).toEqual([]);
  });
});
