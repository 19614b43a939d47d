// Planning one workspace's reminders now rather than at the crontab's next tick.
import type { Executor } from "~db/client";
import { enqueue } from "~jobs/enqueue";

/**
 * Queues a planning pass for one workspace, in the caller's transaction: after its
 * first sync and every change to what decides its reminders (schedule, send window,
 * mode, cut-off, minimums, pauses), so pages and sending follow at once instead of
 * at the next crontab tick. Several changes in a row make one pass.
 */
export async function queuePlanning(tx: Executor, workspaceId: string) {
  await enqueue(tx, "reminders_plan", { workspaceId }, { jobKey: `reminders_plan:${workspaceId}` });
}
