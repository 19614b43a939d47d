// bench/sync: a first sync of the sandbox's large generated organisation, run
// by a real worker process, at 10k and 100k invoices. Prints, with goals:
// - Xero calls ÷ the fewest the sync's reads allow (≤ 1.00), and bytes received;
// - CPU per 1,000 invoices for Solido alone — the worker process and the
//   embedded PostgreSQL's whole process tree, from /proc; the sandbox, which
//   plays Xero in this process, excluded — and what that makes of one core:
//   the organisations it keeps syncing at Xero's full pace (60 pages of 1,000
//   a minute per organisation), 60 s ÷ the CPU seconds of 60,000 invoices (≥ 10);
// - the worker's peak RSS growth from 10k to 100k invoices (< 50 MB);
// - what a no-change incremental sync costs (≤ 3 calls).
//
// Xero's per-minute limit is lifted in the sandbox and the gateway alike, so
// nothing waits; bench/sync-limits measures pacing under the real limits.
// Run: npm run bench:sync [-- --sizes=10000:2000,100000:20000]
import os from "node:os";
import { benchDatabase, cpuMsOf, mb, runAsProduction, startWorkerProcess, until } from "./support";

const sizes = (process.argv.find((arg) => arg.startsWith("--sizes="))?.slice(8) ?? "10000:2000,100000:20000")
  .split(",")
  .map((pair) => pair.split(":").map(Number) as [number, number]);

const { webhookKey } = runAsProduction({ smtpUrl: "smtp://127.0.0.1:9" }); // syncing sends no email
const database = await benchDatabase();
const LIFTED = { XERO_RATE_LIMIT_MINUTE: "1000000", XERO_RATE_LIMIT_DAY: "10000000" };
const { startSandboxForApp, connectedWorkspace, control } = await import("../tests/support/sandbox-app");
const sandbox = await startSandboxForApp({ webhookKey, rateLimits: { perTenantPerMinute: 1_000_000, perTenantPerDay: 10_000_000 } }, LIFTED);
const { db, closeAppDatabase } = await import("~/server/db.server");
const { syncRuns } = await import("~db/schema");
const { desc, eq } = await import("drizzle-orm");
const { requestSync } = await import("~/xero/connection-lifecycle.server");

const latestRun = async (workspaceId: string) =>
  (await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt)).limit(1))[0];
const finished = (workspaceId: string, after?: string) =>
  until("the sync run", async () => {
    const run = await latestRun(workspaceId);
    if (!run || run.id === after || (run.status !== "succeeded" && run.status !== "failed")) return undefined;
    if (run.status === "failed") throw new Error(`Sync failed: ${run.errorCode} ${run.error}`);
    return run;
  });

/** Seconds covered by at least one of the intervals (epoch ms). */
function busySeconds(intervals: [number, number][]) {
  let busy = 0;
  let reach = -Infinity;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (end > reach) busy += end - Math.max(start, reach);
    reach = Math.max(reach, end);
  }
  return busy / 1000;
}

