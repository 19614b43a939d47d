// POST /webhooks/xero over real HTTP: Xero's signature rules and intent-to-
// receive check, de-duplication of redeliveries, and a payment in the sandbox
// reaching Solido through a webhook, without waiting for the sync schedule.
import { serve } from "@hono/node-server";
import { and, eq, sql } from "drizzle-orm";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoices, syncRuns, webhookEvents } from "~db/schema";
import { signWebhookBody } from "~sandbox/webhooks";
import { connectedWorkspace, control, runJobs, startSandboxForApp } from "../support/sandbox-app";

// The route listens first, so the sandbox can be told where to deliver.
let deliver: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
const receiver = serve({ fetch: (request) => deliver(request), port: 0, hostname: "127.0.0.1" });
await new Promise<void>((resolve) => (receiver.listening ? resolve() : receiver.once("listening", () => resolve())));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/xero`;

const sandbox = await startSandboxForApp({ webhookUrl: receiverUrl, webhookKey: "test-webhook-key", webhookBatchMs: 60_000 });
const { action } = await import("~/routes/webhooks.xero");
deliver = (request) => action({ request });
const { db } = await import("~/server/db.server");
const { closeWorkerLiveness } = await import("~jobs/tasks/worker-liveness");
afterAll(async () => {
  await sandbox.close();
  await closeWorkerLiveness();
  await new Promise((resolve) => receiver.close(resolve));
});

const post = (body: string, signature?: string) =>
  fetch(receiverUrl, { method: "POST", headers: { "content-type": "application/json", ...(signature ? { "x-xero-signature": signature } : {}) }, body });

const event = (tenantId: string, resourceId: string, category = "INVOICE") => ({
  resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${resourceId}`,
  resourceId,
  eventDateUtc: "2026-03-01T10:00:00.123",
  eventType: "UPDATE",
  eventCategory: category,
  tenantId,
  tenantType: "ORGANISATION",
});

let workspaceId: string;
let tenantId: string;

beforeAll(async () => {
  ({ workspaceId, tenantId } = await connectedWorkspace(sandbox, "demo@solido.test", "Harbour Coffee Roasters"));
  await runJobs(); // the first sync
  await control(sandbox, "/webhooks/flush"); // the demo data's own changes are not news
});

describe("the Xero webhook endpoint", () => {
  it("answers a correctly signed delivery with 200, an empty body and no cookies", async () => {
    const body = JSON.stringify({ events: [], firstEventSequence: 1, lastEventSequence: 1, entropy: "ABC" });
    const response = await post(body, signWebhookBody(body, "test-webhook-key"));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("answers 401 to a wrong or missing signature, and stores nothing", async () => {
    const body = JSON.stringify({ events: [event(tenantId, "11111111-1111-4111-8111-111111111111")], firstEventSequence: 1, lastEventSequence: 1, entropy: "ABC" });
    expect((await post(body, signWebhookBody(body, "not-the-key"))).status).toBe(401);
    expect((await post(body)).status).toBe(401);
    // Signed over other bytes (re-serialised JSON) is wrong too: the signature covers the raw body.
    expect((await post(body.replace('"events"', ' "events"'), signWebhookBody(body, "test-webhook-key"))).status).toBe(401);
    expect(await db.select().from(webhookEvents)).toEqual([]);
  });

  it("passes Xero's intent-to-receive check", async () => {
    const check = await control(sandbox, "/webhooks/intent-to-receive");
    expect(check.passed).toBe(true);
  });

  it("stores a redelivered event once and queues one refresh", async () => {
    const body = JSON.stringify({ events: [event(tenantId, "22222222-2222-4222-8222-222222222222")], firstEventSequence: 5, lastEventSequence: 5, entropy: "DEF" });
    const signature = signWebhookBody(body, "test-webhook-key");
    expect((await post(body, signature)).status).toBe(200);
    expect((await post(body, signature)).status).toBe(200);
    const stored = await db.select().from(webhookEvents).where(eq(webhookEvents.resourceId, "22222222-2222-4222-8222-222222222222"));
    expect(stored).toHaveLength(1);
    const jobs = await db.execute<{ count: number }>(sql`select count(*)::int as count from graphile_worker.jobs where task_identifier = 'invoice_refresh'`);
    expect(jobs[0].count).toBe(1);
    await runJobs();
    const [processed] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, stored[0].id));
    expect(processed.processedAt).not.toBeNull();
  });

  it("records events for an organisation Solido does not hold, and ignores them", async () => {
    const body = JSON.stringify({ events: [event("99999999-9999-4999-8999-999999999999", "33333333-3333-4333-8333-333333333333")], firstEventSequence: 6, lastEventSequence: 6, entropy: "GHI" });
    expect((await post(body, signWebhookBody(body, "test-webhook-key"))).status).toBe(200);
    const [stored] = await db.select().from(webhookEvents).where(eq(webhookEvents.resourceId, "33333333-3333-4333-8333-333333333333"));
    expect(stored).toMatchObject({ workspaceId: null, ignoredReason: "unknown tenant" });
    expect(stored.processedAt).not.toBeNull();
  });
});

