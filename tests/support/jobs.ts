// Running the worker's jobs inside a test, to the end.
import { Logger, runOnce, type TaskList } from "graphile-worker";

const silent = new Logger(() => () => {});

/**
 * Runs every job that is due with the given tasks, until none is left, and
 * returns once each job's outcome is written down.
 *
 * graphile-worker 0.17 does not await a job's "completed"/"failed" record
 * unless those records are batched: runOnce could return, and end its
 * connection pool, while the last job's record was still on its way — about
 * once in 200 runs the failed job was still locked when the test went on (and
 * a retry the test asked for found nothing to run). Batched with no delay, the
 * records are flushed and awaited before runOnce returns.
 */
export async function drainJobs(taskList: TaskList) {
  const { env } = await import("~/env.server");
  await runOnce({
    connectionString: env().DATABASE_URL,
    taskList,
    noHandleSignals: true,
    logger: silent,
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
}
