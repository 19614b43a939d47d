// Runs graphile-worker with Solido's tasks and schedules. Several processes
// can run it against one PostgreSQL: jobs are claimed with row locks, so each
// job runs once.
import crypto from "node:crypto";
import { run, type Runner } from "graphile-worker";
import { db } from "~/server/db.server";
import { env } from "~/server/env.server";
import { crontab } from "./crontab";
import { startHeartbeat } from "./heartbeat";
import { taskList } from "./tasks";

export async function startWorker(options: { concurrency?: number } = {}) {
  const workerId = `${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  const heartbeat = startHeartbeat(db, workerId);
  await heartbeat.first;
  const runner = await run({
    connectionString: env().DATABASE_URL,
    concurrency: options.concurrency ?? env().WORKER_CONCURRENCY,
    taskList,
    parsedCronItems: crontab(),
    noHandleSignals: true,
    pollInterval: 1000,
  });
  lookAgainAfterAnnouncements(runner);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await runner.stop();
      await heartbeat.stop();
    })());
  return { workerId, runner, stop };
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
