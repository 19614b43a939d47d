// Runs graphile-worker with Solido's tasks and schedules. Several processes
// can run it against one PostgreSQL: jobs are claimed with row locks, so each
// job runs once.
import crypto from "node:crypto";
import { run } from "graphile-worker";
import { db } from "~/db.server";
import { env } from "~/env.server";
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
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await runner.stop();
      await heartbeat.stop();
    })());
  return { workerId, runner, stop };
}
