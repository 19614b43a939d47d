// Solido's real sync, refresh and disconnect code against Xero as it really
// answers (issue 16): contact lists read without the `where` filters Xero
// refuses, contacts always asked for with `page` (so cc recipients survive a
// refresh), a contacts failure that never costs the invoices, answers without
// a pagination block, a missing scope, disconnecting one of a Xero user's
// organisations, and the count of connected organisations against Xero's cap.
// Xero's side is the sandbox over HTTP; a pass-through proxy drops the
// pagination block where a test asks it to.
import { and, desc, eq, isNull } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { contacts, invoices, syncRuns, users, xeroConnections } from "~db/schema";
import type { OrganisationBook } from "~sandbox/books";
import { startXeroAnswerProxy } from "../support/xero-answer-proxy";
import { connectedWorkspace, control, differencesFromXero, runJobs, startSandboxForApp } from "../support/sandbox-app";

const proxy = await startXeroAnswerProxy();
// Warn from the third connected organisation on, so the warning can be seen with the demo organisations.
const sandbox = await startSandboxForApp({}, { XERO_API_URL: proxy.url, XERO_CONNECTION_WARNING_AT: "3" });
proxy.target = sandbox.url;
afterAll(async () => {
  await sandbox.close();
  await proxy.close();
});

const { db } = await import("~/server/db.server");
const { requestSync, disconnectFromXero } = await import("~/xero/connection-lifecycle.server");
const { refreshFromXero } = await import("~/sync/sync-engine.server");
const { describeSyncRun } = await import("~/display/sync-status");
const { checkHealth } = await import("~/models/health.server");
const { closeWorkerLiveness } = await import("~jobs/tasks/worker-liveness");
afterAll(() => closeWorkerLiveness());

const CONTACTS = "/api.xro/2.0/Contacts";
const INVOICES = "/api.xro/2.0/Invoices";

async function latestRun(workspaceId: string) {
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt)).limit(1);
  return run;
}

async function syncNow(workspaceId: string) {
  expect(await requestSync(workspaceId)).toEqual({ ok: true });
  await runJobs();
  return latestRun(workspaceId);
}

const connectionOf = async (workspaceId: string) => (await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId)))[0];

/** The invoices a first sync started now copies (open, or settled in the last 90 days). */
function firstSyncSet(book: OrganisationBook) {
  const historyStart = Date.now() - 90 * 86_400_000;
  return [...book.invoices.values()].filter(
    (invoice) => invoice.type === "ACCREC" && (invoice.status === "AUTHORISED" || ((invoice.status === "PAID" || invoice.status === "VOIDED") && invoice.updatedAt > historyStart)),
  );
}

const harbour = await connectedWorkspace(sandbox, "demo@solido.test", "Harbour Coffee Roasters");
const harbourBook = sandbox.store.book(harbour.tenantId)!;

describe("the first sync of a normal organisation", () => {
  it("never asks Xero for a filtered contact list, fetches the customers its invoices name by id with page=1, and holds every invoice", async () => {
    sandbox.callLog.clear();
    await runJobs();
    const run = await latestRun(harbour.workspaceId);
    expect(run).toMatchObject({ kind: "first", status: "succeeded", errorCode: null });
    const { differences, held } = await differencesFromXero(harbour.workspaceId, harbourBook, run.startedAt!);
    // Compares every invoice with Xero's, its contact's email included.
    expect(differences).toEqual([]);
    expect(held).toBe(firstSyncSet(harbourBook).length);

    const contactCalls = sandbox.callLog.list({ tenantId: harbour.tenantId, pathPrefix: CONTACTS });
    expect(contactCalls.length).toBeGreaterThan(0);
    for (const call of contactCalls) {
      const query = new URLSearchParams(call.query);
      expect(query.has("where")).toBe(false);
      expect(query.get("page")).toBe("1");
      expect(query.get("IDs")!.split(",").length).toBeLessThanOrEqual(50);
    }
    const withoutDetails = await db
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, harbour.workspaceId), isNull(contacts.xeroUpdatedAt)));
    expect(withoutDetails).toEqual([]);
  });
});

