// The gateway keeps an organisation's calls inside Xero's rolling minute as
// Xero counts it (when a call arrives), with several callers sharing the one
// budget in PostgreSQL, and without idling much past what the limit allows.
// The sandbox's minute is shrunk to 3 seconds and its limit to 10 calls, and
// the app is told the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectedWorkspace, startSandboxForApp } from "../support/sandbox-app";

const PER_MINUTE = 10;
const TIME_SCALE = 0.05;
const MINUTE_MS = 60_000 * TIME_SCALE;

const sandbox = await startSandboxForApp(
  { rateLimits: { perTenantPerMinute: PER_MINUTE }, timeScale: TIME_SCALE },
  { XERO_RATE_LIMIT_MINUTE: String(PER_MINUTE), XERO_RATE_LIMIT_TIME_SCALE: String(TIME_SCALE) },
);
const { xeroGateway } = await import("~/xero/gateway.server");
afterAll(() => sandbox.close());

let workspaceId: string;
beforeAll(async () => {
  ({ workspaceId } = await connectedWorkspace(sandbox, "demo@solido.test", "Kiwi Plumbing Ltd"));
  // Connecting called Xero outside the gateway; let that minute pass.
  await new Promise((resolve) => setTimeout(resolve, MINUTE_MS + 200));
});

describe("the Xero gateway's per-minute pacing", () => {
  it("makes 25 calls from two callers 8 at a time with no 429, in about the 2 minutes the limit allows", async () => {
    const gateways = [xeroGateway(workspaceId), xeroGateway(workspaceId)];
    sandbox.callLog.clear();
    const started = Date.now();
    let next = 0;
    const results: boolean[] = [];
    const caller = async (index: number) => {
      for (; next < 25; ) {
        next++;
        const result = await gateways[index % 2].call("Organisations", (client, tenantId) => client.accountingApi.getOrganisations(tenantId));
        results.push(result.ok);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, index) => caller(index)));
    const elapsed = Date.now() - started;

    expect(results).toHaveLength(25);
    expect(results.every(Boolean)).toBe(true);
    const calls = sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" });
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    expect(calls).toHaveLength(25);
    expect(gateways.reduce((sum, gateway) => sum + gateway.counts.rateLimitHits, 0)).toBe(0);
    // 25 calls at 10 a minute need two whole minutes; booking each call when
    // it started (bounded by its answer) keeps the wait close to that.
    expect(elapsed).toBeGreaterThanOrEqual(2 * MINUTE_MS);
    expect(elapsed).toBeLessThan(2 * MINUTE_MS + 3_000);
  });
});

describe("a batch of calls longer than the minute", () => {
  it("ends when the limit allows, with no 429, though the calls that cannot end it sooner are spread over the minute's first half", async () => {
    // Let the previous test's calls leave the minute.
    await new Promise((resolve) => setTimeout(resolve, MINUTE_MS + 200));
    const gateway = xeroGateway(workspaceId);
    sandbox.callLog.clear();
    const started = Date.now();
    // 14 calls at 10 a minute: calls 10-13 wait for calls 0-3 to leave the minute; calls 4-9 can wait.
    const { answers, error } = await gateway.callEach(
      "Organisations",
      Array.from({ length: 14 }, () => (client, tenantId) => client.accountingApi.getOrganisations(tenantId)),
      { atOnce: 5 },
    );
    const elapsed = Date.now() - started;

    expect(error).toBeUndefined();
    expect(answers).toHaveLength(14);
    const calls = sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" });
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    expect(calls).toHaveLength(14);
    // Calls 4-9 go in two rounds over the first half of the minute: the second no sooner than a quarter in.
    expect(calls[9].at - started).toBeGreaterThanOrEqual(MINUTE_MS / 4);
    expect(calls[9].at - started).toBeLessThan(MINUTE_MS);
    expect(elapsed).toBeGreaterThanOrEqual(MINUTE_MS);
    expect(elapsed).toBeLessThan(MINUTE_MS + 2_000);
  });
});

describe("a call whose process died mid-call", () => {
  it("holds its place in the minute until its lease runs out, then stays booked where the lease ended", async () => {
    const { admitCall } = await import("~/xero/gateway-budget.server");
    const limits = { perMinute: 1, perDay: 5_000, concurrent: 5, minuteMs: 2_000, leaseMs: 400 };
    const tenantId = `dead-process-${Date.now()}`;
    const askedAt = Date.now();
    const dead = await admitCall(tenantId, limits); // never finished: its process "died"
    expect(dead.ok).toBe(true);
    const next = await admitCall(tenantId, limits);
    expect(next.ok).toBe(true);
    // Xero may have counted the dead call as late as its lease's end: the next call waits a minute from then.
    expect(Date.now()).toBeGreaterThanOrEqual(askedAt + limits.leaseMs + limits.minuteMs);
  });
});
