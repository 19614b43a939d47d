import { expect, test } from "./support/test";

test("/healthz reports the database ok and a live worker heartbeat", async ({ request }) => {
  // The worker beats as it starts; the stack may have answered before its first beat landed.
  await expect
    .poll(async () => (await (await request.get("/healthz")).json()).worker.alive, { timeout: 20_000 })
    .toBe(true);

  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const health = await response.json();
  expect(health.status).toBe("ok");
  expect(health.database).toMatchObject({ ok: true });
  expect(health.database.latencyMs).toBeGreaterThanOrEqual(0);
  expect(health.worker.aliveWorkers).toBeGreaterThanOrEqual(1);
  expect(health.worker.secondsAgo).toBeLessThan(120);
  expect(Date.parse(health.worker.lastHeartbeatAt)).not.toBeNaN();
});
