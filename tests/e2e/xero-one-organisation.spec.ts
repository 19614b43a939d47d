// Journeys of a business with one Xero organisation (the sandbox's Sol Solo and
// Solo Studio), in real Chromium through the sandbox's own Xero pages: sign up
// from the landing page, then look after the connection in Settings →
// Integrations. Also: cancelling at Xero.
import { desc, eq } from "drizzle-orm";
import { contacts, invoices, syncRuns } from "~db/schema";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { signIn, type Database } from "./support/session";
import { expect, pageHeading, test } from "./support/test";
import {
  SOLO,
  SOLO_STUDIO,
  allowAccessAtXero,
  connectionsAtXero,
  forgetDemoUsers,
  logInAtXero,
  slowNextSyncAtXero,
  solidoUserOf,
  workspaceHolding,
} from "./support/xero-sandbox";
import type { Page } from "@playwright/test";

const syncRunsOf = (database: Database, workspaceId: string) =>
  database.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt));

/** The value next to a label in the connection's facts (Organisation, Last sync, …). */
const fact = (page: Page, label: string) => page.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
const connectionBadge = (page: Page) => page.getByRole("heading", { name: "Xero", exact: true }).locator("xpath=following-sibling::*[1]");

// The same organisation is signed up, then disconnected and reconnected: one after the other.
test.describe.serial("a business with one Xero organisation", () => {
  test.beforeAll(async ({ database }) => {
    await forgetDemoUsers(database, [SOLO]);
  });

  test("signs up from the landing page and lands on a dashboard where the first sync has started", async ({ page, database }) => {
    await slowNextSyncAtXero(SOLO_STUDIO);
    await page.goto("/");
    await expect(pageHeading(page)).toHaveText("Get paid on time.");
    await expectNoSeriousAccessibilityViolations(page, "the landing page");

    const started = performance.now();
    await page.getByRole("link", { name: "Sign up with Xero" }).click();
    await logInAtXero(page, SOLO);
    await allowAccessAtXero(page);
    await expect(pageHeading(page)).toHaveText("Dashboard");
    await expect(page.getByTestId("sync-progress")).toBeVisible();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`time from landing page to dashboard: ${seconds}s`);
    test.info().annotations.push({ type: "time from landing page to dashboard", description: `${seconds}s` });

    const workspace = await workspaceHolding(database, SOLO_STUDIO);
    await expect(page).toHaveURL(`/w/${workspace.slug}`);
    expect(workspace.name).toBe(SOLO_STUDIO);
    await expect(page.getByRole("button", { name: `Workspace: ${SOLO_STUDIO}. Switch workspace` })).toBeVisible();
    await expect(page.getByTestId("toast")).toHaveText("Connected to Xero. Your invoices are on their way.");
    const [firstSync] = await syncRunsOf(database, workspace.id);
    expect(firstSync).toMatchObject({ kind: "first", trigger: "connect" });
    expect(["queued", "running", "succeeded"]).toContain(firstSync.status);
    expect((await connectionsAtXero(SOLO)).map((connection) => connection.organisation)).toEqual([SOLO_STUDIO]);
    await expectNoSeriousAccessibilityViolations(page, "the dashboard during the first sync");
  });

  test("Integrations shows status and last sync; Sync now queues a sync; Disconnect, once confirmed, shows the banner and keeps the data; Connect Xero connects again", async ({
    page,
    context,
    baseURL,
    database,
  }) => {
    const user = await solidoUserOf(database, SOLO);
    const workspace = await workspaceHolding(database, SOLO_STUDIO);
    await signIn(context, baseURL!, user.id, { workspaceId: workspace.id });
    // An invoice as the first sync copies it, so "your data is kept" has data to keep whether or not the sync has run yet.
    const [customer] = await database
      .insert(contacts)
      .values({ workspaceId: workspace.id, xeroContactId: crypto.randomUUID(), name: "Kept Customer Ltd", isCustomer: true })
      .returning();
    await database.insert(invoices).values({
      workspaceId: workspace.id,
      xeroInvoiceId: crypto.randomUUID(),
      contactId: customer.id,
      invoiceNumber: "KEPT-1",
      status: "AUTHORISED",
      currencyCode: "GBP",
      total: "120.00",
      amountDue: "120.00",
      xeroUpdatedAt: new Date(),
    });

    const integrations = `/w/${workspace.slug}/settings/integrations`;
    await page.goto(integrations);
    await expect(connectionBadge(page)).toHaveText("Connected");
    await expect(fact(page, "Organisation")).toHaveText(SOLO_STUDIO);
    await expect(fact(page, "Last sync")).toHaveText(/^(Not synced yet\.|.+ — .+)$/);
    await expect(page.getByTestId("connection-banner")).toHaveCount(0);
    await expectNoSeriousAccessibilityViolations(page, "Settings → Integrations, connected");

    await page.getByRole("button", { name: "Sync now" }).click();
    await expect(page.getByTestId("toast")).toHaveText("Sync started. New invoices and payments will appear shortly.");
    // One sync waits at most per workspace: Sync now either queued its own run or joined the one already waiting.
    const runs = await syncRunsOf(database, workspace.id);
    expect(runs.some((run) => run.trigger === "manual" || run.status === "queued"), JSON.stringify(runs)).toBe(true);

    await page.getByRole("button", { name: "Disconnect Xero…" }).click();
    const dialog = page.getByRole("dialog", { name: "Disconnect from Xero?" });
    await expect(dialog).toContainText(`Solido will stop syncing with ${SOLO_STUDIO}`);
    await expectNoSeriousAccessibilityViolations(page, "Settings → Integrations with the Disconnect dialog open");
    const invoicesBefore = await database.$count(invoices, eq(invoices.workspaceId, workspace.id));
    await dialog.getByRole("button", { name: "Disconnect", exact: true }).click();

    await expect(page.getByTestId("toast")).toHaveText("Disconnected from Xero. Syncing and reminders have stopped; your data is kept.");
    await expect(dialog).toBeHidden();
    await expect(connectionBadge(page)).toHaveText("Disconnected");
    const banner = page.getByTestId("connection-banner");
    await expect(banner).toContainText(/Disconnected from Xero on \d{1,2} \w+ \d{4}\. Syncing and reminders are stopped/);
    expect(await connectionsAtXero(SOLO), "Solido gave up its connection at Xero").toEqual([]);
    await expectNoSeriousAccessibilityViolations(page, "Settings → Integrations, disconnected, with the banner");

    // The data stays, on every page, under the banner.
    expect(await database.$count(invoices, eq(invoices.workspaceId, workspace.id))).toBeGreaterThanOrEqual(invoicesBefore);
    const sidebar = page.getByRole("navigation", { name: "Workspace" });
    await sidebar.getByRole("link", { name: "Invoices" }).click();
    await expect(pageHeading(page)).toHaveText("Invoices");
    await expect(banner).toBeVisible();
    await expect(page.getByText("No invoices yet")).toHaveCount(0);
    // The invoice list lists it; the earlier page only counted ("8 invoices copied from Xero.").
    await expect(page.getByText("KEPT-1").or(page.getByText(/^\d+ invoices copied from Xero\.$/))).toBeVisible();
    await sidebar.getByRole("link", { name: "Dashboard" }).click();
    await expect(pageHeading(page)).toHaveText("Dashboard");
    await expect(banner).toBeVisible();
    await expect(page.getByText("Connect Xero to get started")).toHaveCount(0);
    await expect(page.getByText("Your invoices are arriving")).toHaveCount(0);

    await banner.getByRole("button", { name: "Reconnect Xero" }).click();
    await logInAtXero(page, SOLO);
    await allowAccessAtXero(page);
    await expect(page).toHaveURL(integrations);
    await expect(page.getByTestId("toast")).toHaveText("Reconnected to Xero. Syncing has resumed.");
    await expect(connectionBadge(page)).toHaveText("Connected");
    await expect(banner).toHaveCount(0);
    expect((await connectionsAtXero(SOLO)).map((connection) => connection.organisation)).toEqual([SOLO_STUDIO]);
  });
});

test.describe("cancelling at Xero", () => {
  // The explanation is sent with status 400: Chromium reports that as a failed resource.
  test.use({ expectedConsoleErrors: [/status of 400/] });

  test("cancelling on Xero's consent page explains that nothing was connected and offers Try again", async ({ page }) => {
    await page.goto("/signup");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in to Xero");
    await page.getByLabel("Email address").fill(SOLO.email);
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await page.getByRole("button", { name: "Cancel" }).click();

    await expect(pageHeading(page)).toHaveText("You cancelled at Xero");
    await expect(page.getByText("No problem — nothing was connected and nothing was shared.")).toBeVisible();
    await expectNoSeriousAccessibilityViolations(page, "the explanation after cancelling at Xero");

    await page.getByRole("link", { name: "Try again" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in to Xero");
  });
});
