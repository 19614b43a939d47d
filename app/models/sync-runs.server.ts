// Sync runs: each pass of copying from Xero, queued here and carried out by
// the workspace_sync job. One queued run per workspace at most, so ten clicks
// on "Sync now" make one sync.
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "~db/client";
import { syncRuns, xeroConnections } from "~db/schema";
import { db } from "~/db.server";
import { enqueue } from "~jobs/enqueue";

export type SyncRun = typeof syncRuns.$inferSelect;
type Trigger = SyncRun["trigger"];

/** All of a tenant's Xero calls go through one job queue, so they never overlap. */
export const xeroQueueName = (tenantId: string) => `xero:${tenantId}`;
export const syncJobKey = (workspaceId: string) => `workspace_sync:${workspaceId}`;

export async function queueSync(tx: Executor, input: { workspaceId: string; tenantId: string; trigger: Trigger }) {
  const [queued] = await tx
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.workspaceId, input.workspaceId), eq(syncRuns.status, "queued")))
    .limit(1);
  if (queued) return queued.id;

  const [connection] = await tx
    .select({ syncedThrough: xeroConnections.invoicesSyncedThrough })
    .from(xeroConnections)
    .where(eq(xeroConnections.workspaceId, input.workspaceId));
  const [run] = await tx
    .insert(syncRuns)
    .values({ workspaceId: input.workspaceId, kind: connection?.syncedThrough ? "incremental" : "first", trigger: input.trigger })
    .returning({ id: syncRuns.id });
  await enqueue(
    tx,
    "workspace_sync",
    { workspaceId: input.workspaceId, syncRunId: run.id },
    { jobKey: syncJobKey(input.workspaceId), queueName: xeroQueueName(input.tenantId) },
  );
  return run.id;
}

export async function latestSyncRuns(workspaceId: string, limit = 10) {
  return db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt)).limit(limit);
}
