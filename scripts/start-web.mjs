// `npm run start:web`: the production web server, one process per CPU core
// (node:cluster, sharing one port), each running scripts/web-server.mjs — the
// built app behind express. A Remix server renders React on one thread, so a
// single process leaves every other core idle while pages queue behind each
// other's rendering. WEB_CONCURRENCY sets the number of processes (1 = a single
// process); each opens its own DATABASE_POOL_SIZE connections, so the database
// must allow processes × pool size.
import cluster from "node:cluster";
import os from "node:os";
import { fileURLToPath } from "node:url";

const processes = Number(process.env.WEB_CONCURRENCY || os.availableParallelism());
if (!Number.isInteger(processes) || processes < 1) {
  console.error(`WEB_CONCURRENCY must be a whole number of at least 1, not "${process.env.WEB_CONCURRENCY}"`);
  process.exit(1);
}
const serve = fileURLToPath(new URL("./web-server.mjs", import.meta.url));
const build = process.argv[2] ?? "./build/index.js";

if (processes === 1) {
  process.argv = [process.argv[0], serve, build];
  await import(serve);
} else if (cluster.isPrimary) {
  cluster.setupPrimary({ exec: serve, args: [build], execArgv: [] });
  let stopping = false;
  for (let index = 0; index < processes; index++) cluster.fork();
  // A process that dies unasked is replaced, so one crash does not halve the capacity for good.
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`web process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  // Stopping: each process stops taking connections and finishes the requests it has (cluster's
  // disconnect), then is ended — idle database connections are all it still holds, and they would
  // keep it alive. One still busy after 10 seconds is killed anyway.
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) {
        if (!worker) continue;
        worker.once("disconnect", () => worker.process.kill("SIGKILL"));
        worker.disconnect();
      }
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      }, 10_000).unref();
    });
  }
}
