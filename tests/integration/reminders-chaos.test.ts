// Chaos: reminder emails sent by TWO real worker processes (`jobs/worker.ts`)
// at once, in four waves, each with its own trouble:
//   1. workers SIGKILLed and restarted mid-send, and the liveness connections
//      of the live ones dropped under them (while the dead-worker check runs);
//   2. PostgreSQL restarted mid-send (a server of this test's own);
//   3. the mail server answering 421, 451 and 554 5.7.1;
//   4. an SMTP outage longer than the send jobs' retries, then the sweeper.
// At the SMTP server no Message-ID may arrive twice, and every email must end
// delivered, or failed with a reason: none twice, none stuck; and the two
// workers that live through the PostgreSQL restart recover on their own. The one allowed
// gap is the hand-over ambiguity (a sender killed between its committed
// hand-over and its final dot), which is on record as such.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type RunningPostgres } from "~db/embedded-postgres";
import { ensureDatabaseExists, withDatabaseName } from "~db/database-url";
import { migrateDatabase } from "~db/migrate";

const WAVES = 4;
const PER_WAVE = 30;
const WORKER_CONCURRENCY = 3;
/** Short, so a killed worker's emails come back within the test; long enough for a batch at the slowed mailbox. */
const LEASE_SECONDS = 6;
/** Two attempts (about 3 s apart), so the outage of wave 4 outlasts them. */
const MAX_ATTEMPTS = 2;

