// Starts the whole product once for the run (scripts/stack.ts, "e2e" mode: a
// fresh migrated database, the built app, the worker, the sandbox, the
// mailbox) and shares its address and settings with the test workers through
// process.env. Set E2E_BASE_URL (and DATABASE_URL, SESSION_SECRET) to test a
// stack that is already running instead.
import fs from "node:fs";
import path from "node:path";
import type { FullConfig } from "@playwright/test";

const STACK_LOG = path.resolve("test-results", "e2e-stack.log");

export default async function globalSetup(_config: FullConfig) {
  if (process.env.E2E_BASE_URL) {
    if (!process.env.DATABASE_URL) throw new Error("E2E_BASE_URL is set, so DATABASE_URL must name that stack's database too.");
    return;
  }
  fs.mkdirSync(path.dirname(STACK_LOG), { recursive: true });
  const log = fs.createWriteStream(STACK_LOG);
  const { startStack } = await import("../../scripts/stack");
  const started = Date.now();
  let stack: Awaited<ReturnType<typeof startStack>>;
  try {
    stack = await startStack({ mode: "e2e", log: (line) => log.write(`${line}\n`) });
  } catch (error) {
    log.end();
    throw new Error(`The e2e stack did not start (its output is in ${STACK_LOG}): ${String(error)}`);
  }
  console.log(`e2e stack up at ${stack.appUrl} in ${((Date.now() - started) / 1000).toFixed(1)}s (log: ${STACK_LOG})`);

  // Workers start after this and inherit the environment: the session fixture
  // signs cookies with the same secret and writes to the same database.
  Object.assign(process.env, stack.env, { E2E_BASE_URL: stack.appUrl, DATABASE_URL: stack.databaseUrl });

  return async () => {
    await stack.stop();
    log.end();
  };
}
