// The sandbox's settings: what development, e2e and in-process tests get by default.
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, settingsFromEnv } from "../config";
import type { RunningSandbox } from "../server";
import { startTestSandbox } from "./support";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("latency", () => {
  it("is 150-400 ms a call by default (development and e2e), configurable with SANDBOX_LATENCY_MS, and 0 switches it off", () => {
    expect(settingsFromEnv({}).latencyMs).toEqual({ min: 150, max: 400 });
    expect(settingsFromEnv({ SANDBOX_LATENCY_MS: "50-80" }).latencyMs).toEqual({ min: 50, max: 80 });
    expect(settingsFromEnv({ SANDBOX_LATENCY_MS: "200" }).latencyMs).toEqual({ min: 200, max: 200 });
    expect(settingsFromEnv({ SANDBOX_LATENCY_MS: "0" }).latencyMs).toBeNull();
    expect(() => settingsFromEnv({ SANDBOX_LATENCY_MS: "400-150" })).toThrow(/SANDBOX_LATENCY_MS/);
  });

  it("is off for a sandbox started in process unless asked for", async () => {
    sandbox = await startTestSandbox();
    expect(DEFAULT_SETTINGS.latencyMs).not.toBeNull();
    expect(sandbox.settings.latencyMs).toBeNull();
  });
});

describe("departures from Xero", () => {
  it("allows none by default and refuses an unknown leniency by name", () => {
    expect(settingsFromEnv({}).leniencies).toEqual([]);
    expect(settingsFromEnv({ SANDBOX_LENIENCIES: "contact-where-filters" }).leniencies).toEqual(["contact-where-filters"]);
    expect(() => settingsFromEnv({ SANDBOX_LENIENCIES: "be-kind" })).toThrow(/unknown be-kind/);
  });
});
