// "Sync now" on Settings → Integrations, followed live: the page shows the
// running sync and then its result without the user reloading, and a quiet
// day's identical "Up to date" syncs read as one line with a count.
import crypto from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { syncRuns } from "~db/schema";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { expect, test } from "./support/test";
import { signUpWithXero } from "./support/journey";
import { slowNextSyncAtXero, xeroUserWithOrganisation } from "./support/xero-sandbox";

test("Sync now is followed to its end without a reload, and identical 'Up to date' runs share one history line", async ({ page, database }) => {
  test.setTimeout(90_000);
  const run = crypto.randomBytes(3).toString("hex");
  const owner = { email: `lena-${run}@solido.test`, name: "Lena Live" };
  const organisation = `Live Sync Bakery ${run}`;
  const xero = await xeroUserWithOrganisation(owner, organisation);
  await xero.invoice({ name: "Crumb & Co", emailAddress: `accounts-${run}@crumb.test` }, { dueDate: new Date().toISOString().slice(0, 10), amount: "80.00" });

  const workspace = await signUpWithXero(page, database, owner, organisation, { waitForFirstSync: false });
  const latestRun = async () => (await database.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspace.id)).orderBy(desc(syncRuns.queuedAt)).limit(1))[0];
  await expect.poll(async () => (await latestRun())?.status, { timeout: 30_000, message: "the first sync" }).toBe("succeeded");

  // Three scheduled syncs that found nothing new, as a quiet morning leaves them (older than the first sync: the history's last line).
  const quiet = [105, 90, 75].map((minutesAgo) => ({
    workspaceId: workspace.id,
    kind: "incremental" as const,
    trigger: "schedule" as const,
    status: "succeeded" as const,
    queuedAt: new Date(Date.now() - minutesAgo * 60_000),
    startedAt: new Date(Date.now() - minutesAgo * 60_000),
    finishedAt: new Date(Date.now() - minutesAgo * 60_000 + 2_000),
    pagesDone: 1,
    pageCount: 1,
  }));
  await database.insert(syncRuns).values(quiet);

  await page.goto(`/w/${workspace.slug}/settings/integrations`);
  const history = page.getByTestId("sync-history").getByRole("listitem");
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText(/Synced \d+ invoices? and \d+ contacts?\./);
  await expect(history.nth(1)).toContainText(/^.+Up to date: nothing changed in Xero\. \(3 syncs, the first .+\)$/);

  // The page must not reload: a mark on the window survives only a live update.
  await page.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));
  await slowNextSyncAtXero(organisation, 3_000);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("toast")).toHaveText("Sync started. New invoices and payments will appear shortly.");
  const now = page.getByTestId("sync-in-progress");
  await expect(now).toHaveText(/^(Sync is about to start\.|Syncing….*)$/);
  await expectNoSeriousAccessibilityViolations(page, "Settings → Integrations while a sync runs");

  await expect(now).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId("last-sync")).toContainText("Up to date: nothing changed in Xero.");
  await expect(history.nth(0)).toContainText(/Up to date: nothing changed in Xero\./);
  expect((await latestRun()).status).toBe("succeeded");
  expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
});
