// `npm run bench:reminders`: how fast reminders go out, and whether planning keeps ahead of sending.
//
// 1. Sending, end to end: sandbox organisations with thousands of overdue
//    invoices, synced into live workspaces; then plan → check payments with
//    Xero (IDs= calls) → render → send to the local mailbox in its own process,
//    by graphile-worker in one process per core (WORKER_PROCESSES,
//    WORKER_CONCURRENCY jobs each), PostgreSQL durable (fsync on). Figure:
//    emails/s from the plan to the last send, every email delivered at the
//    mailbox (goal ≥ 300).
// 2. Planning: 1,000,000 invoices in 10,000 live workspaces (written with SQL).
//    A first pass plans the backlog and leaves each workspace's mark; then the
//    pass of a new day (the planner's clock a day on), the one every day
//    brings. Figure: its decisions per second — reminders it decided ÷ its
//    time — as a multiple of part 1's sending rate (goal ≥ 50×: planning is
//    never the bottleneck).
//
// Uses DATABASE_URL's server if set, else an embedded PostgreSQL. The sandbox's
// and Solido's Xero rate limits are raised: Xero's real 60 calls a minute per
// organisation would make this a benchmark of waiting.
import { spawn } from "node:child_process";
import os from "node:os";
import postgres from "postgres";
import { benchDatabase, cpuMsOf, runAsProduction } from "./support";

const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 8);
/** Per organisation; about a third of generated invoices are open and past a step. */
const INVOICES = Number(process.env.BENCH_INVOICES ?? 4_000);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 2_500);
const PLANNER_WORKSPACES = Number(process.env.BENCH_WORKSPACES ?? 10_000);
const PLANNER_INVOICES_EACH = Number(process.env.BENCH_INVOICES_EACH ?? 100);

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// ── production settings (the workers, the mailbox and this process inherit them) and a database of its own ──
const { webhookKey } = runAsProduction();
const { url: databaseUrl, stop: stopPostgres, cpuMs: postgresMs, statements } = await benchDatabase();

// ── the mailbox in its own process, so parsing what it receives does not slow the sender ──
const mailboxProcess = spawn(
  process.execPath,
  ["--import", "tsx", "-e", `const { startMailbox } = await import("./mailbox/server.ts"); const m = await startMailbox({ smtpPort: 0, httpPort: 0, maxMessages: 1000000 }); console.log("SMTP " + m.smtpUrl + " HTTP " + m.url);`],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const mailboxUrls = await new Promise<{ smtp: string; http: string }>((resolve) => {
  let output = "";
  mailboxProcess.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    const match = /SMTP (\S+) HTTP (\S+)/.exec(output);
    if (match) resolve({ smtp: match[1], http: match[2] });
  });
});

Object.assign(process.env, {
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_SIZE: "20",
  // Pooled (the transport's default), with 10 connections to a local server.
  SMTP_URL: `${mailboxUrls.smtp}?maxConnections=10`,
  EMAIL_FROM: "Solido <reminders@solido.test>",
  XERO_RATE_LIMIT_MINUTE: "100000",
  XERO_RATE_LIMIT_DAY: "10000000",
  XERO_RATE_LIMIT_CONCURRENT: "10",
});
// Whatever happens, leave no mailbox or PostgreSQL behind.
process.on("exit", () => mailboxProcess.kill("SIGTERM"));
process.on("uncaughtException", (error) => {
  console.error(error);
  void stopPostgres().finally(() => process.exit(1));
});
const { startSandboxForApp, connectedWorkspace, control, runJobs } = await import("../tests/support/sandbox-app");
const sandbox = await startSandboxForApp({ webhookKey, rateLimits: { perTenantPerMinute: 100_000, perTenantPerDay: 10_000_000, perTenantConcurrent: 10, appPerMinute: 1_000_000 } });

const { db, sql, closeAppDatabase } = await import("~/server/db.server");
const { eq } = await import("drizzle-orm");
const { workspaces } = await import("~db/schema");
const { planReminders } = await import("~/reminders/planner.server");
const { taskList } = await import("~jobs/tasks");
const { run, Logger } = await import("graphile-worker");
const { closeWorkerLiveness } = await import("~jobs/tasks/worker-liveness");

// ── 1. sending ──
for (let index = 1; index <= ORGANISATIONS; index++) {
  const organisation = `Bench Roasters ${index}`;
  await control(sandbox, "/organisations/large", { name: organisation, contacts: CONTACTS, invoices: INVOICES, seed: index, userEmails: ["demo@solido.test"] });
  const { workspaceId } = await connectedWorkspace(sandbox, "demo@solido.test", organisation);
  await runJobs();
  await db.update(workspaces).set({ reminderMode: "live", sendWindowStartHour: 0, sendWindowEndHour: 24, sendWeekdays: [1, 2, 3, 4, 5, 6, 7] }).where(eq(workspaces.id, workspaceId));
}
// The online-invoice link is fetched once per invoice ever; steady state is with it cached.
await sql`update invoices set online_invoice_url = 'https://in.xero.com/' || xero_invoice_id`;

