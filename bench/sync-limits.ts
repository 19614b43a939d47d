// bench/sync-limits: 20 workspaces syncing at once from a sandbox that
// enforces Xero's real limits (60 calls a rolling minute, 5,000 a day, 5 at
// once, per organisation), run by two real worker processes. Phase 1: all 20
// first syncs at once. Phase 2: each workspace re-reads every open invoice by
// id (90-odd calls each, past the minute's 60), as the reminder engine's checks
// would. Prints the 429s met (goal 0) and phase 2's time against the least
// time the limits allow (goal within 10%).
// Run: npx tsx bench/sync-limits.ts   (takes about three minutes: Xero's minute is real)
import os from "node:os";
import { benchDatabase, cpuMsOf, postgresCpuMs, runAsProduction, startWorkerProcess, until } from "./support";

const WORKSPACES = 20;
const INVOICES_EACH = 7_500;
const MINUTE_MS = 60_000;

const { webhookKey } = runAsProduction({ smtpUrl: "smtp://127.0.0.1:9" }); // syncing sends no email
const database = await benchDatabase();
const { startSandboxForApp, connectedWorkspace, control } = await import("../tests/support/sandbox-app");
const sandbox = await startSandboxForApp({ webhookKey, webhookUrl: null });
const { db, sql, closeAppDatabase } = await import("~/server/db.server");
const { enqueue } = await import("~jobs/enqueue");
const { xeroQueueName } = await import("~/models/sync-runs.server");

