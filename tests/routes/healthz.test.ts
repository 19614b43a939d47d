// GET /healthz with the database unreachable: a public page must not hand out
// the driver's error (hosts, ports, user names); it says "unavailable" and the
// details go to the log.
import { describe, expect, it, vi } from "vitest";

// Before the app's pool exists: a PostgreSQL address where nothing listens.
process.env.DATABASE_URL = "postgres://solido_secret_user:pw@127.0.0.1:1/solido_private_db";
const { loader } = await import("~/routes/healthz");

describe("/healthz when the database is down", () => {
  it("answers 503 saying only that the database is unavailable, and logs the cause", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {}); // expected here
    const response = await loader();
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ status: "down", database: { ok: false, error: "unavailable" } });
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|solido_secret_user|solido_private_db|:1\b/);
    expect(logged.mock.calls.map(String).join("\n")).toMatch(/healthz: the database did not answer: .*ECONNREFUSED/);
  });
});