// What rendering one email costs, on its own (compose + HTML + plain text).
const { composeReminder } = await import("~/reminders/compose");
const { renderEmail } = await import("~/server/email.server");
const { DEFAULT_STEPS } = await import("~/reminders/schedule");
const sample = (index: number) =>
  composeReminder({
    branding: { businessName: "Bench Roasters", logoUrl: null, accentColour: "#0f766e", replyToEmail: "accounts@bench.test" },
    locale: "en-NZ",
    contactName: `Customer ${index}`,
    step: DEFAULT_STEPS[2],
    today: "2025-06-11",
    invoices: Array.from({ length: 1 + (index % 3) }, (_, line) => ({ invoiceNumber: `INV-${index}-${line}`, reference: "Beans", currencyCode: "NZD", amountDue: "123.45", dueDate: "2025-06-01", payUrl: "https://in.xero.com/x" })),
  });
for (let index = 0; index < 200; index++) await renderEmail(sample(index).element);
const renderStarted = performance.now();
for (let index = 0; index < 1000; index++) await renderEmail(sample(index).element);
const renderMs = (performance.now() - renderStarted) / 1000;

// CPU time spent by each party while sending (from /proc: Linux only).
// The worker: WORKER_PROCESSES processes of WORKER_CONCURRENCY jobs each, as `npm run worker` runs
// them (without its crontab); 0 runs it inside this process, beside the sandbox.
const workerProcesses = Number(process.env.WORKER_PROCESSES ?? os.availableParallelism());
const workerConcurrency = Number(process.env.WORKER_CONCURRENCY ?? (workerProcesses > 0 ? 12 : 24));
const workerCode = `const { run, Logger } = await import("graphile-worker"); const { taskList } = await import("./jobs/tasks/index.ts");
  const runner = await run({ connectionString: process.env.DATABASE_URL, taskList, concurrency: ${workerConcurrency}, noHandleSignals: true, pollInterval: 100, logger: new Logger(() => () => {}) });
  process.once("SIGTERM", () => void runner.stop().then(() => process.exit(0))); console.log("running");`;
