// Xero's daily call limit (1,000 a day for a Starter-tier app's organisation, 5,000 otherwise;
// developer.xero.com/documentation/oauth2/limits, developer.xero.com/pricing): once an organisation's
// day is spent, Xero answers 429 with X-Rate-Limit-Problem: day and a Retry-After of hours. Solido
// stops asking, says so on Settings → Integrations in plain words, and does not retry in a loop.
import { desc, eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { syncRuns } from "~db/schema";
import { callRoute, connectedWorkspace, runJobs, startSandboxForApp } from "../support/sandbox-app";

// A Starter-tier app whose organisation has one call of its day left: the first sync runs out after its first call.
const sandbox = await startSandboxForApp({ appTier: "starter", rateLimits: { perTenantPerDay: 1 } });
const { db } = await import("~/server/db.server");
const { requestSync } = await import("~/xero/connection-lifecycle.server");
const integrations = await import("~/routes/w.$workspaceSlug.settings.integrations");
afterAll(() => sandbox.close());

it("stops at Xero's daily limit, says so on Settings → Integrations in plain words, and does not keep calling Xero", async () => {
  const { workspaceId, slug, cookie } = await connectedWorkspace(sandbox, "solo@solido.test", "Solo Studio");
  sandbox.callLog.clear();
  await runJobs();

  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt)).limit(1);
  expect(run).toMatchObject({ status: "failed", errorCode: "daily_limit" });
  const refused = sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" }).filter((call) => call.status === 429);
  expect(refused.length).toBeLessThanOrEqual(1);

  const page = await callRoute(integrations.loader, new Request(`http://localhost:3000/w/${slug}/settings/integrations`, { headers: { cookie } }), { workspaceSlug: slug });
  const { describeSyncRun } = await import("~/display/sync-status");
  const { lastSync } = (await page.json()) as { lastSync: { run: Parameters<typeof describeSyncRun>[0] } };
  expect(describeSyncRun(lastSync.run)).toMatch(/daily allowance of requests .* is used up/);

  // Asking again the same day costs no call: Solido already knows the day is spent.
  const calls = sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" }).length;
  await requestSync(workspaceId);
  await runJobs();
  expect(sandbox.callLog.list({ pathPrefix: "/api.xro/2.0" })).toHaveLength(calls);
});