console.log(`Generating ${WORKSPACES} organisations of ${INVOICES_EACH.toLocaleString()} invoices and connecting them…`);
const workspaces: { workspaceId: string; tenantId: string }[] = [];
for (let index = 1; index <= WORKSPACES; index++) {
  const name = `Limits Org ${index}`;
  await control(sandbox, "/organisations/large", { name, invoices: INVOICES_EACH, contacts: 400, seed: 1000 + index, userEmails: ["demo@solido.test"] });
  workspaces.push(await connectedWorkspace(sandbox, "demo@solido.test", name));
}
const ids = workspaces.map((workspace) => workspace.workspaceId);
const runsFinished = (kind: "first" | "refresh") =>
  until(`${kind} runs`, async () => {
    const rows = await sql<{ workspaceId: string; status: string; rateLimitHits: number; finishedAt: string | null }[]>`
      select workspace_id as "workspaceId", status, rate_limit_hits as "rateLimitHits", finished_at as "finishedAt" from sync_runs
      where kind = ${kind} and workspace_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;
    const failed = rows.find((row) => row.status === "failed");
    if (failed) throw new Error(`A ${kind} run failed`);
    return rows.length === WORKSPACES && rows.every((row) => row.status === "succeeded") ? rows : undefined;
  }, 10 * 60_000, 50);
const tooManyRequests = () => sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" }).filter((call) => call.status === 429).length;

sandbox.callLog.clear();
const env = { WORKER_CONCURRENCY: "10", DATABASE_POOL_SIZE: "16" };
const workers = [startWorkerProcess(env), startWorkerProcess(env)];
const firstStarted = Date.now();
const firstRuns = await runsFinished("first");
const firstSeconds = (Date.now() - firstStarted) / 1000;
const firstCalls = sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" }).length;
console.log(`\n── Phase 1: ${WORKSPACES} first syncs at once ──`);
console.log(`time                       ${firstSeconds.toFixed(2)} s for ${firstCalls} calls`);
console.log(`429s met                   ${tooManyRequests()} (runs counted ${firstRuns.reduce((sum, run) => sum + run.rateLimitHits, 0)}) — goal 0`);

// Let every organisation's rolling minute empty, so phase 2 starts from a clean budget.
await new Promise((resolve) => setTimeout(resolve, MINUTE_MS + 1_000));
sandbox.callLog.clear();
// Each workspace's open invoices are listed before the clock starts, and all 20
// jobs are queued in one transaction: they become visible to the workers at the
// same moment, and the bench's own reads are not counted as the sync's time.
const refreshes: { workspace: (typeof workspaces)[number]; invoiceIds: string[] }[] = [];
for (const workspace of workspaces) {
  const open = await sql<{ id: string }[]>`select id from invoices where workspace_id = ${workspace.workspaceId} and status = 'AUTHORISED' order by id`;
  refreshes.push({ workspace, invoiceIds: open.map((row) => row.id) });
}
const callsEach = refreshes.map((refresh) => Math.ceil(refresh.invoiceIds.length / 50));
// CPU each party spends in phase 2: the worker processes, PostgreSQL, and this process (the sandbox).
const cpuNow = () => ({ workers: workers.reduce((sum, worker) => sum + cpuMsOf(worker.process.pid!), 0), postgres: postgresCpuMs(database.url), sandbox: cpuMsOf(process.pid) });
const cpuBefore = cpuNow();
const phase2Started = Date.now();
await db.transaction(async (tx) => {
  for (const { workspace, invoiceIds } of refreshes) {
    await enqueue(tx, "invoice_refresh", { workspaceId: workspace.workspaceId, invoiceIds }, { queueName: xeroQueueName(workspace.tenantId) });
  }
});
const refreshRuns = await runsFinished("refresh");
const cpuAfter = cpuNow();
const phase2Ms = Math.max(...refreshRuns.map((run) => new Date(run.finishedAt!).getTime())) - phase2Started;
// Xero admits 60 calls in any rolling minute: N calls take at least ⌊(N-1)/60⌋ minutes.
const allowedMs = Math.max(...callsEach.map((calls) => Math.floor((calls - 1) / 60) * MINUTE_MS));
const phase2Calls = sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" });
console.log(`\n── Phase 2: ${WORKSPACES} workspaces re-reading ${Math.min(...callsEach)}–${Math.max(...callsEach)} pages of invoices by id at once ──`);
console.log(`calls                      ${phase2Calls.length} (${Math.max(...callsEach)} at most for one organisation)`);
console.log(`429s met                   ${tooManyRequests()} (runs counted ${refreshRuns.reduce((sum, run) => sum + run.rateLimitHits, 0)}) — goal 0`);
console.log(`time                       ${(phase2Ms / 1000).toFixed(2)} s; the limits allow ${(allowedMs / 1000).toFixed(0)} s at best; ratio ${(phase2Ms / allowedMs).toFixed(3)} (goal ≤ 1.10)`);
const cpuSeconds = (party: keyof typeof cpuBefore) => ((cpuAfter[party] - cpuBefore[party]) / 1000).toFixed(1);
console.log(`CPU                        workers ${cpuSeconds("workers")} s, PostgreSQL ${cpuSeconds("postgres")} s, sandbox ${cpuSeconds("sandbox")} s (load average ${os.loadavg()[0].toFixed(1)})`);
// Where an organisation's time went: its calls past the minute's 60th wait for its first calls to
// leave Xero's minute, so the moment its (N − 60)th call was answered bounds when it can finish.
const secondsIn = (at: number) => ((at - phase2Started) / 1000).toFixed(1);
const timelines = refreshes.map(({ workspace }, index) => {
  const answered = phase2Calls.filter((call) => call.tenantId === workspace.tenantId).map((call) => call.at).sort((a, b) => a - b);
  const finished = new Date(refreshRuns.find((run) => run.workspaceId === workspace.workspaceId)!.finishedAt!).getTime();
  return { first: answered[0], pacing: answered[callsEach[index] - 61] ?? answered[0], sixtieth: answered[59], last: answered[answered.length - 1], finished };
});
const spread = (moment: (timeline: (typeof timelines)[number]) => number) => {
  const sorted = timelines.map(moment).sort((a, b) => a - b);
  return `${secondsIn(sorted[0])} / ${secondsIn(sorted[sorted.length >> 1])} / ${secondsIn(sorted[sorted.length - 1])} s`;
};
const slowest = [...timelines].sort((a, b) => b.finished - a.finished)[0];
console.log(`first call answered        ${spread((timeline) => timeline.first)} (min / median / max over the organisations)`);
console.log(`(N − 60)th call answered   ${spread((timeline) => timeline.pacing)}`);
console.log(`slowest organisation       (N − 60)th call ${secondsIn(slowest.pacing)} s, 60th ${secondsIn(slowest.sixtieth)} s, last ${secondsIn(slowest.last)} s, run finished ${secondsIn(slowest.finished)} s`);

for (const worker of workers) await worker.stop();
await sandbox.close();
await closeAppDatabase();
await database.stop();
process.exit(0);