describe("a contact refresh", () => {
  it("keeps a customer's cc recipients: contacts are asked for with page=1, and an answer without contact persons overwrites nothing", async () => {
    const invoice = firstSyncSet(harbourBook).find((candidate) => candidate.status === "AUTHORISED")!;
    await control(sandbox, `/organisations/${harbour.tenantId}/contacts/${invoice.contactId}`, {
      contactPersons: [
        { firstName: "Mere", lastName: "Accounts", emailAddress: "mere.accounts@customer.test", includeInEmails: true },
        { firstName: "Ignored", lastName: "Person", emailAddress: "not.copied@customer.test", includeInEmails: false },
      ],
    }, "PATCH");
    const synced = await syncNow(harbour.workspaceId);
    expect(synced).toMatchObject({ kind: "incremental", status: "succeeded" });
    const stored = async () =>
      (await db.select().from(contacts).where(and(eq(contacts.workspaceId, harbour.workspaceId), eq(contacts.xeroContactId, invoice.contactId))))[0];
    expect((await stored()).ccEmailAddresses).toEqual(["mere.accounts@customer.test"]);

    // A webhook says the contact changed: the refresh reads it by id.
    sandbox.callLog.clear();
    const refreshed = await refreshFromXero(harbour.workspaceId, { xeroContactIds: [invoice.contactId], xeroInvoiceIds: [] }, "webhook");
    expect(refreshed.status).toBe("succeeded");
    const [call] = sandbox.callLog.list({ tenantId: harbour.tenantId, pathPrefix: CONTACTS });
    expect(new URLSearchParams(call.query).get("page")).toBe("1");
    expect((await stored()).ccEmailAddresses).toEqual(["mere.accounts@customer.test"]);
  });
});

describe("an answer without a pagination block", () => {
  it("does not end a first sync after page 1: every page is read while pages come back full", { timeout: 120_000 }, async () => {
    await control(sandbox, "/organisations/large", { name: "Unpaginated Traders", invoices: 3_000, contacts: 300, seed: 16, userEmails: ["sam@solido.test"] });
    const { workspaceId, tenantId } = await connectedWorkspace(sandbox, "sam@solido.test", "Unpaginated Traders");
    const book = sandbox.store.book(tenantId)!;
    const expected = firstSyncSet(book).length;
    expect(expected).toBeGreaterThan(1_000);
    proxy.omitPagination = true;
    try {
      sandbox.callLog.clear();
      await runJobs();
    } finally {
      proxy.omitPagination = false;
    }
    const run = await latestRun(workspaceId);
    expect(run).toMatchObject({ kind: "first", status: "succeeded" });
    const { differences, held } = await differencesFromXero(workspaceId, book, run.startedAt!);
    expect(differences).toEqual([]);
    expect(held).toBe(expected);
    // Pages until one comes back short: one more call than pages only when the last page is exactly full.
    const pages = Math.floor(expected / 1000) + 1;
    expect(sandbox.callLog.list({ tenantId, pathPrefix: INVOICES })).toHaveLength(pages);
    expect(run.pagesDone).toBe(run.pageCount);
  });
});

describe("a contacts failure", () => {
  it("keeps every invoice, says so in a bookkeeper's words, and the next sync completes the customers", async () => {
    const solo = await connectedWorkspace(sandbox, "solo@solido.test", "Solo Studio");
    const book = sandbox.store.book(solo.tenantId)!;
    // Xero fails every contacts call of this sync (each is tried five times, then given up).
    await control(sandbox, "/faults", { kind: "500", count: 5, tenantId: solo.tenantId, pathPrefix: CONTACTS });
    await runJobs();
    const failed = await latestRun(solo.workspaceId);
    expect(failed).toMatchObject({ kind: "first", status: "failed", errorCode: "contacts_incomplete" });
    expect(failed.invoicesCreated).toBe(firstSyncSet(book).length);
    expect(describeSyncRun(failed)).toBe(
      "Your invoices are up to date, but some customers' details (their email addresses) couldn't be read from Xero. Reminders to those customers wait until Solido has them; it tries again at every sync.",
    );
    const held = await db.select().from(invoices).where(eq(invoices.workspaceId, solo.workspaceId));
    expect(held).toHaveLength(firstSyncSet(book).length);
    // The invoices are not read from scratch again: the next sync is incremental.
    expect((await connectionOf(solo.workspaceId)).invoicesSyncedThrough).not.toBeNull();

    const next = await syncNow(solo.workspaceId);
    expect(next).toMatchObject({ kind: "incremental", status: "succeeded" });
    expect((await differencesFromXero(solo.workspaceId, book, failed.startedAt!)).differences).toEqual([]);
  });
});