// A PostgreSQL of this file's own, since it is restarted: the suite's is shared by every test file.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "solido-chaos-"));
const port = await freePort();
let postgres: RunningPostgres = await startEmbeddedPostgres({ dataDir, port });
await ensureDatabaseExists(postgres.serverUrl, "solido_chaos");
process.env.DATABASE_URL = withDatabaseName(postgres.serverUrl, "solido_chaos");
await migrateDatabase(process.env.DATABASE_URL);
afterAll(async () => {
  await postgres.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const { liveWorkspace, startReminderWorld } = await import("../reminders/support");
const world = await startReminderWorld();
const { db, sql } = await import("~/server/db.server");
const { eq, sql: drizzleSql } = await import("drizzle-orm");
const { invoices, reminderEmails, workspaces } = await import("~db/schema");
const { planReminders } = await import("~/reminders/planner.server");
const { sweepStrandedEmails } = await import("~/reminders/sweep.server");
const { unlockJobsOfDeadWorkers, LIVENESS_APPLICATION_NAME } = await import("~jobs/tasks/worker-liveness");
const { REMINDER_TASKS } = await import("~jobs/tasks/reminder-clock");

const workers = new Set<ChildProcess>();
const workerOutput: string[] = [];
afterAll(() => {
  for (const worker of workers) worker.kill("SIGKILL");
});

/** Starts `jobs/worker.ts` as its own process; resolves once it says it is running. */
function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
    env: {
      ...process.env,
      WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
      SOLIDO_PROCESS: "solido-chaos-worker",
      REMINDER_SEND_LEASE_SECONDS: String(LEASE_SECONDS),
      REMINDER_SEND_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  workers.add(child);
  child.on("exit", () => workers.delete(child));
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      workerOutput.push(chunk.toString());
      if (output.includes("is running")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a condition, doing what the crontab would meanwhile (free dead workers' jobs, sweep stranded emails). */
async function until(what: string, condition: () => Promise<boolean>, options: { sweep?: boolean; limitMs?: number } = {}) {
  const limit = Date.now() + (options.limitMs ?? 90_000);
  while (!(await condition())) {
    if (Date.now() > limit) throw new Error(`Chaos: gave up waiting for ${what}`);
    if (options.sweep) {
      await unlockJobsOfDeadWorkers(REMINDER_TASKS);
      await sweepStrandedEmails();
    }
    await sleep(100);
  }
}

const arrivedFor = async (domain: string) =>
  (await world.mailbox.messages()).filter((message) => message.envelope.rcptTo.some((rcpt) => rcpt.endsWith(`@${domain}`))).length;

describe("chaos", () => {
  it(`delivers ${WAVES * PER_WAVE} due reminder emails exactly once, or fails them with a reason, with two workers through kills, a dropped liveness connection, a PostgreSQL restart, SMTP refusals and an outage`, async () => {
    const overdue = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const waves: { workspaceId: string; domain: string }[] = [];
    for (let wave = 1; wave <= WAVES; wave++) {
      const workspace = await liveWorkspace(world, { timeZone: "Pacific/Auckland", live: false });
      const domain = `wave${wave}.chaos.test`;
      for (let index = 0; index < PER_WAVE; index++) {
        const contactId = await workspace.contact({ name: `Wave ${wave} Customer ${index}`, emailAddress: `customer${index}@${domain}` });
        await workspace.invoice(contactId, { dueDate: overdue, amount: `${100 + index}.00` });
      }
      await workspace.sync();
      // The online-invoice link is one Xero call per invoice, paced at 60 a minute; fetched elsewhere.
      await db.update(invoices).set({ onlineInvoiceUrl: drizzleSql`'https://in.xero.com/' || ${invoices.xeroInvoiceId}` }).where(eq(invoices.workspaceId, workspace.workspaceId));
      // Any hour, any day: the real clock decides when this test runs.
      await db.update(workspaces).set({ sendWindowStartHour: 0, sendWindowEndHour: 24, sendWeekdays: [1, 2, 3, 4, 5, 6, 7] }).where(eq(workspaces.id, workspace.workspaceId));
      waves.push({ workspaceId: workspace.workspaceId, domain });
    }
    /** Turns a wave's reminders on and plans them: its emails start going out. */
    const launch = async (wave: number) => {
      await db.update(workspaces).set({ reminderMode: "live", remindersLiveSince: new Date() }).where(eq(workspaces.id, waves[wave - 1].workspaceId));
      const planned = await planReminders(new Date());
      expect(planned.reminders).toBe(PER_WAVE);
    };
    // A mail server that takes a moment over each message, so the trouble lands while emails are going out.
    world.mailbox.faults.delayMs = 40;
    let kills = 0;
    let restarts = 0;
    let livenessDrops = 0;
    let first = await startWorker();
    let second = await startWorker();

    // Wave 1: kills, and the liveness connections of live workers dropped while the check runs.
    await launch(1);
    await until("wave 1's first emails", async () => (await arrivedFor(waves[0].domain)) >= 3);
    first.kill("SIGKILL");
    kills++;
    first = await startWorker();
    // The killed worker may have held the wave's prepare job: freed as the crontab would, once it is seen dead.
    await until("more of wave 1", async () => (await arrivedFor(waves[0].domain)) >= 10, { sweep: true });
    const dropped = await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LIVENESS_APPLICATION_NAME}`;
    livenessDrops += dropped.length;
    const declaredDead = await unlockJobsOfDeadWorkers(REMINDER_TASKS);
    second.kill("SIGKILL");
    kills++;
    second = await startWorker();

    // Wave 2: PostgreSQL restarts while emails are going out. Neither worker process may die of it, nor need starting
    // again from outside: graphile-worker stops a runner that cannot record a job's outcome, and the worker starts
    // its runner again itself once the database answers (jobs/runner.ts).
    await launch(2);
    await until("wave 2's first emails", async () => (await arrivedFor(waves[1].domain)) >= 3);
    const pidsThroughTheRestart = [first.pid, second.pid];
    await postgres.stop();
    await sleep(500);
    postgres = await startEmbeddedPostgres({ dataDir, port });
    restarts++;

    // Wave 3: refusals — a RCPT 421 and two 451s (tried again), a 554 5.7.1 (the server refuses Solido: failed,
    // the address not blamed), and two messages refused after DATA with 421.
    world.mailbox.faults.add({ recipient: `customer1@${waves[2].domain}`, code: 421, message: "4.3.2 Try again later", times: 1 });
    world.mailbox.faults.add({ recipient: `customer2@${waves[2].domain}`, code: 451, message: "4.7.1 Greylisted", times: 2 });
    world.mailbox.faults.add({ recipient: `customer3@${waves[2].domain}`, code: 554, message: "5.7.1 Relay access denied" });
    world.mailbox.faults.add({ code: 421, message: "4.4.2 Too busy", times: 2 });
    await launch(3);

    // Wave 4: the mail server is down longer than a send job's retries, then comes back; the sweeper re-queues.
    await until("waves 1 to 3 settled", async () => (await sql`select 1 from reminder_emails where status = 'queued' and workspace_id <> ${waves[3].workspaceId}`).length === 0, { sweep: true });
    const outage = world.mailbox.faults.add({ code: 421, message: "4.3.2 Service not available" });
    await launch(4);
    await until("wave 4's send jobs to spend their retries", async () => {
      const [{ stranded }] = await sql<{ stranded: number }[]>`
        select count(*)::int as stranded from reminder_emails e where e.workspace_id = ${waves[3].workspaceId} and e.status = 'queued' and e.prepared_at is not null
          and not exists (select 1 from graphile_worker._private_jobs j where j.attempts < j.max_attempts and (j.payload::jsonb -> 'emailIds') ? e.id::text)`;
      return stranded === PER_WAVE;
    });
    expect(await arrivedFor(waves[3].domain)).toBe(0);
    world.mailbox.faults.clear();
    world.mailbox.faults.delayMs = 40;
    void outage;

    await until("every email settled", async () => (await sql`select 1 from reminder_emails where status = 'queued'`).length === 0, { sweep: true });
    // The workers that lived through the restart are the ones running now, and were never started again from outside.
    expect([first.pid, second.pid]).toEqual(pidsThroughTheRestart);
    for (const worker of [first, second]) expect(worker.exitCode ?? worker.signalCode, `a worker died:\n${workerOutput.join("").slice(-6000)}`).toBeNull();
    const runnerRestarts = workerOutput.join("").split("the job runner is running again").length - 1;
    first.kill("SIGTERM");
    second.kill("SIGTERM");

    const messages = (await world.mailbox.messages()).filter((message) => message.envelope.rcptTo.some((rcpt) => rcpt.endsWith(".chaos.test")));
    const deliveries = new Map<string, number>();
    for (const message of messages) deliveries.set(message.messageId!, (deliveries.get(message.messageId!) ?? 0) + 1);
    const emails = await db.select().from(reminderEmails);
    const duplicates = [...deliveries.values()].filter((count) => count > 1).length;
    const stuck = emails.filter((email) => email.status === "queued").length;
    const delivered = emails.filter((email) => email.status === "sent" && deliveries.has(email.messageId));
    const failed = emails.filter((email) => email.status === "failed");
    const ambiguous = emails.filter((email) => email.status === "sent" && !deliveries.has(email.messageId));
    console.info(
      `chaos: ${kills} kills, ${restarts} PostgreSQL restarts (worker processes started again from outside: 0; job runners the workers started again themselves: ${runnerRestarts}), ` +
        `${livenessDrops} liveness connections dropped (declared dead meanwhile: ${declaredDead.length}), ` +
        `${emails.length} emails: ${delivered.length} delivered, ${failed.length} failed with a reason, ${ambiguous.length} recorded sent inside the hand-over ambiguity; ` +
        `duplicates = ${duplicates}, stuck = ${stuck}`,
    );

    expect(emails).toHaveLength(WAVES * PER_WAVE);
    expect(duplicates).toBe(0);
    expect(stuck).toBe(0);
    // Every Message-ID at the server is one of ours.
    const known = new Set(emails.map((email) => email.messageId));
    expect([...deliveries.keys()].filter((messageId) => !known.has(messageId))).toEqual([]);
    // Failed means a reason people can read: here, only the relay refusal.
    expect(failed.map((email) => [email.toAddress, email.lastError])).toEqual([[`customer3@${waves[2].domain}`, expect.stringContaining("5.7.1 Relay access denied")]]);
    // Which did not blame the customer's address.
    expect((await sql`select 1 from contacts where email_bouncing_since is not null`).length).toBe(0);
    for (const email of ambiguous) expect(email.lastError).toMatch(/^Recorded as sent/);
    expect(ambiguous.length).toBeLessThanOrEqual(kills * WORKER_CONCURRENCY);
  }, 240_000);
});
