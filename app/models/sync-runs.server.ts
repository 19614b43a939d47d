// Sync runs: each pass of copying from Xero, queued here and carried out by
// the workspace_sync job. One queued run per workspace at most, so ten clicks
// on "Sync now" make one sync.
import { and, desc, eq, sql } from "drizzle-orm";
import type { TransactionSql } from "postgres";
import type { Executor } from "~db/client";
import { syncRuns, xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import type { CallCounts } from "~/xero/gateway.server";
import { queuePlanning } from "~/reminders/planning-queue.server";
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

/** A run "running" this long belongs to a job that died for good: the scheduler stops waiting on it, and pages stop calling it "Syncing…". */
export const STALLED_AFTER_MINUTES = 60;

export function isStalled(run: Pick<SyncRun, "status" | "startedAt">, now = new Date()) {
  return run.status === "running" && (!run.startedAt || now.getTime() - run.startedAt.getTime() > STALLED_AFTER_MINUTES * 60_000);
}

export async function latestSyncRuns(workspaceId: string, limit = 10) {
  return db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt)).limit(limit);
}

/** What a run has done so far, written with every page so the dashboard can follow it. */
export type RunTally = {
  pagesDone: number;
  pageCount: number | null;
  invoicesCreated: number;
  invoicesUpdated: number;
  invoicesUnchanged: number;
  contactsCreated: number;
  contactsUpdated: number;
  contactsUnchanged: number;
  paymentsDetected: number;
  xero: CallCounts;
};

/** A run picked up again after a crash keeps what its first attempt spent and found; progress restarts. */
export function tallyOf(run: SyncRun): RunTally {
  return {
    pagesDone: 0,
    pageCount: null,
    invoicesCreated: run.invoicesCreated,
    invoicesUpdated: run.invoicesUpdated,
    invoicesUnchanged: run.invoicesUnchanged,
    contactsCreated: run.contactsCreated,
    contactsUpdated: run.contactsUpdated,
    contactsUnchanged: run.contactsUnchanged,
    paymentsDetected: run.paymentsDetected,
    xero: { calls: run.xeroCalls, bytes: run.bytesReceived, rateLimitHits: run.rateLimitHits },
  };
}

const tallyColumns = (tally: RunTally) => ({
  pagesDone: tally.pagesDone,
  pageCount: tally.pageCount,
  invoicesCreated: tally.invoicesCreated,
  invoicesUpdated: tally.invoicesUpdated,
  invoicesUnchanged: tally.invoicesUnchanged,
  contactsCreated: tally.contactsCreated,
  contactsUpdated: tally.contactsUpdated,
  contactsUnchanged: tally.contactsUnchanged,
  paymentsDetected: tally.paymentsDetected,
  xeroCalls: tally.xero.calls,
  bytesReceived: tally.xero.bytes,
  rateLimitHits: tally.xero.rateLimitHits,
});

/** Saves progress inside the page's own transaction (postgres.js), so counts and rows commit together. */
export async function saveTally(tx: TransactionSql, syncRunId: string, tally: RunTally) {
  const columns = tallyColumns(tally);
  await tx`
    update sync_runs set pages_done = ${columns.pagesDone}, page_count = ${columns.pageCount},
      invoices_created = ${columns.invoicesCreated}, invoices_updated = ${columns.invoicesUpdated}, invoices_unchanged = ${columns.invoicesUnchanged},
      contacts_created = ${columns.contactsCreated}, contacts_updated = ${columns.contactsUpdated}, contacts_unchanged = ${columns.contactsUnchanged},
      payments_detected = ${columns.paymentsDetected}, xero_calls = ${columns.xeroCalls}, bytes_received = ${columns.bytesReceived},
      rate_limit_hits = ${columns.rateLimitHits}
    where id = ${syncRunId}`;
}

type Connection = typeof xeroConnections.$inferSelect;
export type ClaimedRun = { ok: true; run: SyncRun; connection: Connection } | { ok: false; run?: SyncRun; errorCode: string; error: string };

/** Why no sync may run for this connection now, in the words Settings shows. */
export function syncBlocker(connection: Connection | undefined): { errorCode: string; error: string } | undefined {
  if (!connection) return { errorCode: "not_connected", error: "Skipped: the workspace is not connected to Xero." };
  if (connection.status === "disconnected") return { errorCode: "disconnected", error: "Skipped: the workspace is disconnected from Xero. Connect Xero to sync again." };
  if (connection.status === "needs_reconnect") return { errorCode: "needs_reconnect", error: "Skipped: Xero no longer accepts Solido's access. Reconnect Xero to sync again." };
  return undefined;
}

/**
 * Marks a queued (or crashed-while-running) run as running. A run already
 * finished is not run again; a workspace that cannot sync gets its run skipped,
 * with the reason.
 */
