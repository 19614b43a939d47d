// Real worker processes (`tsx jobs/worker.ts`) on one PostgreSQL: a worker
// killed with SIGKILL in the middle of a first sync leaves a job that another
// worker picks up and completes exactly; several workers share syncs without
// any organisation being synced twice.
import { spawn, type ChildProcess } from "node:child_process";
import { desc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { syncRuns } from "~db/schema";
import { connectedWorkspace, control, differencesFromXero, startSandboxForApp } from "../support/sandbox-app";

const sandbox = await startSandboxForApp();
const { db, sql } = await import("~/server/db.server");
const { enqueue } = await import("~jobs/enqueue");

const workers = new Set<ChildProcess>();
afterAll(async () => {
  for (const worker of workers) worker.kill("SIGKILL");
  await sandbox.close();
});

function startWorker(name: string) {
  const worker = spawn("node_modules/.bin/tsx", ["jobs/worker.ts"], {
    env: { ...process.env, SOLIDO_PROCESS: name, WORKER_CONCURRENCY: "2" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  worker.stdout!.on("data", (chunk) => (output += chunk));
  worker.stderr!.on("data", (chunk) => (output += chunk));
  workers.add(worker);
  worker.once("exit", () => workers.delete(worker));
  return { process: worker, output: () => output };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function runOf(workspaceId: string) {
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt)).limit(1);
  return run;
}

describe("worker processes", () => {
  it("finish a first sync exactly after the worker running it is killed mid-way", { timeout: 180_000 }, async () => {
    await control(sandbox, "/organisations/large", { name: "Crash Test Traders", contacts: 800, invoices: 12_000, seed: 11, userEmails: ["solo@solido.test"] });
    const crash = await connectedWorkspace(sandbox, "solo@solido.test", "Crash Test Traders");
    // Every invoice page takes a moment, so the kill lands mid-sync.
    await control(sandbox, "/faults", { kind: "slow", count: 12, delayMs: 500, tenantId: crash.tenantId, pathPrefix: "/api.xro/2.0/Invoices" });

    const doomed = startWorker("solido-worker-doomed");
    await until("the sync to be part-way", async () => {
      const run = await runOf(crash.workspaceId);
      return run?.status === "running" && run.pagesDone >= 4;
    });
    doomed.process.kill("SIGKILL");
    await new Promise((resolve) => doomed.process.once("exit", resolve));
    const stranded = await runOf(crash.workspaceId);
    expect(stranded.status).toBe("running");
    const [job] = await sql<{ lockedBy: string | null }[]>`select locked_by as "lockedBy" from graphile_worker.jobs where task_identifier = 'workspace_sync'`;
    expect(job.lockedBy).not.toBeNull();

    // Two survivors; the scheduler's sweep (normally each minute) frees the dead worker's job.
    const survivors = [startWorker("solido-worker-a"), startWorker("solido-worker-b")];
    const finished = await until("the sync to finish", async () => {
      await enqueue(db, "workspace_syncs_schedule", {}, { jobKey: "test-sweep", jobKeyMode: "preserve_run_at" });
      const run = await runOf(crash.workspaceId);
      return run?.status === "succeeded" ? run : undefined;
    });
    expect(finished).toMatchObject({ kind: "first", pagesDone: finished.pageCount });
    const runs = await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, crash.workspaceId));
    expect(runs).toHaveLength(1);
    const book = sandbox.store.book(crash.tenantId)!;
    const { differences, held } = await differencesFromXero(crash.workspaceId, book, finished.startedAt!);
    expect(differences).toEqual([]);
    const [{ distinct }] = await sql<{ distinct: number }[]>`select count(distinct xero_invoice_id)::int as distinct from invoices where workspace_id = ${crash.workspaceId}`;
    expect(distinct).toBe(held);
    expect(survivors.every((survivor) => survivor.process.exitCode === null)).toBe(true);
  });

  it("share several organisations' syncs without syncing any of them twice", { timeout: 120_000 }, async () => {
    sandbox.callLog.clear();
    const harbour = await connectedWorkspace(sandbox, "demo@solido.test", "Harbour Coffee Roasters");
    const solo = await connectedWorkspace(sandbox, "solo@solido.test", "Solo Studio");
    const runs = await until("both first syncs", async () => {
      const both = [await runOf(harbour.workspaceId), await runOf(solo.workspaceId)];
      return both.every((run) => run?.status === "succeeded") ? both : undefined;
    });
    for (const workspace of [harbour, solo]) {
      // A first sync reads one page of contacts and one of invoices (open and recent history in one query); twice synced would double that.
      expect(sandbox.callLog.list({ tenantId: workspace.tenantId, pathPrefix: "/api.xro/2.0/Contacts" })).toHaveLength(1);
      expect(sandbox.callLog.list({ tenantId: workspace.tenantId, pathPrefix: "/api.xro/2.0/Invoices" })).toHaveLength(1);
    }
    // Organisation, invoices, contacts, credit notes, overpayments and prepayments, and the contact groups.
    expect(runs.map((run) => run.xeroCalls)).toEqual([7, 7]);
  });
});
