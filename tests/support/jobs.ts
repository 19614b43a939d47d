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
 *
 * It does not await them between jobs, though: a job that a quick job queued
 * on a named queue (a history note, on the tenant's queue, after a send) can
 * find that queue still locked by the job before (the payment check), whose
 * record is on its way; runOnce then finds nothing to run and stops. So it
 * runs again while a job is due.
 */
export async function drainJobs(taskList: TaskList) {
  const { env } = await import("~/server/env.server");
  const { sql } = await import("~/server/db.server");
  for (let round = 0; round < 10; round++) {
    await runOnce({
      connectionString: env().DATABASE_URL,
      taskList,
      noHandleSignals: true,
      logger: silent,
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    const [{ due }] = await sql<{ due: boolean }[]>`
      select exists (
        select 1 from graphile_worker.jobs
        where task_identifier = any(array(select jsonb_array_elements_text(${JSON.stringify(Object.keys(taskList))}::jsonb)))
          and run_at <= now() and locked_at is null and attempts < max_attempts
      ) as due`;
    if (!due) return;
  }
}
