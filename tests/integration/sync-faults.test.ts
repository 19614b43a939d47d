// Xero's bad days, injected by the sandbox while Solido syncs a multi-page
// organisation: 429 storms, 5xx, time-outs, garbled bodies, a refused access
// token, a revoked refresh token, an organisation disconnected in Xero. After
// each, Solido's copy is exactly Xero's and the run says what happened.
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoices, syncRuns, xeroConnections } from "~db/schema";
import type { OrganisationBook } from "~sandbox/books";
import { connectedWorkspace, control, differencesFromXero, runJobs, startSandboxForApp } from "../support/sandbox-app";

const sandbox = await startSandboxForApp({}, { XERO_CALL_TIMEOUT_MS: "1500" });
const { db } = await import("~/server/db.server");
const { requestSync } = await import("~/xero/connection-lifecycle.server");
const { closeWorkerLiveness } = await import("~jobs/tasks/worker-liveness");
afterAll(async () => {
  await sandbox.close();
  await closeWorkerLiveness();
});

const INVOICES = "/api.xro/2.0/Invoices";
let workspaceId: string;
let tenantId: string;
let book: OrganisationBook;
let firstSyncStartedAt: Date;
/** A second workspace, for the organisation that gets disconnected in Xero. */
let kiwi: { workspaceId: string; tenantId: string };

async function latestRun(forWorkspace = workspaceId) {
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, forWorkspace)).orderBy(desc(syncRuns.queuedAt)).limit(1);
  return run;
}

async function connection(forWorkspace = workspaceId) {
  const [row] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, forWorkspace));
  return row;
}

async function syncNow(forWorkspace = workspaceId) {
  await db.transaction(async (tx) => {
    const { queueSync } = await import("~/models/sync-runs.server");
    const row = await connection(forWorkspace);
    await queueSync(tx, { workspaceId: forWorkspace, tenantId: row.tenantId, trigger: "manual" });
  });
  await runJobs();
  return latestRun(forWorkspace);
}

const fault = (spec: Record<string, unknown>) => control(sandbox, "/faults", { tenantId, ...spec });

/** Pays a few open invoices at Xero, so an incremental sync has something to find. */
async function payInvoices(count: number) {
  const open = [...book.invoices.values()].filter((invoice) => invoice.type === "ACCREC" && invoice.status === "AUTHORISED" && invoice.amountPaid === 0).slice(0, count);
  for (const invoice of open) await control(sandbox, `/organisations/${tenantId}/invoices/${invoice.id}/payments`, {});
  return open;
}

async function expectExactCopy() {
  const { differences } = await differencesFromXero(workspaceId, book, firstSyncStartedAt);
  expect(differences).toEqual([]);
}

beforeAll(async () => {
  await control(sandbox, "/organisations/large", { name: "Faulty Wholesale", contacts: 1_500, invoices: 4_000, seed: 7, userEmails: ["solo@solido.test"] });
  ({ workspaceId, tenantId } = await connectedWorkspace(sandbox, "solo@solido.test", "Faulty Wholesale"));
  book = sandbox.store.book(tenantId)!;
  kiwi = await connectedWorkspace(sandbox, "demo@solido.test", "Kiwi Plumbing Ltd");
});

describe("a first sync through a storm of 429s", () => {
  it("waits out each Retry-After and completes with Xero's exact data", async () => {
    await fault({ kind: "429", count: 3, pathPrefix: INVOICES, retryAfterSeconds: 1 });
    sandbox.callLog.clear();
    await runJobs();
    const run = await latestRun();
    firstSyncStartedAt = run.startedAt!;
    expect(run).toMatchObject({ kind: "first", status: "succeeded", rateLimitHits: 3 });
    // More than 2,000 invoices to copy: three pages at least.
    expect(run.pageCount).toBeGreaterThan(2);
    expect(run.pagesDone).toBe(run.pageCount);
    const calls = sandbox.callLog.list({ pathPrefix: INVOICES });
    const limited = calls.findIndex((call) => call.status === 429);
    for (let index = limited; index < limited + 3; index++) expect(calls[index + 1].at - calls[index].at).toBeGreaterThanOrEqual(1_000);
    await expectExactCopy();
  });
});

