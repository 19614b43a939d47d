// Runs graphile-worker with Solido's tasks and schedules. Several processes
// can run it against one PostgreSQL: jobs are claimed with row locks, so each
// job runs once.
//
// A PostgreSQL outage must not end the process (docs/decisions/0013-worker-survives-a-database-outage.md).
// graphile-worker stops its runner when it cannot record a job's outcome ("queue is in an
// inconsistent state"), and in its default, unbatched mode that failure is a promise nobody awaits:
// an unhandled rejection, which ends a Node process. So completions and failures go through
// graphile-worker's batchers (delay 0: the same moment, one statement), whose failure it handles:
// `pool:fatalError`, then a graceful stop of the runner. A small supervisor here sees the runner
// end without being asked to, waits (with backoff) until the database answers, frees the jobs the
// stopped runner's workers still held (their outcome was never recorded: tasks are idempotent,
// and sending is fenced by its lease), and starts a new runner. Only a stop asked for, or
// graphile-worker's own "a breaking migration ran, exit" (exit code 57), ends it for good.
import crypto from "node:crypto";
import { EventEmitter } from "node:events";
import { run, type ParsedCronItem, type Runner, type TaskList, type WorkerEvents } from "graphile-worker";
import { db, sql } from "~/server/db.server";
import { env } from "~/server/env.server";
import { crontab } from "./crontab";
import { startHeartbeat } from "./heartbeat";
import { taskList as solidoTasks } from "./tasks";
import { isRunningFor } from "./tasks/worker-liveness";

/** Waits between looks at a database that does not answer: from this… */
const FIRST_RETRY_MS = 250;
/** …doubling up to this. */
const LONGEST_RETRY_MS = 15_000;

type WorkerOptions = {
  concurrency?: number;
  /** Tests run tasks of their own, with a schedule of their own. */
  taskList?: TaskList;
  crontab?: ParsedCronItem[];
  pollInterval?: number;
};

export async function startWorker(options: WorkerOptions = {}) {
  const workerId = `${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  const heartbeat = startHeartbeat(db, workerId);
  await heartbeat.first;
  let stopRequested = false;
  /** Runners started after the first, because the one before ended without being asked to. */
  let restarts = 0;
  let current: { runner: Runner; poolIds: Set<string> } = await startRunner(options);

  const supervise = (started: typeof current): Promise<void> =>
    started.runner.promise
      .catch(() => {})
      .then(async () => {
        if (stopRequested) return;
        if (process.exitCode === 57) {
          console.error("[worker] graphile-worker stopped for a breaking migration of its schema; this process ends");
          return;
        }
        console.warn("[worker] the job runner stopped (database unreachable?): waiting for PostgreSQL, then starting it again");
        for (let waitMs = FIRST_RETRY_MS; !stopRequested; waitMs = Math.min(waitMs * 2, LONGEST_RETRY_MS)) {
          try {
            await sql`select 1`;
            // Jobs whose outcome the stopped runner could not record stay locked by its worker pool (for 4 hours,
            // graphile-worker's own recovery): freed now, unless a task of that pool still runs here.
            const stale = [...started.poolIds].filter((id) => !isRunningFor(id));
            if (stale.length > 0) await sql`select graphile_worker.force_unlock_workers(array(select jsonb_array_elements_text(${JSON.stringify(stale)}::jsonb)))`;
            current = await startRunner(options);
            restarts++;
            console.log(`[worker] ${workerId}: the job runner is running again (restart ${restarts})`);
            return supervise(current);
          } catch (error) {
            console.warn(`[worker] PostgreSQL not answering yet (${String(error)}); next look in ${waitMs} ms`);
            await new Promise((resolve) => setTimeout(resolve, waitMs * (0.75 + Math.random() / 2)));
          }
        }
      });
  const supervision = supervise(current);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopRequested = true;
      await current.runner.stop().catch(() => {
        // Already stopped on its own (the database went away): nothing left to stop.
      });
      await heartbeat.stop();
    })());
  return {
    workerId,
    get runner() {
      return current.runner;
    },
    /** How many times the job runner was started again in this process after it stopped on its own. */
    get restarts() {
      return restarts;
    },
    /** Settles when the process has no job runner any more and will not start one. */
    ended: supervision,
    stop,
  };
}

async function startRunner(options: WorkerOptions) {
  // Jobs are locked in the name of the worker pool (`locked_by`); it is created inside run(), so its
  // events are heard on an emitter given to run().
  const events: WorkerEvents = new EventEmitter();
  const poolIds = new Set<string>();
  events.on("pool:create", ({ workerPool }) => void poolIds.add(workerPool.id));
  events.on("pool:fatalError", ({ error, action }) =>
    console.error(`[worker] graphile-worker could not ${action === "failJob" ? "record a failed job" : "record a completed job"} (${String(error)}): its runner stops, and is started again once PostgreSQL answers`),
  );
  const runner = await run({
    events,
    connectionString: env().DATABASE_URL,
    concurrency: options.concurrency ?? env().WORKER_CONCURRENCY,
    taskList: options.taskList ?? solidoTasks,
    parsedCronItems: options.crontab ?? crontab(),
    noHandleSignals: true,
    pollInterval: options.pollInterval ?? 1000,
    // Batched (at once): a failure to record an outcome is then handled by graphile-worker, which stops the
    // runner, instead of an unawaited rejection that ends the process. See the file's first comment.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  lookAgainAfterAnnouncements(runner);
  return { runner, poolIds };
}

/** After an announcement, idle workers look again this long after it (each ±50%). */
const LOOK_AGAIN_AFTER_MS = [25, 75, 200, 500];

/**
 * graphile-worker wakes one idle worker per job a NOTIFY announces. To pick a
 * job, its get_job locks every available named queue (we name one per Xero
 * tenant) for the length of its transaction, so of several workers woken by
 * jobs committed together (or by two processes) those whose get_job overlaps
 * another's find nothing, and their jobs wait for the next poll: a second, or
 * several under load, before an organisation's sync starts. So a few times
 * shortly after each announcement, as many idle workers as it announced jobs
 * are woken to look again: a look that finds nothing is one cheap query.
 */
function lookAgainAfterAnnouncements(runner: Runner) {
  runner.events.on("pool:listen:notification", ({ workerPool, message }) => {
    if (message.channel !== "jobs:insert") return;
    let count = 1;
    try {
      count = Number((JSON.parse(message.payload ?? "{}") as { count?: unknown }).count ?? 1);
    } catch {
      // graphile-worker's older triggers announce with an empty payload: one job.
    }
    if (!(count > 0)) return;
    for (const afterMs of LOOK_AGAIN_AFTER_MS) {
      setTimeout(() => {
        if (workerPool._shuttingDown || !workerPool._active) return;
        workerPool.nudge(count);
      }, afterMs * (0.5 + Math.random())).unref();
    }
  });
}
