// `npm run worker`: one worker process. Uses DATABASE_URL, or the development
// embedded PostgreSQL when it is unset. Stops gracefully on SIGINT/SIGTERM,
// letting running jobs finish. Survives a PostgreSQL outage on its own: its job
// runner is started again once the database answers (jobs/runner.ts).
import v8 from "node:v8";
import { resolveDatabaseUrl } from "~db/database-url";

// A sync turns over a few megabytes a page (Xero's JSON, xero-node's models,
// the rows), most of it outliving a scavenge while the page is written. V8
// would let that garbage pile up to about four times the live heap before
// collecting it, so the worker's memory grew with the size of the organisation
// until that ceiling (≈ +140 MB from 10k to 100k invoices in bench/sync).
// Collecting once the heap is twice its live size keeps it flat (+28 MB),
// for a few more short full collections per large sync.
v8.setFlagsFromString("--heap-growing-percent=100");

process.env.SOLIDO_PROCESS ??= "solido-worker";
const database = await resolveDatabaseUrl();
process.env.DATABASE_URL = database.url;
// Imported only now: the app's modules read DATABASE_URL when they load.
const { startWorker } = await import("./runner");
const { closeAppDatabase } = await import("~/server/db.server");

const worker = await startWorker();
console.log(`[worker] ${worker.workerId} is running`);
const { logXeroConnectionCount } = await import("~/xero/connection-count.server");
await logXeroConnectionCount("worker started");

let shuttingDown = false;
const shutdown = async (signal: string) => {
  shuttingDown = true;
  console.log(`[worker] ${signal}: finishing running jobs, then stopping`);
  await worker.stop();
  await closeAppDatabase();
  await database.stop();
  process.exit(0);
};
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
// The runner ended and will not be started again (a breaking migration of graphile-worker's schema):
// the process ends, with graphile-worker's exit code, for the platform to start the new release.
void worker.ended.then(async () => {
  if (shuttingDown) return;
  console.error(`[worker] ${worker.workerId} has no job runner any more: exiting`);
  await closeAppDatabase().catch(() => {});
  await database.stop();
  process.exit(process.exitCode ?? 1);
});
