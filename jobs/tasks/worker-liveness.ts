// How a crashed worker's job gets picked up again in minutes, not hours.
// graphile-worker 0.17 only frees a job locked by a worker that died after 4
// hours, and holds its whole queue (here: the tenant's) meanwhile. So while a
// task runs, its process holds a PostgreSQL advisory lock named after the
// graphile worker id, on a connection of its own. PostgreSQL drops the lock the
// moment that process's connection dies (SIGKILL included); a job whose
// worker's lock stays free is orphaned, and is unlocked for another worker.
//
// A live worker can lose that connection too (a network blip, a PostgreSQL
// restart, an administrator's pg_terminate_backend). So the worker checks its
// connection every beat and re-takes its locks on a new one, and a worker is
// declared dead only when its lock has stayed free for several beats in a row.
// A wrong verdict all the same (a worker cut off for longer) costs a delay,
// never a duplicate email: sending claims each email with a lease and checks
// it again before the final dot (app/reminders/send.server.ts).
import postgres from "postgres";
import { sql } from "~/server/db.server";
import { env } from "~/server/env.server";

/** Advisory-lock namespace for worker liveness (first key of the two-key form). */
const LIVENESS_NAMESPACE = 0x50_11_d0;
/** Jobs locked more recently than this may not have taken their liveness lock yet. */
const GRACE_SECONDS = 10;
/** How often a worker running tasks checks its liveness connection (re-taking its locks on a new one). */
export const LIVENESS_BEAT_MS = 2_000;
/** A worker is dead when its lock is free at this many looks one beat apart: free for MISSED_BEATS - 1 beats on end. */
export const MISSED_BEATS = 5;
/** The liveness connection's application_name, so an operator (or a test) can find it in pg_stat_activity. */
export const LIVENESS_APPLICATION_NAME = "solido-worker-liveness";

let connection: postgres.Sql | undefined;
const livenessConnection = () =>
  (connection ??= postgres(env().DATABASE_URL, {
    max: 1,
    idle_timeout: 0,
    onnotice: () => {},
    // Without it postgres.js reads the server's array types on each new connection, in a query nobody
    // awaits: a connection dropped during it was an unhandled rejection (a crash, in a worker process).
    fetch_types: false,
    connection: { application_name: LIVENESS_APPLICATION_NAME },
  }));

/** Graphile worker ids this process runs tasks for, with how many tasks each. */
const running = new Map<string, number>();
/** The liveness connection's backend holding the locks; another backend means a new connection, without them. */
let lockedOn: number | null = null;
let keeper: NodeJS.Timeout | undefined;

/** One lock operation at a time, so a beat's re-taking never interleaves with a task's start or end. */
let queue: Promise<unknown> = Promise.resolve();
function serially<T>(operation: () => Promise<T>): Promise<T> {
  const next = queue.then(operation, operation);
  queue = next.catch(() => {});
  return next;
}

/** Holds the lock of every running worker id on the liveness connection, re-taking them all when the connection is new. */
async function holdLocks(newWorkerId?: string) {
  const live = livenessConnection();
  const [{ pid }] = await live<{ pid: number }[]>`select pg_backend_pid() as pid`;
  const toLock = pid === lockedOn ? (newWorkerId ? [newWorkerId] : []) : [...running.keys()];
  if (pid !== lockedOn && lockedOn !== null) console.warn(`[worker] liveness connection replaced: re-taking ${toLock.length} liveness locks`);
  lockedOn = null;
  for (const workerId of toLock) await live`select pg_advisory_lock(${LIVENESS_NAMESPACE}, hashtext(${workerId}))`;
  lockedOn = pid;
}

function beat(retry = true) {
  if (running.size === 0) return;
  void serially(() => holdLocks()).catch((error: unknown) => {
    lockedOn = null;
    // Usually the first query on a connection the server closed: the next one opens a new connection.
    console.warn(`[worker] liveness beat failed, retrying: ${String(error)}`);
    if (retry) setTimeout(() => beat(false), 100).unref();
  });
}

/** Whether a task of this graphile worker (pool) id is running in this process. */
export const isRunningFor = (workerId: string) => running.has(workerId);

/** Runs a task's work with its worker marked alive. */
export async function whileAlive<T>(workerId: string | null | undefined, work: () => Promise<T>): Promise<T> {
  if (!workerId) return work();
  await serially(async () => {
    const first = !running.has(workerId);
    running.set(workerId, (running.get(workerId) ?? 0) + 1);
    try {
      await holdLocks(first ? workerId : undefined);
    } catch (error) {
      const left = running.get(workerId)! - 1;
      if (left > 0) running.set(workerId, left);
      else running.delete(workerId);
      throw error;
    }
  });
  keeper ??= setInterval(() => beat(), LIVENESS_BEAT_MS);
  keeper.unref();
  try {
    return await work();
  } finally {
    await serially(async () => {
      const left = (running.get(workerId) ?? 1) - 1;
      if (left > 0) return void running.set(workerId, left);
      running.delete(workerId);
      await livenessConnection()`select pg_advisory_unlock(${LIVENESS_NAMESPACE}, hashtext(${workerId}))`;
    }).catch(() => {
      // A connection gone took the lock with it; a new one is taken for the ids still running.
      lockedOn = null;
    });
  }
}

export async function closeWorkerLiveness() {
  if (keeper) clearInterval(keeper);
  keeper = undefined;
  running.clear();
  lockedOn = null;
  const open = connection;
  connection = undefined;
  await open?.end({ timeout: 1 });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Unlocks jobs of the given tasks whose worker no longer holds its liveness
 * lock, and has not for MISSED_BEATS looks a beat apart (a live worker that
 * lost its connection re-takes its lock within a beat). Returns the dead
 * workers' ids.
 */
export async function unlockJobsOfDeadWorkers(tasks: string[]): Promise<string[]> {
  const lockedBy = await sql<{ workerId: string }[]>`
    select distinct locked_by as "workerId" from graphile_worker.jobs
    where locked_by is not null and task_identifier in (select jsonb_array_elements_text(${JSON.stringify(tasks)}::jsonb)) and locked_at < now() - make_interval(secs => ${GRACE_SECONDS})`;
  if (lockedBy.length === 0) return [];
  let suspects = lockedBy.map((row) => row.workerId);
  const probe = await sql.reserve();
  try {
    for (let look = 0; look < MISSED_BEATS && suspects.length > 0; look++) {
      if (look > 0) await sleep(LIVENESS_BEAT_MS);
      const stillFree: string[] = [];
      for (const workerId of suspects) {
        const [{ free }] = await probe<{ free: boolean }[]>`select pg_try_advisory_lock(${LIVENESS_NAMESPACE}, hashtext(${workerId})) as free`;
        if (!free) continue;
        await probe`select pg_advisory_unlock(${LIVENESS_NAMESPACE}, hashtext(${workerId}))`;
        stillFree.push(workerId);
      }
      suspects = stillFree;
    }
  } finally {
    probe.release();
  }
  // (arrays travel as JSON: the shared client, configured by drizzle, cannot bind array parameters)
  if (suspects.length > 0) {
    await sql`
      select graphile_worker.force_unlock_workers(array(select jsonb_array_elements_text(${JSON.stringify(suspects)}::jsonb)))`;
  }
  return suspects;
}