const workers = await Promise.all(
  Array.from({ length: workerProcesses }, async () => {
    const child = spawn(process.execPath, [...(process.env.BENCH_WORKER_NODE_FLAGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", "-e", workerCode], { stdio: ["ignore", "pipe", "inherit"] });
    process.on("exit", () => child.kill("SIGKILL"));
    await new Promise<void>((resolve) => child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("running") && resolve()));
    return child;
  }),
);
const workersMs = () => workers.reduce((sum, child) => sum + cpuMsOf(child.pid!), 0);
// The syncs' dirty pages written before the clock starts: otherwise a checkpoint falling inside the run
// (every 5 minutes) adds the checkpointer's writing of the organisations' invoices to the emails' CPU, or not.
await sql`checkpoint`;
const cpuBefore = { bench: process.cpuUsage(), workers: workersMs(), mailbox: cpuMsOf(mailboxProcess.pid!), postgres: postgresMs() };

const transactions = async () => (await sql<{ count: number }[]>`select (xact_commit + xact_rollback)::int as count from pg_stat_database where datname = current_database()`)[0].count;
await statements.reset();
const transactionsBefore = await transactions();
const started = performance.now();
const planned = await planReminders(new Date());
const planMs = performance.now() - started;
const runner = workerProcesses > 0 ? undefined : await run({ connectionString: databaseUrl, taskList, concurrency: workerConcurrency, noHandleSignals: true, pollInterval: 100, logger: new Logger(() => () => {}) });
// Whether any email is still queued, asked of each workspace's (workspace, status) index: counting
// every email's status ten times a second cost 6.5 ms of PostgreSQL a look, 12% of its time in the run.
for (;;) {
  const [{ queued }] = await sql<{ queued: boolean }[]>`
    select exists (select 1 from workspaces w where exists (select 1 from reminder_emails e where e.workspace_id = w.id and e.status = 'queued')) as queued`;
  if (!queued) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const sendMs = performance.now() - started;
const transactionsDuringSend = (await transactions()) - transactionsBefore;
const benchCpu = process.cpuUsage(cpuBefore.bench);
const cpuMs = {
  bench: (benchCpu.user + benchCpu.system) / 1000,
  workers: workersMs() - cpuBefore.workers,
  mailbox: cpuMsOf(mailboxProcess.pid!) - cpuBefore.mailbox,
  postgres: postgresMs() - cpuBefore.postgres,
};
await statements.print("Sending, from the plan to the last email sent");
// History notes trail the sending (in Xero they are paced at 60 calls a minute per organisation anyway).
for (;;) {
  const [{ pending }] = await sql<{ pending: number }[]>`select count(*)::int as pending from reminders where status = 'sent' and history_noted_at is null`;
  if (pending === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const notesMs = performance.now() - started;
await runner?.stop();
await Promise.all(workers.map((child) => new Promise((resolve) => child.once("exit", resolve).kill("SIGTERM"))));
const [sent] = await sql<{ emails: number; reminders: number; dropped: number }[]>`
  select count(*) filter (where status = 'sent')::int as emails,
    (select count(*)::int from reminders where status = 'sent') as reminders,
    count(*) filter (where status <> 'sent')::int as dropped
  from reminder_emails`;
const [calls] = await sql<{ calls: number }[]>`select coalesce(sum(xero_calls), 0)::int as calls from sync_runs where trigger = 'reminder'`;
const received = ((await (await fetch(new URL("/api/messages", mailboxUrls.http))).json()) as { messages: unknown[] }).messages.length;

console.log(`\nSending (${ORGANISATIONS} organisations, each ${INVOICES.toLocaleString()} invoices and ${CONTACTS.toLocaleString()} contacts)`);
console.log(`  planned        ${planned.reminders.toLocaleString()} reminders in ${planned.emails.toLocaleString()} emails in ${seconds(planMs)}`);
console.log(`  sent           ${sent.emails.toLocaleString()} emails (${sent.reminders.toLocaleString()} reminders), ${sent.dropped} not sent; mailbox received ${received.toLocaleString()}`);
console.log(`  Xero checks    ${calls.calls} IDs= calls`);
const emailsPerSecond = sent.emails / (sendMs / 1000);
const remindersPerSecond = sent.reminders / (sendMs / 1000);
console.log(`  delivered      ${received === sent.emails && sent.dropped === 0 ? "all" : `NOT ALL: ${received} of ${sent.emails + sent.dropped}`} at the mailbox; PostgreSQL durable (fsync, synchronous commit, full-page writes on)`);
console.log(`  emails/s       ${Math.round(emailsPerSecond)} = ${sent.emails.toLocaleString()} emails ÷ ${seconds(sendMs)} plan → check → render → send (${Math.round(remindersPerSecond)} reminders/s) (goal ≥ 300); load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}`);
console.log(`  database       ${(transactionsDuringSend / sent.emails).toFixed(2)} transactions per email (each statement outside a transaction counts one; the worker's own job bookkeeping included)`);
console.log(`  rendering      ${renderMs.toFixed(2)} ms per email (compose + HTML + plain text, measured alone)`);
const perEmail = (ms: number) => `${(ms / sent.emails).toFixed(2)} ms`;
console.log(
  `  CPU per email  ${workerProcesses > 0 ? `${workerProcesses} worker processes × ${workerConcurrency} jobs ${perEmail(cpuMs.workers)}, Xero sandbox ${perEmail(cpuMs.bench)}` : `worker ${perEmail(cpuMs.bench)} (with the in-process Xero sandbox)`}, ` +
    `PostgreSQL ${perEmail(cpuMs.postgres)}, mailbox ${perEmail(cpuMs.mailbox)}; ` +
    `${(((cpuMs.bench + cpuMs.workers + cpuMs.postgres + cpuMs.mailbox) / sendMs) * 100).toFixed(0)}% of one core on average (${os.cpus().length} cores; load average ${os.loadavg()[0].toFixed(1)})`,
);
console.log(`  history notes  ${sent.reminders.toLocaleString()} written in Xero, the last ${seconds(notesMs - sendMs)} after the last email`);

// ── 2. planning at scale ──
const builder = postgres(databaseUrl, { max: 1, onnotice: () => {} });
const generated = performance.now();
await builder`
  insert into workspaces (id, slug, name, xero_tenant_id, time_zone, reminder_mode, send_window_start_hour, send_window_end_hour, send_weekdays)
  select gen_random_uuid(), 'plannerbench-' || n, 'Planner Bench ' || n, 'tenant-' || n,
    (array['Pacific/Auckland', 'Europe/London', 'America/Los_Angeles', 'Australia/Sydney'])[1 + n % 4], 'live', 0, 24, '{1,2,3,4,5,6,7}'
  from generate_series(1, ${PLANNER_WORKSPACES}) n`;
await builder`
  insert into xero_connections (workspace_id, tenant_id, xero_connection_id, scopes)
  select id, xero_tenant_id, 'connection-' || xero_tenant_id, '{}' from workspaces where slug like 'plannerbench-%'`;
await builder`
  insert into contacts (workspace_id, xero_contact_id, name, email_address, is_customer)
  select w.id, w.slug || '-c' || n, 'Customer ' || n, 'customer' || n || '@' || w.slug || '.test', true
  from workspaces w cross join generate_series(1, 20) n where w.slug like 'plannerbench-%'`;
await builder`
  insert into invoices (workspace_id, xero_invoice_id, contact_id, invoice_number, status, currency_code, total, amount_due, due_date, xero_updated_at, settled_seen_at)
  select c.workspace_id, c.xero_contact_id || '-i' || n, c.id, 'INV-' || n,
    case when n % 3 = 0 then 'PAID' else 'AUTHORISED' end::invoice_status, 'NZD', 100.00,
    case when n % 3 = 0 then 0 else 100.00 end,
    current_date - ((n * 7 + length(c.xero_contact_id)) % 150) + 20, now(),
    case when n % 3 = 0 then now() end
  from contacts c cross join generate_series(1, ${PLANNER_INVOICES_EACH / 20}) n
  where c.xero_contact_id like 'plannerbench-%'`;
await builder`analyze`;
const [{ count: invoiceCount }] = await builder<{ count: number }[]>`select count(*)::int from invoices`;
console.log(`\nPlanning (${PLANNER_WORKSPACES.toLocaleString()} live workspaces, ${invoiceCount.toLocaleString()} invoices, generated in ${seconds(performance.now() - generated)})`);
// What a pass cost besides its time: PostgreSQL's CPU, the WAL it wrote (records, full-page images, bytes)
// and the checkpoints that fell inside it.
const passCosts = async () => {
  const [wal] = await builder<{ records: string; fpi: string; bytes: string; checkpoints: string }[]>`
    select w.wal_records as records, w.wal_fpi as fpi, w.wal_bytes as bytes, c.num_timed + c.num_requested as checkpoints
    from pg_stat_wal w, pg_stat_checkpointer c`;
  return { cpuMs: postgresMs(), ...wal };
};
const [{ open: openInvoices }] = await builder<{ open: number }[]>`
  select count(*)::int as open from invoices i join workspaces w on w.id = i.workspace_id
  where w.reminder_mode = 'live' and i.status = 'AUTHORISED' and i.amount_due > 0`;
const today = new Date();
const tomorrow = new Date(today.getTime() + 86_400_000);
const passes: [string, Date][] = [
  ["first pass (the backlog: everything due)", today],
  ["same day again (nothing new due)", today],
  ["a new day's pass", tomorrow],
];
for (const [pass, now] of passes) {
  const before = await passCosts();
  const at = performance.now();
  const outcome = await planReminders(now);
  const ms = performance.now() - at;
  const after = await passCosts();
  const grew = (key: "records" | "fpi" | "bytes" | "checkpoints") => Number(after[key]) - Number(before[key]);
  console.log(`  ${pass.padEnd(36)} ${seconds(ms)}: ${outcome.reminders.toLocaleString()} reminders, ${outcome.emails.toLocaleString()} emails, ${outcome.workspaces.toLocaleString()} prepare jobs`);
  console.log(
    `  ${"".padEnd(36)} PostgreSQL CPU ${seconds(after.cpuMs - before.cpuMs)}; WAL ${grew("records").toLocaleString()} records, ` +
      `${grew("fpi").toLocaleString()} full-page images, ${(grew("bytes") / 1048576).toFixed(0)} MB; ${grew("checkpoints")} checkpoints; load average ${os.loadavg()[0].toFixed(1)}`,
  );
  if (now === tomorrow) {
    const decisionsPerSecond = outcome.reminders / (ms / 1000);
    console.log(`\n  decisions/s    ${Math.round(decisionsPerSecond).toLocaleString()} = ${outcome.reminders.toLocaleString()} reminders decided ÷ ${seconds(ms)} (the pass settled ${openInvoices.toLocaleString()} open invoices: ${Math.round(openInvoices / (ms / 1000)).toLocaleString()} a second)`);
    console.log(`  vs sending     ${(decisionsPerSecond / emailsPerSecond).toFixed(0)}× the ${Math.round(emailsPerSecond)} emails/s sent above (${(decisionsPerSecond / remindersPerSecond).toFixed(0)}× its ${Math.round(remindersPerSecond)} reminders/s) (goal ≥ 50×)`);
  }
}

await builder.end();
await closeWorkerLiveness();
await closeAppDatabase();
await sandbox.close();
mailboxProcess.kill("SIGTERM");
await stopPostgres();
process.exit(0);
