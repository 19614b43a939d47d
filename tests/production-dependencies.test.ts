// Production installs without devDependencies (README: Production): the
// modules its processes load — the worker, the migrations — must not import
// one. A child process loads them with a hook that refuses any devDependency
// imported by Solido's own code.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("production's processes", () => {
  it("load the worker's and the migrations' modules without any devDependency", async () => {
    const script = [
      "await import('./db/database-url.ts');",
      "await import('./db/migrate.ts');",
      "await import('./jobs/runner.ts');",
      "console.log('loaded');",
    ].join(" ");
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "--import", "./tests/support/refuse-dev-dependencies.mjs", "--input-type=module", "-e", script],
      { env: { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" } },
    );
    expect(stdout.trim()).toBe("loaded");
  });
});
