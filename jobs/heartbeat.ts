// A worker process says it is alive every few seconds; /healthz reads it.
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import type { Database } from "~db/client";
import { workerHeartbeats } from "~db/schema";

export const HEARTBEAT_INTERVAL_MS = 15_000;

export function startHeartbeat(db: Database, workerId: string) {
  const startedAt = new Date();
  const beat = () =>
    db
      .insert(workerHeartbeats)
      .values({ workerId, hostname: os.hostname(), pid: process.pid, startedAt, lastBeatAt: new Date() })
      .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { lastBeatAt: sql`now()` } })
      .then(() => undefined)
      .catch((error: unknown) => console.warn(`[worker] heartbeat failed: ${String(error)}`));
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    first: beat(),
    stop: async () => {
      clearInterval(timer);
      await db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId)).catch(() => {});
    },
  };
}
