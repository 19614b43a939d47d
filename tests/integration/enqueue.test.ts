import { sql } from "drizzle-orm";
import type { TaskList } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { enqueue } from "~jobs/enqueue";
import { drainJobs } from "../support/jobs";

declare module "~jobs/enqueue" {
  interface TaskPayloads {
    test_record_run: { label: string };
  }
}

async function runQueuedJobs() {
  const ran: string[] = [];
  const taskList: TaskList = {
    test_record_run: async (payload) => {
      ran.push((payload as { label: string }).label);
    },
  };
  await drainJobs(taskList);
  return ran;
}


describe("enqueueing jobs inside a transaction", () => {
  it("runs a job whose transaction committed", async () => {
    await db.transaction(async (tx) => {
      await tx.insert(workspaces).values({ slug: "committed", name: "Committed Ltd" });
      await enqueue(tx, "test_record_run", { label: "committed" });
    });
    expect(await runQueuedJobs()).toEqual(["committed"]);
  });

  it("never runs a job whose transaction rolled back", async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(workspaces).values({ slug: "rolled-back", name: "Rolled Back Ltd" });
        await enqueue(tx, "test_record_run", { label: "rolled back" });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");

    const [{ count }] = await db.execute<{ count: number }>(sql`select count(*)::int as count from graphile_worker.jobs`);
    expect(count).toBe(0);
    expect(await runQueuedJobs()).toEqual([]);
    expect(await db.select().from(workspaces).where(sql`slug = 'rolled-back'`)).toEqual([]);
  });

  it("de-duplicates pending jobs that share a job key", async () => {
    for (let click = 0; click < 10; click++) {
      await enqueue(db, "test_record_run", { label: `click ${click}` }, { jobKey: "sync-now:acme" });
    }
    expect(await runQueuedJobs()).toEqual(["click 9"]);
  });
});
