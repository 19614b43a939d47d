import { defineConfig } from "vitest/config";

// Unit and integration tests. Integration tests get a real PostgreSQL: the
// global setup starts an embedded server when DATABASE_URL is unset, and each
// test file creates its own database from a migrated template (tests/support/database.ts),
// so files run in parallel without sharing rows.
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["{app,db,jobs,emails,sandbox,tests}/**/*.test.{ts,tsx}"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/per-file-database.ts", "tests/support/fail-on-console-error.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
