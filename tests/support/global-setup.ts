// Once per `vitest run`: a PostgreSQL server (embedded unless DATABASE_URL is
// set) and a migrated template database that each test file clones.
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureDatabaseExists, withDatabaseName } from "~db/database-url";
import { startEmbeddedPostgres } from "~db/embedded-postgres";
import { migrateDatabase } from "~db/migrate";
import { TEMPLATE_DATABASE, dropDatabase } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    postgresServerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  let serverUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabaseName(process.env.DATABASE_URL, "postgres");
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(os.tmpdir(), `solido-vitest-${process.pid}`),
      ephemeral: true,
    });
    serverUrl = server.serverUrl;
    stop = server.stop;
  }
  await dropDatabase(serverUrl, TEMPLATE_DATABASE);
  await ensureDatabaseExists(serverUrl, TEMPLATE_DATABASE);
  await migrateDatabase(withDatabaseName(serverUrl, TEMPLATE_DATABASE));
  project.provide("postgresServerUrl", serverUrl);
  return async () => {
    await dropDatabase(serverUrl, TEMPLATE_DATABASE);
    await stop();
  };
}
