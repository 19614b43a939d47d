// Brings a database up to date: Solido's drizzle migrations, then
// graphile-worker's own schema (so jobs can be enqueued in any transaction).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { Logger, runMigrations } from "graphile-worker";
import { openDatabase } from "./client";
import { resolveDatabaseUrl } from "./database-url";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export async function migrateDatabase(url: string) {
  const { db, close } = openDatabase(url, { max: 1 });
  try {
    await migrate(db, { migrationsFolder });
  } finally {
    await close();
  }
  await runMigrations({ connectionString: url, logger: quietLogger });
}

const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === "error" || level === "warning") console.error(`[graphile-worker] ${message}`);
});

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { url, stop } = await resolveDatabaseUrl();
  await migrateDatabase(url);
  console.log("Database is up to date.");
  await stop();
}
