// workspace_syncs_schedule (crontab, every minute): queues an incremental
// sync for each connected workspace whose last sync is SYNC_INTERVAL_MINUTES
// old, and frees jobs a crashed worker was holding.
import type { Task } from "graphile-worker";
import { env } from "~/server/env.server";
import { queueDueSyncs } from "~/models/sync-runs.server";
import { unlockJobsOfDeadWorkers } from "./worker-liveness";

/** The tasks that hold a tenant's queue while they talk to Xero. */
export const XERO_TASKS = ["workspace_sync", "invoice_refresh"];

export const workspaceSyncsSchedule: Task = async (_payload, helpers) => {
  const dead = await unlockJobsOfDeadWorkers(XERO_TASKS);
  if (dead.length > 0) helpers.logger.warn(`unlocked Xero jobs of crashed workers: ${dead.join(", ")}`);
  const queued = await queueDueSyncs(env().SYNC_INTERVAL_MINUTES);
  if (queued > 0) helpers.logger.info(`queued ${queued} scheduled syncs`);
};
