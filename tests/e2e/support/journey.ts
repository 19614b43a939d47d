// The start most reminder journeys share: a business signs up with Xero in
// the browser (the sandbox's login and consent pages), lands on the dashboard,
// its first sync runs, and — where the journey is not about the go-live switch
// itself (reminder-settings and first-day cover that) — reminders are live.
import { eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { workspaces } from "~db/schema";
import type { Database } from "./session";
import { expect, pageHeading } from "./test";
import { allowAccessAtXero, firstSyncDone, logInAtXero, workspaceHolding, type DemoUser } from "./xero-sandbox";

/**
 * Signs `owner` up from the landing page's "Sign up with Xero", consenting to
 * `organisation`, and returns the workspace that now holds it, once its first
 * sync has succeeded (customers' addresses and credit included) unless the
 * journey follows that sync itself.
 */
export async function signUpWithXero(page: Page, database: Database, owner: DemoUser, organisation: string, options: { waitForFirstSync?: boolean } = {}) {
  await page.goto("/");
  await page.getByRole("link", { name: "Sign up with Xero" }).click();
  await logInAtXero(page, owner);
  await allowAccessAtXero(page);
  await expect(pageHeading(page)).toHaveText("Dashboard");
  const workspace = await workspaceHolding(database, organisation);
  if (options.waitForFirstSync ?? true) await firstSyncDone(database, workspace.id);
  return workspace;
}

/** Reminders live from now, as Settings → Reminders' switch leaves them, with any other settings the journey needs. */
export async function remindersLive(database: Database, workspaceId: string, settings: Partial<typeof workspaces.$inferInsert> = {}) {
  await database.update(workspaces).set({ reminderMode: "live", remindersLiveSince: new Date(), ...settings }).where(eq(workspaces.id, workspaceId));
}
