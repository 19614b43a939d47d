// `npm run worker`: one worker process. Uses DATABASE_URL, or the development
// embedded PostgreSQL when it is unset. Stops gracefully on SIGINT/SIGTERM,
// letting running jobs finish.
import { resolveDatabaseUrl } from "~db/database-url";

process.env.SOLIDO_PROCESS ??= "solido-worker";
const database = await resolveDatabaseUrl();
process.env.DATABASE_URL = database.url;
// Imported only now: the app's modules read DATABASE_URL when they load.
const { startWorker } = await import("./runner");
const { closeAppDatabase } = await import("~/db.server");

const worker = await startWorker();
console.log(`[worker] ${worker.workerId} is running`);

const shutdown = async (signal: string) => {
  console.log(`[worker] ${signal}: finishing running jobs, then stopping`);
  await worker.stop();
  await closeAppDatabase();
  await database.stop();
  process.exit(0);
};
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
