// A worker is declared dead, and its jobs freed for others, only when it is:
// a live worker whose liveness connection drops re-takes its lock, and the
// check wants the lock free over several beats before it believes it.
import { afterAll, expect, it } from "vitest";

const { sql } = await import("~/server/db.server");
const { whileAlive, unlockJobsOfDeadWorkers, closeWorkerLiveness, LIVENESS_APPLICATION_NAME } = await import("~jobs/tasks/worker-liveness");

afterAll(() => closeWorkerLiveness());

const TASK = "reminder_email_send";

/** A job as a worker would hold it: locked by that worker a minute ago. */
async function jobLockedBy(workerId: string) {
  const [job] = await sql<{ id: string }[]>`
    select id from graphile_worker.add_job(${TASK}, json_build_object('emailIds', json_build_array(gen_random_uuid())), job_key => ${`liveness-${workerId}`})`;
  await sql`update graphile_worker._private_jobs set locked_by = ${workerId}, locked_at = now() - interval '1 minute' where id = ${job.id}`;
  return job.id;
}

async function lockedByOf(jobId: string) {
  const [job] = await sql<{ lockedBy: string | null }[]>`select locked_by as "lockedBy" from graphile_worker.jobs where id = ${jobId}`;
  return job.lockedBy;
}

it("keeps a live worker's job when its liveness connection is dropped under it, and frees a dead worker's", async () => {
  const aliveJob = await jobLockedBy("worker-alive");
  const deadJob = await jobLockedBy("worker-gone");
  let finish!: () => void;
  const running = whileAlive("worker-alive", () => new Promise<void>((resolve) => (finish = resolve)));
  // Its lock held, the connection idle between beats.
  await expect
    .poll(async () => (await sql`
      select 1 from pg_stat_activity a join pg_locks l on l.pid = a.pid
      where a.application_name = ${LIVENESS_APPLICATION_NAME} and a.state = 'idle' and l.locktype = 'advisory' and l.granted`).length)
    .toBe(1);

  // The connection holding the worker's lock dies (a network blip, an administrator), the worker does not.
  const terminated = await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LIVENESS_APPLICATION_NAME}`;
  expect(terminated).toHaveLength(1);
  const dead = await unlockJobsOfDeadWorkers([TASK]);

  expect(dead).toEqual(["worker-gone"]);
  expect(await lockedByOf(aliveJob)).toBe("worker-alive");
  expect(await lockedByOf(deadJob)).toBeNull();

  finish();
  await running;
  // Its task done, the worker lets go: were it to die holding the job now, the job would be freed.
  expect(await unlockJobsOfDeadWorkers([TASK])).toEqual(["worker-alive"]);
}, 60_000);
