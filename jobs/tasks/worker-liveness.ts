// How a crashed worker's Xero job gets picked up again in minutes, not hours.
// graphile-worker 0.17 only frees a job locked by a worker that died after 4
// hours, and holds its whole queue (here: the tenant's) meanwhile. So while a
// task runs, its process holds a PostgreSQL advisory lock named after the
// graphile worker id, on a connection of its own. PostgreSQL drops the lock the
// moment that process's connection dies (SIGKILL included); a job whose
// worker's lock is free is orphaned, and is unlocked for another worker.
import postgres from "postgres";
import { sql } from "~/server/db.server";
import { env } from "~/server/env.server";

/** Advisory-lock namespace for worker liveness (first key of the two-key form). */
const LIVENESS_NAMESPACE = 0x50_11_d0;
/** Jobs locked more recently than this may not have taken their liveness lock yet. */
const GRACE_SECONDS = 10;

let connection: postgres.Sql | undefined;
const livenessConnection = () => (connection ??= postgres(env().DATABASE_URL, { max: 1, idle_timeout: 0, onnotice: () => {} }));

/** Runs a task's work with its worker marked alive. */
export async function whileAlive<T>(workerId: string | null | undefined, work: () => Promise<T>): Promise<T> {
  if (!workerId) return work();
  const live = livenessConnection();
  await live`select pg_advisory_lock(${LIVENESS_NAMESPACE}, hashtext(${workerId}))`;
  try {
    return await work();
  } finally {
    await live`select pg_advisory_unlock(${LIVENESS_NAMESPACE}, hashtext(${workerId}))`;
  }
}

export async function closeWorkerLiveness() {
  const open = connection;
  connection = undefined;
  await open?.end({ timeout: 1 });
}

/** Unlocks jobs of the given tasks whose worker no longer holds its liveness lock. Returns the dead workers' ids. */
export async function unlockJobsOfDeadWorkers(tasks: string[]): Promise<string[]> {
  const lockedBy = await sql<{ workerId: string }[]>`
    select distinct locked_by as "workerId" from graphile_worker.jobs
    where locked_by is not null and task_identifier in (select jsonb_array_elements_text(${JSON.stringify(tasks)}::jsonb)) and locked_at < now() - make_interval(secs => ${GRACE_SECONDS})`;
  if (lockedBy.length === 0) return [];
  const dead: string[] = [];
  const probe = await sql.reserve();
  try {
    for (const { workerId } of lockedBy) {
      const [{ free }] = await probe<{ free: boolean }[]>`select pg_try_advisory_lock(${LIVENESS_NAMESPACE}, hashtext(${workerId})) as free`;
      if (!free) continue;
      await probe`select pg_advisory_unlock(${LIVENESS_NAMESPACE}, hashtext(${workerId}))`;
      dead.push(workerId);
    }
  } finally {
    probe.release();
  }
  // (arrays travel as JSON: the shared client, configured by drizzle, cannot bind array parameters)
  if (dead.length > 0) await sql`select graphile_worker.force_unlock_workers(array(select jsonb_array_elements_text(${JSON.stringify(dead)}::jsonb)))`;
  return dead;
}
