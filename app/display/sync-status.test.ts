import { describe, expect, it } from "vitest";
import { collapseSyncHistory, describeSyncRun, type SyncRunSummary } from "./sync-status";

const run = (finishedAt: string, changes: Partial<SyncRunSummary> = {}) => ({
  kind: "incremental" as const,
  status: "succeeded" as const,
  invoicesCreated: 0,
  invoicesUpdated: 0,
  invoicesUnchanged: 0,
  contactsCreated: 0,
  contactsUpdated: 0,
  contactsUnchanged: 0,
  paymentsDetected: 0,
  pagesDone: 1,
  pageCount: 1,
  errorCode: null,
  error: null,
  ...changes,
  finishedAt: new Date(finishedAt),
});

describe("the sync history", () => {
  it("tells identical 'Up to date' runs in a row once, with their count and the span they cover", () => {
    const runs = [run("2026-12-05T10:45:00Z"), run("2026-12-05T10:30:00Z"), run("2026-12-05T10:15:00Z"), run("2026-12-05T10:00:00Z", { invoicesUpdated: 2 }), run("2026-12-05T09:45:00Z")];
    const lines = collapseSyncHistory(runs);
    expect(lines.map((line) => [describeSyncRun(line.run), line.count])).toEqual([
      ["Up to date: nothing changed in Xero.", 3],
      ["Synced 2 changed invoices and 0 changed contacts.", 1],
      ["Up to date: nothing changed in Xero.", 1],
    ]);
    expect(lines[0].run.finishedAt).toEqual(new Date("2026-12-05T10:45:00Z"));
    expect(lines[0].earliestFinishedAt).toEqual(new Date("2026-12-05T10:15:00Z"));
  });

  it("keeps every run that copied something on a line of its own, even when two read alike", () => {
    const lines = collapseSyncHistory([run("2026-12-05T10:30:00Z", { invoicesUpdated: 1 }), run("2026-12-05T10:15:00Z", { invoicesUpdated: 1 })]);
    expect(lines.map((line) => line.count)).toEqual([1, 1]);
  });

  it("folds the same failure in a row, but not a failure into a success", () => {
    const failed = { status: "failed" as const, errorCode: "xero_unavailable" };
    const lines = collapseSyncHistory([run("2026-12-05T10:30:00Z", failed), run("2026-12-05T10:15:00Z", failed), run("2026-12-05T10:00:00Z")]);
    expect(lines.map((line) => [line.run.status, line.count])).toEqual([
      ["failed", 2],
      ["succeeded", 1],
    ]);
  });

  it("shows at most the lines asked for, counting folded runs as one", () => {
    const runs = Array.from({ length: 20 }, (_, index) => run(`2026-12-05T10:${String(59 - index).padStart(2, "0")}:00Z`, { invoicesUpdated: index % 2 }));
    expect(collapseSyncHistory(runs, 4)).toHaveLength(4);
    expect(collapseSyncHistory(runs.map((each) => ({ ...each, invoicesUpdated: 0 })), 4)).toEqual([
      expect.objectContaining({ count: 20 }),
    ]);
  });
});