type Result = { invoices: number; rssMb: number };
const results: Result[] = [];
for (const [invoiceCount, contactCount] of sizes) {
  const name = `Large Org ${invoiceCount}`;
  const generated = await control(sandbox, "/organisations/large", { name, invoices: invoiceCount, contacts: contactCount, seed: invoiceCount, userEmails: ["demo@solido.test"] });
  const { workspaceId, tenantId } = await connectedWorkspace(sandbox, "demo@solido.test", name);
  sandbox.callLog.clear();
  const worker = startWorkerProcess(LIFTED);
  // CPU from the moment the run starts (the worker's own start-up excluded) to its end, each party apart.
  // This process is the sandbox (and the cheap polling of this loop).
  await until("the first sync to start", async () => (await latestRun(workspaceId))?.startedAt, undefined, 5);
  const cpuAtStart = { worker: cpuMsOf(worker.process.pid!), postgres: database.cpuMs(), sandbox: process.cpuUsage() };
  const run = await finished(workspaceId);
  const sandboxCpu = process.cpuUsage(cpuAtStart.sandbox);
  const cpu = {
    worker: (cpuMsOf(worker.process.pid!) - cpuAtStart.worker) / 1000,
    postgres: (database.cpuMs() - cpuAtStart.postgres) / 1000,
    sandbox: (sandboxCpu.user + sandboxCpu.system) / 1e6,
  };
  const seconds = (run.finishedAt!.getTime() - run.startedAt!.getTime()) / 1000;

  const book = sandbox.store.book(tenantId)!;
  const historyStart = run.startedAt!.getTime() - 90 * 86_400_000;
  const sales = [...book.invoices.values()].filter((invoice) => invoice.type === "ACCREC");
  const copied = sales.filter((invoice) => invoice.status === "AUTHORISED" || ((invoice.status === "PAID" || invoice.status === "VOIDED") && invoice.updatedAt > historyStart));
  const open = copied.filter((invoice) => invoice.status === "AUTHORISED").length;
  const history = copied.length - open;
  // The contacts the copied invoices name: a first sync reads exactly those, by id (docs/decisions/0003-reading-contacts.md).
  const named = new Set(copied.map((invoice) => invoice.contactId)).size;
  // The sandbox's credit notes are all sales (ACCRECCREDIT) ones; overpayments and prepayments are read the same way.
  const openCreditNotes = [...book.creditNotes.values()].filter((note) => note.status === "AUTHORISED").length;
  const openPaymentCredits = (kind: string) => [...book.paymentCredits.values()].filter((credit) => credit.kind === kind && credit.status === "AUTHORISED").length;
  // A full last page is followed by one more read, as the sync cannot know it was the last.
  const creditPages = [openCreditNotes, openPaymentCredits("OVERPAYMENT"), openPaymentCredits("PREPAYMENT")].map((open) => Math.floor(open / 1000) + 1);
  // The contact groups: the list, and each group's members (app/sync/contact-groups.server.ts; no other way to read them).
  const groups = [...book.contactGroups.values()].filter((group) => group.status === "ACTIVE").length;
  // The organisation; the invoice pages (at least one); the named contacts 50 ids a call; the open
  // credit notes', overpayments' and prepayments' pages; the contact groups.
  const minimum = 1 + Math.max(1, Math.ceil(copied.length / 1000)) + Math.ceil(named / 50) + creditPages.reduce((sum, pages) => sum + pages, 0) + 1 + groups;
  const calls = sandbox.callLog.list({ tenantId, pathPrefix: "/api.xro/2.0" });
  const synced = run.invoicesCreated;

  sandbox.callLog.clear();
  await requestSync(workspaceId);
  const incremental = await finished(workspaceId, run.id);
  const rssMb = worker.peakRssMb();
  await worker.stop();
  results.push({ invoices: invoiceCount, rssMb });

  console.log(`\n── First sync: ${generated.invoices.toLocaleString()} invoices, ${generated.contacts.toLocaleString()} contacts in Xero ──`);
  console.log(`invoices synced            ${synced.toLocaleString()} (open ${open.toLocaleString()}, paid/voided in 90 days ${history.toLocaleString()}); contacts written ${(run.contactsCreated + run.contactsUpdated).toLocaleString()} (the invoices name ${named.toLocaleString()})`);
  // Time the sandbox spent answering (calls overlap: one page is read ahead while another is written).
  const inXero = busySeconds(calls.map((call) => [call.at - call.durationMs, call.at]));
  console.log(`wall time                  ${seconds.toFixed(2)} s (the run's start to finish), of which the sandbox was answering for ${inXero.toFixed(2)} s; load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}`);
  console.log(`Xero calls                 ${run.xeroCalls} (sandbox counted ${calls.length}); minimum ${minimum} = 1 organisation + ⌈${copied.length}/1000⌉ invoice pages + ⌈${named}/50⌉ contacts by id + ${creditPages.join(" + ")} credit-note, overpayment and prepayment page(s) + ${1 + groups} contact-group call(s); ratio ${(run.xeroCalls / minimum).toFixed(2)} (goal ≤ 1.00)`);
  console.log(`bytes received             ${mb(run.bytesReceived)} (sandbox sent ${mb(calls.reduce((sum, call) => sum + call.bytes, 0))}); ${Math.round(run.bytesReceived / Math.max(1, synced + run.contactsCreated))} bytes a row`);
  const solido = cpu.worker + cpu.postgres;
  const perThousand = (solido / synced) * 1000;
  console.log(`CPU, Solido alone          ${solido.toFixed(2)} s = worker ${cpu.worker.toFixed(2)} + PostgreSQL ${cpu.postgres.toFixed(2)} (the sandbox's ${cpu.sandbox.toFixed(2)} s excluded) = ${perThousand.toFixed(3)} CPU-s per 1,000 invoices`);
  console.log(`organisations per core     ${(60 / (perThousand * 60)).toFixed(1)} = 60 s ÷ ${(perThousand * 60).toFixed(2)} CPU-s per 60,000 invoices (Xero's most for one organisation in a minute) (goal ≥ 10)`);
  console.log(`worker peak RSS            ${rssMb.toFixed(1)} MB`);
  console.log(`no-change incremental      ${incremental.xeroCalls} calls, ${(incremental.bytesReceived / 1024).toFixed(1)} KB, ${((incremental.finishedAt!.getTime() - incremental.startedAt!.getTime()) / 1000).toFixed(2)} s (goal ≤ 5 calls: contacts, invoices, credit notes, overpayments, prepayments)`);
}
if (results.length >= 2) {
  const [small, large] = [results[0], results[results.length - 1]];
  console.log(`\nworker peak RSS growth ${small.invoices.toLocaleString()} → ${large.invoices.toLocaleString()} invoices: ${(large.rssMb - small.rssMb).toFixed(1)} MB (goal < 50 MB)`);
}

await sandbox.close();
await closeAppDatabase();
await database.stop();
process.exit(0);
