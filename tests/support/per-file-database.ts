// Setup file: before a test file's modules load, point DATABASE_URL at a fresh
// database of its own; drop it when the file is done.
import { afterAll, inject } from "vitest";
import { createTestDatabase } from "./database";

const database = await createTestDatabase(inject("postgresServerUrl"));
process.env.DATABASE_URL = database.url;

afterAll(async () => {
  const { closeAppDatabase } = await import("~/server/db.server");
  await closeAppDatabase();
  await database.drop();
});