export async function claimRun(syncRunId: string): Promise<ClaimedRun> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(syncRuns).where(eq(syncRuns.id, syncRunId)).for("update");
    if (!run) return { ok: false, errorCode: "gone", error: "The sync run no longer exists." };
    if (run.status === "succeeded" || run.status === "skipped") return { ok: false, run, errorCode: "finished", error: "The sync run has already finished." };
    const [connection] = await tx.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, run.workspaceId));
    const blocker = syncBlocker(connection);
    if (blocker) {
      await tx.update(syncRuns).set({ status: "skipped", finishedAt: new Date(), ...blocker }).where(eq(syncRuns.id, run.id));
      return { ok: false, run, ...blocker };
    }
    const [running] = await tx
      .update(syncRuns)
      .set({
        status: "running",
        kind: run.kind === "refresh" ? "refresh" : connection.invoicesSyncedThrough ? "incremental" : "first",
        startedAt: run.startedAt ?? new Date(),
        finishedAt: null,
        errorCode: null,
        error: null,
      })
      .where(eq(syncRuns.id, run.id))
      .returning();
    return { ok: true, run: running, connection: connection! };
  });
}

/** A refresh is recorded as a run too, started at once (webhook or reminder check). */
export async function startRefreshRun(workspaceId: string, trigger: Extract<Trigger, "webhook" | "reminder">) {
  const [run] = await db.insert(syncRuns).values({ workspaceId, kind: "refresh", trigger, status: "running", startedAt: new Date() }).returning();
  return run;
}

type Marks = { contactsSyncedThrough?: Date; invoicesSyncedThrough?: Date };
/** A failed run may still move a mark: the part it finished (its invoices) need not be read again. */
export type RunEnding = ({ status: "succeeded" } & Marks) | ({ status: "failed"; errorCode: string; error: string } & Marks);

/**
 * Ends a run and tells the connection. The high-water marks move here and only
 * here, in the same transaction as the run's success, and never backwards.
 */
export async function finishRun(run: SyncRun, tally: RunTally, ending: RunEnding) {
  await db.transaction(async (tx) => {
    const finishedAt = new Date();
    await tx
      .update(syncRuns)
      .set({
        ...tallyColumns(tally),
        status: ending.status,
        finishedAt,
        errorCode: ending.status === "failed" ? ending.errorCode : null,
        error: ending.status === "failed" ? ending.error : null,
      })
      .where(eq(syncRuns.id, run.id));
    await tx
      .update(xeroConnections)
      .set({
        lastSyncAt: finishedAt,
        lastSyncStatus: ending.status,
        lastSyncError: ending.status === "failed" ? ending.error : null,
        ...(ending.contactsSyncedThrough
          ? { contactsSyncedThrough: sql`greatest(${xeroConnections.contactsSyncedThrough}, ${ending.contactsSyncedThrough.toISOString()}::timestamptz)` }
          : {}),
        ...(ending.invoicesSyncedThrough
          ? { invoicesSyncedThrough: sql`greatest(${xeroConnections.invoicesSyncedThrough}, ${ending.invoicesSyncedThrough.toISOString()}::timestamptz)` }
          : {}),
      })
      .where(eq(xeroConnections.workspaceId, run.workspaceId));
    // The first sync brings every unpaid invoice: plan at once, so the pages show what is due within
    // seconds and a live workspace in its send window does not wait for the crontab's next tick.
    if (run.kind === "first") await queuePlanning(tx, run.workspaceId);
  });
}

/**
 * The scheduler's fan-out: queues a sync for every connected workspace whose
 * last scheduled-or-not sync was queued at least `intervalMinutes` ago and
 * that has none waiting or running. Workspaces fall due at different minutes
 * (each from its own last sync), so Xero sees a steady trickle, not a stampede.
 */
/**
 * When queueDueSyncs will next queue this workspace's sync: its last sync's
 * queue time plus the interval, caught by the every-minute schedule.
 */
export function nextScheduledSyncAt(lastQueuedAt: Date, intervalMinutes: number, now = new Date()) {
  const due = Math.max(lastQueuedAt.getTime() + intervalMinutes * 60_000, now.getTime());
  return new Date(Math.ceil(due / 60_000) * 60_000);
}

export async function queueDueSyncs(intervalMinutes: number) {
  const due = await db.execute<{ workspace_id: string; tenant_id: string }>(sql`
    select c.workspace_id, c.tenant_id from xero_connections c
    where c.status = 'connected'
      and not exists (
        select 1 from sync_runs r
        where r.workspace_id = c.workspace_id and r.kind <> 'refresh'
          and (r.status = 'queued'
            -- a run "running" for an hour belongs to a job that died for good; do not wait on it forever
            or (r.status = 'running' and r.started_at > now() - make_interval(mins => ${STALLED_AFTER_MINUTES}))
            or r.queued_at > now() - make_interval(mins => ${intervalMinutes}))
      )`);
  for (const row of due) {
    await db.transaction((tx) => queueSync(tx, { workspaceId: row.workspace_id, tenantId: row.tenant_id, trigger: "schedule" }));
  }
  return due.length;
}
