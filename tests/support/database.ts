// Each test file gets its own database, cloned from the migrated template, so
// files run in parallel against real PostgreSQL without seeing each other's rows.
import crypto from "node:crypto";
import postgres from "postgres";
import { withDatabaseName } from "~db/database-url";

export const TEMPLATE_DATABASE = "solido_test_template";

export async function dropDatabase(serverUrl: string, name: string) {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function createTestDatabase(serverUrl: string) {
  const name = `solido_test_${crypto.randomBytes(6).toString("hex")}`;
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`create database "${name}" template "${TEMPLATE_DATABASE}"`);
  } finally {
    await sql.end({ timeout: 1 });
  }
  return { name, url: withDatabaseName(serverUrl, name), drop: () => dropDatabase(serverUrl, name) };
}
