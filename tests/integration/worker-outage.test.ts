// A PostgreSQL outage while a job runs: graphile-worker cannot record the job's
// outcome and stops its runner; the worker (jobs/runner.ts) waits for the
// database, frees the job and runs again, in the same process.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Task } from "graphile-worker";
import { afterAll, expect, it, vi } from "vitest";
import { freePort, startEmbeddedPostgres, type RunningPostgres } from "~db/embedded-postgres";
import { ensureDatabaseExists, withDatabaseName } from "~db/database-url";
import { migrateDatabase } from "~db/migrate";

// A PostgreSQL of this file's own, since it is stopped: the suite's is shared by every test file.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "solido-outage-"));
const port = await freePort();
let postgres: RunningPostgres = await startEmbeddedPostgres({ dataDir, port });
await ensureDatabaseExists(postgres.serverUrl, "solido_outage");
process.env.DATABASE_URL = withDatabaseName(postgres.serverUrl, "solido_outage");
await migrateDatabase(process.env.DATABASE_URL);
afterAll(async () => {
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const { startWorker } = await import("~jobs/runner");
const { sql, closeAppDatabase } = await import("~/server/db.server");
const { closeWorkerLiveness } = await import("~jobs/tasks/worker-liveness");
afterAll(async () => {
  await closeWorkerLiveness();
  await closeAppDatabase();
});

it("keeps running through a PostgreSQL outage that stops graphile-worker's runner, and runs the interrupted job again", async () => {
  const errors: string[] = [];
  vi.mocked(console.error).mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(" ")));
  const runs: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const outage_hold: Task = async (payload) => {
    const { name } = payload as { name: string };
    runs.push(name);
    if (runs.length === 1) await held;
  };
  const worker = await startWorker({ concurrency: 1, taskList: { outage_hold }, crontab: [], pollInterval: 200 });
  try {
    await sql`select graphile_worker.add_job('outage_hold', json_build_object('name', 'interrupted'))`;
    await vi.waitFor(() => expect(runs).toEqual(["interrupted"]), { timeout: 30_000, interval: 50 });

    // The database goes away while the job runs; the job then ends, and its outcome cannot be recorded.
    await postgres.stop();
    release();
    await vi.waitFor(() => expect(errors.join("\n")).toContain("could not record a completed job"), { timeout: 30_000, interval: 50 });
    postgres = await startEmbeddedPostgres({ dataDir, port });

    // Same process, a new runner: the job it could not record runs again (tasks are idempotent), and new jobs run.
    await vi.waitFor(() => expect(worker.restarts).toBe(1), { timeout: 60_000, interval: 100 });
    await sql`select graphile_worker.add_job('outage_hold', json_build_object('name', 'after'))`;
    await vi.waitFor(() => expect([...runs].sort()).toEqual(["after", "interrupted", "interrupted"]), { timeout: 30_000, interval: 100 });
    await vi.waitFor(async () => expect(await sql`select 1 from graphile_worker.jobs`).toHaveLength(0), { timeout: 30_000, interval: 100 });
  } finally {
    await worker.stop();
  }
  await worker.ended;
  expect(worker.restarts).toBe(1);
}, 180_000);
