import { describe, expect, it } from "vitest";
import { nextScheduledSyncAt } from "./sync-runs.server";

describe("the next scheduled sync", () => {
  const now = new Date("2026-11-25T10:00:30Z");

  it("falls an interval after the last sync was queued, on the schedule's minute", () => {
    expect(nextScheduledSyncAt(new Date("2026-11-25T09:52:10Z"), 15, now)).toEqual(new Date("2026-11-25T10:08:00Z"));
  });

  it("is the coming minute when a sync is already due", () => {
    expect(nextScheduledSyncAt(new Date("2026-11-25T09:00:00Z"), 15, now)).toEqual(new Date("2026-11-25T10:01:00Z"));
  });
});
