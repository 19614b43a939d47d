// Rate limits are enforced as Xero enforces them, with Xero's headers, per tenant.
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { HARBOUR, KIWI, api, connect, control, startTestSandbox } from "./support";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("rate limits", () => {
  it("answers the 61st call in a minute with 429, Retry-After and X-Rate-Limit-Problem: minute", async () => {
    sandbox = await startTestSandbox();
    const { accessToken } = await connect(sandbox);
    for (let call = 1; call <= 60; call++) {
      const response = await api(sandbox, accessToken, "/Organisation");
      expect(response.status).toBe(200);
      expect(response.headers.get("X-MinLimit-Remaining")).toBe(String(60 - call));
      expect(response.headers.get("X-DayLimit-Remaining")).toBe(String(5000 - call));
      expect(response.headers.get("X-AppMinLimit-Remaining")).toBe(String(10_000 - call));
    }
    const refused = await api(sandbox, accessToken, "/Organisation");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("X-Rate-Limit-Problem")).toBe("minute");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.headers.get("X-MinLimit-Remaining")).toBe("0");
    // Another tenant of the same app has its own minute budget.
    expect((await api(sandbox, accessToken, "/Organisation", { tenantId: KIWI.id })).status).toBe(200);
    // A minute later the tenant may call again.
    sandbox.clock.advance(60_000);
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(200);
  });

  it("refuses a sixth concurrent call with X-Rate-Limit-Problem: concurrent", async () => {
    sandbox = await startTestSandbox();
    const { accessToken } = await connect(sandbox);
    // Hold the first five calls open so the sixth finds five in flight.
    await control(sandbox, "/faults", { kind: "slow", count: 5, delayMs: 400, tenantId: HARBOUR.id });
    const first = Array.from({ length: 5 }, () => api(sandbox!, accessToken, "/Organisation"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sixth = await api(sandbox, accessToken, "/Organisation");
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("X-Rate-Limit-Problem")).toBe("concurrent");
    expect((await Promise.all(first)).map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("holds each call for the configured latency, so five slow calls fill the concurrent limit as in production", async () => {
    sandbox = await startTestSandbox({ latencyMs: { min: 2000, max: 2000 } });
    const { accessToken } = await connect(sandbox);
    await control(sandbox, "/calls", undefined, "DELETE");
    const responses = await Promise.all(Array.from({ length: 6 }, () => api(sandbox!, accessToken, "/Organisation")));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 200, 429]);
    expect(responses.find((response) => response.status === 429)!.headers.get("X-Rate-Limit-Problem")).toBe("concurrent");
    const { calls } = await control(sandbox, "/calls");
    for (const call of calls.filter((logged: { status: number }) => logged.status === 200)) expect(call.durationMs).toBeGreaterThanOrEqual(1990);
  });

  it("gives a Starter-tier app's organisation 1,000 calls a day, then 429 with X-Rate-Limit-Problem: day and a Retry-After until the window moves", async () => {
    sandbox = await startTestSandbox({ appTier: "starter", rateLimits: { perTenantPerMinute: 2000, appPerMinute: 20_000 } });
    const { accessToken } = await connect(sandbox);
    for (let call = 1; call <= 1000; call++) {
      const response = await api(sandbox, accessToken, "/Organisation");
      expect(response.status).toBe(200);
      if (call === 1 || call === 1000) expect(response.headers.get("X-DayLimit-Remaining")).toBe(String(1000 - call));
    }
    const refused = await api(sandbox, accessToken, "/Organisation");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("X-Rate-Limit-Problem")).toBe("day");
    expect(refused.headers.get("X-DayLimit-Remaining")).toBe("0");
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    // Another organisation keeps its own 1,000; the refused one may call again once Retry-After has passed.
    expect((await api(sandbox, accessToken, "/Organisation", { tenantId: KIWI.id })).status).toBe(200);
    sandbox.clock.advance(retryAfter * 1000);
    const { accessToken: nextDays } = await connect(sandbox); // the first token has expired meanwhile
    expect((await api(sandbox, nextDays, "/Organisation")).status).toBe(200);
  });

  it("enforces the daily and app-wide limits, configurable and on a scaled clock", async () => {
    sandbox = await startTestSandbox({ rateLimits: { perTenantPerDay: 3, appPerMinute: 1000 }, timeScale: 0.001 });
    const { accessToken } = await connect(sandbox);
    for (let call = 0; call < 3; call++) expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(200);
    const refused = await api(sandbox, accessToken, "/Organisation");
    expect(refused.headers.get("X-Rate-Limit-Problem")).toBe("day");
    // With timeScale 0.001 a "day" lasts 86.4 seconds of sandbox time.
    sandbox.clock.advance(86_400);
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(200);

    const appWide = await startTestSandbox({ rateLimits: { appPerMinute: 2 } });
    try {
      const { accessToken: token } = await connect(appWide);
      await api(appWide, token, "/Organisation");
      await api(appWide, token, "/Organisation", { tenantId: KIWI.id });
      const response = await api(appWide, token, "/Organisation");
      expect(response.status).toBe(429);
      expect(response.headers.get("X-Rate-Limit-Problem")).toBe("appminute");
    } finally {
      await appWide.close();
    }
  });
});
