// `npm test`: every check a change must pass, in the order that fails fastest —
// typecheck, unit + integration tests (real PostgreSQL), production build, and
// end-to-end tests in Chromium against the built app. Ends with one summary line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const results = path.resolve(".data/test-results");
fs.mkdirSync(results, { recursive: true });
const vitestJson = path.join(results, "vitest.json");
const playwrightJson = path.join(results, "playwright.json");
fs.rmSync(vitestJson, { force: true });
fs.rmSync(playwrightJson, { force: true });

const steps: { name: string; ok: boolean; seconds: number }[] = [];
function step(name: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n▶ ${name}: ${[command, ...args].join(" ")}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  steps.push({ name, ok: status === 0, seconds: (Date.now() - started) / 1000 });
  return status === 0;
}

const npx = (tool: string) => path.resolve("node_modules/.bin", tool);
step("typecheck", npx("tsc"), ["--noEmit"]);
step("unit and integration tests", npx("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
if (step("build", npx("remix"), ["build"])) {
  step("end-to-end tests", npx("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
}

function counts() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let flaky = 0;
  if (fs.existsSync(vitestJson)) {
    const report = JSON.parse(fs.readFileSync(vitestJson, "utf8"));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  if (fs.existsSync(playwrightJson)) {
    const { stats } = JSON.parse(fs.readFileSync(playwrightJson, "utf8"));
    passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
    flaky += stats?.flaky ?? 0;
    failed += stats?.unexpected ?? 0;
    skipped += stats?.skipped ?? 0;
  }
  return { passed, failed, skipped, flaky };
}

const { passed, failed, skipped, flaky } = counts();
const failedSteps = steps.filter((s) => !s.ok);
console.log("\n" + steps.map((s) => `${s.ok ? "✔" : "✘"} ${s.name} (${s.seconds.toFixed(1)}s)`).join("\n"));
if (flaky) console.log(`${flaky} end-to-end test(s) passed only when retried: look at them.`);
// A step can fail without failing a test (typecheck, build): count it as a failure.
const failures = failed + failedSteps.filter((s) => s.name === "typecheck" || s.name === "build").length;
console.log(`tests: ${passed} passed, ${failures} failed` + (skipped ? `, ${skipped} skipped` : ""));
process.exit(failedSteps.length === 0 && failures === 0 ? 0 : 1);
