// End-to-end tests: real Chromium against the built app, a real PostgreSQL,
// the worker, the Xero sandbox and the mailbox, all started by global-setup.
import fs from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** The browser to drive: one named in the environment, the system's, or Playwright's own download. */
function chromiumLaunchOptions() {
  const configured = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  const executablePath = configured || (fs.existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
  if (executablePath) {
    return {
      executablePath,
      // Quiet and self-contained: no sandbox (containers run as root), and no
      // background calls home, which would fail without internet anyway.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    };
  }
  if (fs.existsSync(chromium.executablePath())) return {};
  throw new Error(
    "No Chromium for the end-to-end tests. Install one with `apt-get install -y chromium` " +
      "(or `npx playwright install chromium`), or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium binary.",
  );
}

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  // One retry on CI, where a loaded machine can delay a page; Playwright still reports such a test as flaky.
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  outputDir: "test-results",
  use: {
    // global-setup starts the stack and publishes its address here before any worker starts.
    baseURL: process.env.E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunchOptions() },
    },
  ],
});
