// Anyone running `npx vitest run` must be told when a test fails: the exit code
// says so, whatever the global setup (an embedded PostgreSQL and its exit
// hooks) does on the way out.
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

it("exits non-zero when a test file fails, under the suite's own global setup", async () => {
  const vitest = path.resolve("node_modules/.bin/vitest");
  const child = spawn(vitest, ["run", "--config", "tests/fixtures/failing-suite/vitest.config.ts", "--reporter=default"], {
    // The child starts its own embedded PostgreSQL, as a developer's run does.
    env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));

  // The fixture ran and its one test failed (not a configuration error)...
  expect(output).toMatch(/Tests\s+1 failed/);
  // ...and the process says so.
  expect(code).toBe(1);
}, 180_000);
