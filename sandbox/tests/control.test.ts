// The control API: fault injection, the call log, persistence across restarts, reset, the clock.
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { HARBOUR, KIWI, api, connect, control, startTestSandbox } from "./support";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("fault injection", () => {
  it("fails the next N calls of one tenant the chosen way, then recovers, and marks them in the call log", async () => {
    sandbox = await startTestSandbox();
    const { accessToken } = await connect(sandbox);
    await control(sandbox, "/faults", { kind: "503", count: 2, tenantId: HARBOUR.id });
    expect((await api(sandbox, accessToken, "/Organisation", { tenantId: KIWI.id })).status).toBe(200);
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(503);
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(503);
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(200);
    const { calls } = await control(sandbox, `/calls?tenantId=${HARBOUR.id}`);
    expect(calls.map((call: { status: number; fault?: string }) => [call.status, call.fault ?? null])).toEqual([
      [503, "503"],
      [503, "503"],
      [200, null],
    ]);
  });

  it("can answer 429 with Retry-After, 500, a malformed body, or drop the connection", async () => {
    sandbox = await startTestSandbox();
    const { accessToken } = await connect(sandbox);
    await control(sandbox, "/faults", { kind: "429", count: 1, retryAfterSeconds: 7 });
    const limited = await api(sandbox, accessToken, "/Invoices");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("7");
    await control(sandbox, "/faults", { kind: "500", count: 1, pathPrefix: "/api.xro/2.0/Contacts" });
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(200);
    expect((await api(sandbox, accessToken, "/Contacts")).status).toBe(500);
    await control(sandbox, "/faults", { kind: "malformed", count: 1 });
    const malformed = await api(sandbox, accessToken, "/Invoices");
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    await control(sandbox, "/faults", { kind: "timeout", count: 1, delayMs: 50 });
    await expect(api(sandbox, accessToken, "/Invoices")).rejects.toThrow();
  });
});

describe("call log", () => {
  it("records method, path, tenant, status and response bytes of every Xero call", async () => {
    sandbox = await startTestSandbox();
    const { accessToken } = await connect(sandbox);
    await control(sandbox, "/calls", undefined, "DELETE");
    const response = await api(sandbox, accessToken, "/Invoices?page=1&summaryOnly=true");
    const body = await response.arrayBuffer();
    const log = await control(sandbox, "/calls");
    expect(log.calls).toEqual([
      expect.objectContaining({ method: "GET", path: "/api.xro/2.0/Invoices", query: "?page=1&summaryOnly=true", tenantId: HARBOUR.id, status: 200, bytes: body.byteLength }),
    ]);
    expect(log).toMatchObject({ count: 1, bytes: body.byteLength });
  });
});

describe("state", () => {
  it("persists changes to its state file across restarts, and resets on demand", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "sandbox-state-")), "state.json");
    sandbox = await startTestSandbox({ stateFile });
    const contact = await control(sandbox, `/organisations/${HARBOUR.id}/contacts`, { name: "Persistent Café" });
    const { refreshToken } = await connect(sandbox);
    await sandbox.close();
    expect(statSync(stateFile).size).toBeLessThan(1_000_000);

    sandbox = await startTestSandbox({ stateFile });
    expect(sandbox.store.book(HARBOUR.id)!.contacts.get(contact.ContactID)?.name).toBe("Persistent Café");
    const refreshed = await fetch(`${sandbox.url}/connect/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from("solido-test:solido-test-secret").toString("base64")}` },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
    });
    expect(refreshed.status).toBe(200);

    await control(sandbox, "/reset", {});
    expect(sandbox.store.book(HARBOUR.id)!.contacts.has(contact.ContactID)).toBe(false);
    await sandbox.close();
    sandbox = undefined;
    expect(readFileSync(stateFile, "utf8")).not.toContain("Persistent Café");
  });

  it("moves its clock forward on request", async () => {
    sandbox = await startTestSandbox();
    const before = sandbox.clock.now();
    const { clockOffsetMs } = await control(sandbox, "/clock/advance", { seconds: 3600 });
    expect(clockOffsetMs).toBe(3_600_000);
    expect(sandbox.clock.now() - before).toBeGreaterThanOrEqual(3_600_000);
  });

  it("answers control requests it cannot honour with 400 and a reason", async () => {
    sandbox = await startTestSandbox();
    const response = await fetch(`${sandbox.url}/__sandbox/organisations/${HARBOUR.id}/invoices/not-an-invoice/payments`, { method: "POST", body: "{}" });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("does not exist");
  });
});