describe("the webhook endpoint's limits", () => {
  it("answers 413 to a chunked body over 1 MB without waiting for the rest, and stores nothing", async () => {
    // No Content-Length, and a sender that never finishes: only counting the bytes as they arrive can refuse it.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 1.5 * 1024 * 1024) return new Promise(() => {}); // past the limit, then silence: the rest never comes
        const chunk = new Uint8Array(64 * 1024).fill(0x20);
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(receiverUrl, { method: "POST", headers: { "content-type": "application/json", "x-xero-signature": "AAAA" }, body: endless, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect(sent).toBeLessThan(4 * 1024 * 1024);
    expect(await db.select().from(webhookEvents)).not.toContainEqual(expect.objectContaining({ ignoredReason: expect.stringContaining("rejected") }));
  });

  it("answers 413 at once to a body whose Content-Length is over 1 MB", async () => {
    const response = await action({ request: new Request(receiverUrl, { method: "POST", headers: { "content-length": String(50 * 1024 * 1024) }, body: "{}" }) });
    expect(response.status).toBe(413);
  });

  it("stores a signed event with an unparsable field as rejected, keeps its readable neighbour, and answers 200", async () => {
    const good = event(tenantId, "44444444-4444-4444-8444-444444444444");
    const bad = { ...event(tenantId, "55555555-5555-4555-8555-555555555555"), eventDateUtc: "the day after tomorrow" };
    const body = JSON.stringify({ events: [bad, good], firstEventSequence: 7, lastEventSequence: 8, entropy: "JKL" });
    const response = await post(body, signWebhookBody(body, "test-webhook-key"));
    expect(response.status).toBe(200);
    expect((await post(body, signWebhookBody(body, "test-webhook-key"))).status).toBe(200); // a redelivery adds nothing
    const rejected = await db.select().from(webhookEvents).where(eq(webhookEvents.resourceId, "55555555-5555-4555-8555-555555555555"));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ workspaceId: null, eventDateUtc: null, ignoredReason: "rejected: eventDateUtc not a date" });
    expect(rejected[0].processedAt).not.toBeNull();
    const kept = await db.select().from(webhookEvents).where(eq(webhookEvents.resourceId, "44444444-4444-4444-8444-444444444444"));
    expect(kept).toMatchObject([{ workspaceId, ignoredReason: null }]);
    await runJobs(); // the refresh it queued, so later tests start with nothing pending
  });

  it("keeps a signed body that is not a delivery at all as rejected and answers 200", async () => {
    const body = '{"events": "not a list"';
    expect((await post(body, signWebhookBody(body, "test-webhook-key"))).status).toBe(200);
    const rejected = await db.select().from(webhookEvents).where(eq(webhookEvents.ignoredReason, "rejected: the body is not a webhook delivery (no events list)"));
    expect(rejected).toHaveLength(1);
  });
});

describe("a payment announced by webhook", () => {
  it("settles the invoice within seconds, reading only that invoice from Xero", async () => {
    const book = sandbox.store.book(tenantId)!;
    const invoice = [...book.invoices.values()].find((candidate) => candidate.status === "AUTHORISED" && candidate.amountPaid === 0 && candidate.type === "ACCREC")!;
    const paidAt = Date.now();
    await control(sandbox, `/organisations/${tenantId}/invoices/${invoice.id}/payments`, {});
    sandbox.callLog.clear();
    await control(sandbox, "/webhooks/flush");
    expect(sandbox.webhooks.attempts.at(-1)?.status).toBe(200);
    await runJobs();

    const [copy] = await db.select().from(invoices).where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.xeroInvoiceId, invoice.id)));
    expect(copy).toMatchObject({ status: "PAID", amountDue: "0.00" });
    expect(copy.settledSeenAt!.getTime() - paidAt).toBeLessThan(5_000);
    const calls = sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" });
    expect(calls).toHaveLength(1);
    expect(calls[0].query).toContain(`IDs=${invoice.id}`);
    const [run] = await db.select().from(syncRuns).where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.kind, "refresh"))).orderBy(sql`queued_at desc`).limit(1);
    expect(run).toMatchObject({ trigger: "webhook", status: "succeeded", paymentsDetected: 1, xeroCalls: 1 });
  });

  it("follows a contact's email change announced by webhook", async () => {
    const book = sandbox.store.book(tenantId)!;
    const contact = [...book.contacts.values()].find((candidate) => candidate.isCustomer && candidate.emailAddress)!;
    await control(sandbox, `/organisations/${tenantId}/contacts/${contact.id}`, { emailAddress: "new-accounts@customer.test" }, "PATCH");
    await control(sandbox, "/webhooks/flush");
    await runJobs();
    const rows = await db.execute<{ email_address: string }>(sql`select email_address from contacts where workspace_id = ${workspaceId} and xero_contact_id = ${contact.id}`);
    expect(rows[0].email_address).toBe("new-accounts@customer.test");
  });
});
