// The web and worker processes' one database pool, kept across dev rebuilds.
// postgres.js connects lazily, so importing this opens no connection.
import { openDatabase } from "~db/client";
import { env } from "./env.server";

const globalForDb = globalThis as unknown as { __solidoDb?: ReturnType<typeof openDatabase> };
const pool = (globalForDb.__solidoDb ??= openDatabase(env().DATABASE_URL, { max: env().DATABASE_POOL_SIZE }));

/** Drizzle over the shared pool. */
export const db = pool.db;
/** postgres.js over the same pool, for set-based SQL. */
export const sql = pool.sql;

export async function closeAppDatabase() {
  globalForDb.__solidoDb = undefined;
  await pool.close();
}