describe("a missing scope", () => {
  it("tells the user to reconnect in plain words, keeps the invoices, and asks Xero once", async () => {
    const [solo] = await db.select().from(users).where(eq(users.email, "solo@solido.test"));
    const { workspaceId, tenantId } = await (async () => {
      const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.connectedByUserId, solo.id));
      return connection;
    })();
    // The consent no longer includes reading contacts (as when an app asked for fewer scopes):
    // the next token Xero issues lacks it.
    const soloAtXero = sandbox.store.userByEmail("solo@solido.test")!;
    for (const grant of sandbox.store.grants.values()) {
      if (grant.userId === soloAtXero.id) grant.scopes = grant.scopes.filter((scope) => !scope.startsWith("accounting.contacts"));
    }
    await db.update(xeroConnections).set({ accessTokenExpiresAt: new Date(0) }).where(eq(xeroConnections.workspaceId, workspaceId));

    sandbox.callLog.clear();
    const run = await syncNow(workspaceId);
    expect(run).toMatchObject({ kind: "incremental", status: "failed", errorCode: "missing_permission" });
    expect(describeSyncRun(run)).toContain("Reconnect Xero (Settings → Integrations) and allow everything Solido asks for");
    expect(run.error).toContain("Reconnect Xero (Settings → Integrations)");
    // Refused once, never retried: no refresh-and-try-again, no backoff loop.
    expect(sandbox.callLog.list({ tenantId, pathPrefix: CONTACTS })).toHaveLength(1);
    expect(sandbox.callLog.list({ tenantId, pathPrefix: INVOICES })).toHaveLength(1);
    expect((await connectionOf(workspaceId)).status).toBe("connected");
  });
});

describe("disconnecting one of a Xero user's organisations", () => {
  it("removes only that organisation at Xero and leaves the user's other workspace syncing", async () => {
    const kiwi = await connectedWorkspace(sandbox, "demo@solido.test", "Kiwi Plumbing Ltd");
    await runJobs();
    expect(await latestRun(kiwi.workspaceId)).toMatchObject({ kind: "first", status: "succeeded" });
    const harbourConnection = await connectionOf(harbour.workspaceId);
    const kiwiConnection = await connectionOf(kiwi.workspaceId);
    // Solido knows each workspace's connection and whose consent holds it.
    expect(harbourConnection.xeroConnectionId).not.toBe(kiwiConnection.xeroConnectionId);
    expect(harbourConnection.xeroUserId).toBe(sandbox.store.userByEmail("demo@solido.test")!.id);
    expect(kiwiConnection.xeroUserId).toBe(harbourConnection.xeroUserId);

    const [demo] = await db.select().from(users).where(eq(users.email, "demo@solido.test"));
    await disconnectFromXero(harbour.workspaceId, demo.id);

    const atXero = [...sandbox.store.connections.values()];
    expect(atXero.some((connection) => connection.id === harbourConnection.xeroConnectionId)).toBe(false);
    expect(atXero.some((connection) => connection.id === kiwiConnection.xeroConnectionId)).toBe(true);
    expect((await connectionOf(harbour.workspaceId)).status).toBe("disconnected");

    const payable = [...sandbox.store.book(kiwi.tenantId)!.invoices.values()].find((invoice) => invoice.type === "ACCREC" && invoice.status === "AUTHORISED")!;
    await control(sandbox, `/organisations/${kiwi.tenantId}/invoices/${payable.id}/payments`, {});
    const after = await syncNow(kiwi.workspaceId);
    expect(after).toMatchObject({ kind: "incremental", status: "succeeded", paymentsDetected: 1 });
    expect((await connectionOf(kiwi.workspaceId)).status).toBe("connected");
  });
});

describe("the count of connected organisations", () => {
  it("is on /healthz against Xero's cap of 25, and the log warns as it nears", async () => {
    const warn = vi.spyOn(console, "warn");
    try {
      await control(sandbox, "/organisations/large", { name: "Fourth Client Ltd", invoices: 5, contacts: 2, seed: 17, userEmails: ["demo@solido.test"] });
      await connectedWorkspace(sandbox, "demo@solido.test", "Fourth Client Ltd");
      // Kiwi, Unpaginated Traders, Solo Studio and now this one; Harbour was disconnected.
      const health = await checkHealth();
      expect(health.xeroConnections).toEqual({ connected: 4, limit: 25, remaining: 21, warning: true });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("4 of 25 Xero organisations connected (21 left). Xero refuses organisation 26 until the app is certified"));
    } finally {
      warn.mockRestore();
    }
  });
});