describe("an incremental sync through Xero's failures", () => {
  it("retries 500, 503 and a garbled body, and ends with the exact data", async () => {
    await payInvoices(3);
    await fault({ kind: "500", count: 1, pathPrefix: INVOICES });
    await fault({ kind: "503", count: 1, pathPrefix: INVOICES });
    await fault({ kind: "malformed", count: 1, pathPrefix: INVOICES });
    const run = await syncNow();
    // Invoices (three failures, then the answer), contacts, credit notes, overpayments, prepayments.
    expect(run).toMatchObject({ kind: "incremental", status: "succeeded", paymentsDetected: 3, xeroCalls: 8 });
    await expectExactCopy();
  });

  it("abandons a call that hangs, and tries again", async () => {
    await payInvoices(1);
    await fault({ kind: "timeout", count: 1, pathPrefix: INVOICES, delayMs: 5_000 });
    const started = Date.now();
    const run = await syncNow();
    expect(run).toMatchObject({ status: "succeeded", paymentsDetected: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expectExactCopy();
  });

  // Its runs may wait for the minute's calls the storm above spent, as the token test below does.
  it("fails plainly when Xero stays down, keeps its high-water marks, and the next run catches up", { timeout: 90_000 }, async () => {
    const paid = await payInvoices(2);
    const marksBefore = await connection();
    await fault({ kind: "503", count: 5, pathPrefix: INVOICES });
    const failed = await syncNow();
    expect(failed).toMatchObject({ status: "failed", errorCode: "xero_unavailable" });
    expect(failed.error).toMatch(/Xero answered 503, 5 times in a row/);
    const marksAfter = await connection();
    expect(marksAfter).toMatchObject({ lastSyncStatus: "failed", lastSyncError: failed.error, invoicesSyncedThrough: marksBefore.invoicesSyncedThrough });

    const recovered = await syncNow();
    expect(recovered).toMatchObject({ status: "succeeded", paymentsDetected: 2 });
    expect((await connection()).lastSyncStatus).toBe("succeeded");
    for (const invoice of paid) {
      const [copy] = await db.select().from(invoices).where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.xeroInvoiceId, invoice.id)));
      expect(copy.status).toBe("PAID");
    }
    await expectExactCopy();
  });

  // By now this file has spent Xero's 60 calls a minute on the organisation: the sync waits its turn, as it would at Xero.
  it("refreshes an access token Xero stopped accepting, once, and carries on", { timeout: 90_000 }, async () => {
    await payInvoices(1);
    const before = await connection();
    // Xero's clock moves past the token's 30 minutes; Solido's record still calls it fresh.
    await control(sandbox, "/clock/advance", { seconds: 31 * 60 });
    const run = await syncNow();
    expect(run).toMatchObject({ status: "succeeded", paymentsDetected: 1 });
    expect((await connection()).refreshTokenSealed).not.toBe(before.refreshTokenSealed);
    await expectExactCopy();
  });
});

describe("when Xero withdraws Solido's access", () => {
  it("stops at a revoked refresh token, asks for a reconnect, and keeps the data", async () => {
    const held = await db.select().from(invoices).where(eq(invoices.workspaceId, workspaceId));
    await control(sandbox, "/clock/advance", { seconds: 31 * 60 });
    await control(sandbox, "/refresh-tokens/expire", { email: "solo@solido.test" });
    const run = await syncNow();
    expect(run).toMatchObject({ status: "failed", errorCode: "needs_reconnect" });
    expect(await connection()).toMatchObject({ status: "needs_reconnect", lastSyncStatus: "failed" });

    const next = await syncNow();
    expect(next).toMatchObject({ status: "skipped", errorCode: "needs_reconnect" });
    expect(await db.select().from(invoices).where(eq(invoices.workspaceId, workspaceId))).toHaveLength(held.length);
    expect(await requestSync(workspaceId)).toMatchObject({ ok: false });
  });

  it("marks a workspace disconnected when Xero no longer lists its organisation", async () => {
    expect(await latestRun(kiwi.workspaceId)).toMatchObject({ kind: "first", status: "succeeded" });
    await control(sandbox, "/connections/revoke", { tenantId: kiwi.tenantId });

    const run = await syncNow(kiwi.workspaceId);
    expect(run).toMatchObject({ status: "failed", errorCode: "disconnected_in_xero" });
    expect(await connection(kiwi.workspaceId)).toMatchObject({ status: "disconnected" });
    expect((await db.select().from(invoices).where(eq(invoices.workspaceId, kiwi.workspaceId))).length).toBeGreaterThan(0);
    expect(await syncNow(kiwi.workspaceId)).toMatchObject({ status: "skipped", errorCode: "disconnected" });
  });
});
