// Journeys of the sandbox's Dana Demo, who has two Xero organisations (Harbour
// Coffee Roasters and Kiwi Plumbing Ltd), and of Sam, who shares Harbour: the
// organisation picker, signing in again, a second workspace connected from
// Settings → Integrations, a colleague sent to ask for an invite — and, once
// the real first syncs have run, dashboards whose totals are Xero's own.
import { desc, eq } from "drizzle-orm";
import { memberships, syncRuns } from "~db/schema";
import { expectNoSeriousAccessibilityViolations } from "./support/accessibility";
import { messagesTo } from "./support/mailbox";
import { signIn, type Database } from "./support/session";
import { expect, pageHeading, test } from "./support/test";
import {
  DANA,
  HARBOUR,
  KIWI,
  SAM,
  allowAccessAtXero,
  connectionsAtXero,
  forgetDemoUsers,
  logInAtXero,
  sandboxCalls,
  slowNextSyncAtXero,
  solidoUserOf,
  unpaidAtXero,
  workspaceHolding,
} from "./support/xero-sandbox";

const workspacesOf = async (database: Database, userId: string) =>
  database.select({ workspaceId: memberships.workspaceId }).from(memberships).where(eq(memberships.userId, userId));

const latestSyncRun = async (database: Database, workspaceId: string) =>
  (await database.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.queuedAt)).limit(1))[0];

// Each journey builds on the one before (an organisation is bound once, to one workspace): in order, as one group.
test.describe.serial("a Xero user with two organisations, and a colleague sharing one", () => {
  test.beforeAll(async ({ database }) => {
    await forgetDemoUsers(database, [DANA, SAM]);
  });

  test("signing up with two organisations asks which one (and can be left and resumed), names the workspace after it and gives up the other at Xero", async ({
    page,
    database,
  }) => {
    await slowNextSyncAtXero(KIWI);
    await page.goto("/signup");
    await logInAtXero(page, DANA);
    await allowAccessAtXero(page, { alsoTick: [KIWI] });

    await expect(pageHeading(page)).toHaveText("Which organisation is this workspace for?");
    const granted = await connectionsAtXero(DANA);
    expect(granted.map((connection) => connection.organisation)).toEqual([HARBOUR, KIWI]);
    await expect(page.getByRole("radio", { name: new RegExp(`^${HARBOUR}`) })).toBeChecked();
    await expectNoSeriousAccessibilityViolations(page, "the organisation picker");
    // Leaving the picker half-way keeps Xero's answer: the home page leads back to it.
    await page.goto("/");
    await page.getByRole("link", { name: "Finish choosing your organisation" }).click();
    await expect(pageHeading(page)).toHaveText("Which organisation is this workspace for?");
    await page.getByRole("radio", { name: new RegExp(`^${KIWI}`) }).check();
    await page.getByRole("button", { name: "Continue with this organisation" }).click();

    await expect(pageHeading(page)).toHaveText("Dashboard");
    const workspace = await workspaceHolding(database, KIWI);
    await expect(page).toHaveURL(`/w/${workspace.slug}`);
    expect(workspace.name).toBe(KIWI);
    await expect(page.getByRole("button", { name: `Workspace: ${KIWI}. Switch workspace` })).toBeVisible();
    await expect(page.getByText(`How ${KIWI} is getting paid.`)).toBeVisible();
    await expect(page.getByTestId("sync-progress")).toBeVisible();

    // At Xero: only the chosen organisation is still connected; Solido deleted the other connection itself.
    expect((await connectionsAtXero(DANA)).map((connection) => connection.organisation)).toEqual([KIWI]);
    const harbourConnection = granted.find((connection) => connection.organisation === HARBOUR)!;
    const deletions = (await sandboxCalls(`/connections/${harbourConnection.id}`)).filter((call) => call.method === "DELETE");
    expect(deletions.map((call) => call.status)).toEqual([204]);
  });

  test("signing in again as the same Xero user opens the same workspace", async ({ page, database }) => {
    const workspace = await workspaceHolding(database, KIWI);
    await page.goto("/login");
    await expectNoSeriousAccessibilityViolations(page, "the sign-in page");
    await page.getByRole("link", { name: "Sign in with Xero" }).click();
    await logInAtXero(page, DANA);
    await allowAccessAtXero(page);

    await expect(page).toHaveURL(`/w/${workspace.slug}`);
    await expect(page.getByRole("button", { name: `Workspace: ${KIWI}. Switch workspace` })).toBeVisible();
    const dana = await solidoUserOf(database, DANA);
    expect(await workspacesOf(database, dana.id)).toEqual([{ workspaceId: workspace.id }]);
    // Signing in shares no organisation data: Xero holds the same one connection as before.
    expect((await connectionsAtXero(DANA)).map((connection) => connection.organisation)).toEqual([KIWI]);
  });

  test("a new workspace connects Xero from Settings → Integrations, takes the organisation's name and starts its first sync", async ({
    page,
    context,
    baseURL,
    database,
  }) => {
    const dana = await solidoUserOf(database, DANA);
    const kiwi = await workspaceHolding(database, KIWI);
    await signIn(context, baseURL!, dana.id, { workspaceId: kiwi.id });
    await page.goto(`/w/${kiwi.slug}`);

    await page.getByRole("button", { name: /Switch workspace/ }).click();
    await page.getByRole("menuitem", { name: "New workspace" }).click();
    await expect(pageHeading(page)).toHaveText("New workspace");
    await expect(page.getByLabel("Workspace name")).toHaveValue("My business");
    await expectNoSeriousAccessibilityViolations(page, "the new workspace page");
    await page.getByRole("button", { name: "Create workspace" }).click();

    await expect(pageHeading(page)).toHaveText("Dashboard");
    await expect(page.getByTestId("toast")).toHaveText("Created My business.");
    const slug = new URL(page.url()).pathname.split("/")[2];
    await page.getByRole("link", { name: "Go to Settings → Integrations" }).click();
    await expect(page.getByText("Not connected", { exact: true })).toBeVisible();
    await expectNoSeriousAccessibilityViolations(page, "Settings → Integrations, not connected");
    await slowNextSyncAtXero(HARBOUR);
    await page.getByRole("button", { name: "Connect Xero" }).click();
    await logInAtXero(page, DANA);
    await allowAccessAtXero(page); // Harbour Coffee Roasters, ticked first

    await expect(page).toHaveURL(`/w/${slug}`);
    await expect(page.getByTestId("toast")).toHaveText("Connected to Xero. Your invoices are on their way.");
    await expect(page.getByRole("button", { name: `Workspace: ${HARBOUR}. Switch workspace` })).toBeVisible();
    await expect(page.getByTestId("sync-progress")).toBeVisible();
    const harbour = await workspaceHolding(database, HARBOUR);
    expect(harbour.slug).toBe(slug);
    const firstSync = await latestSyncRun(database, harbour.id);
    expect(firstSync).toMatchObject({ kind: "first", trigger: "connect" });
    expect(["queued", "running", "succeeded"]).toContain(firstSync.status);
    expect((await connectionsAtXero(DANA)).map((connection) => connection.organisation)).toEqual([HARBOUR, KIWI]);
  });

  test.describe("a colleague", () => {
    // The explanation is sent with status 409: Chromium reports that as a failed resource.
    test.use({ expectedConsoleErrors: [/status of 409/] });

    test("a second person signing up with an organisation already in Solido is told who looks after it, asks in one click, and gets in once Dana approves", async ({
      page,
      context,
      baseURL,
      database,
    }) => {
      await page.goto("/signup");
      await logInAtXero(page, SAM);
      await allowAccessAtXero(page);

      await expect(pageHeading(page)).toHaveText(`${HARBOUR} is already in Solido`);
      await expect(page.getByText(`${HARBOUR} is already in Solido. Dana Demo looks after its workspace: they can let you in.`)).toBeVisible();
      await expect(page.getByRole("link", { name: "Create a workspace" })).toHaveCount(0);
      await expectNoSeriousAccessibilityViolations(page, "the explanation that the organisation is taken, with the request button");
      const sam = await solidoUserOf(database, SAM);
      expect(await workspacesOf(database, sam.id)).toEqual([]);
      // Sam's consent is released at Xero; Dana's workspaces keep theirs.
      expect(await connectionsAtXero(SAM)).toEqual([]);
      expect((await connectionsAtXero(DANA)).map((connection) => connection.organisation)).toEqual([HARBOUR, KIWI]);

      await page.getByRole("button", { name: "Ask Dana Demo for access" }).click();
      await expect(pageHeading(page)).toHaveText("Request sent");
      await expect(page.getByTestId("access-request-status")).toContainText(`We've asked Dana Demo to let you into ${HARBOUR}.`);
      await expect.poll(async () => (await messagesTo(DANA.email)).map((message) => message.subject), { timeout: 20_000 }).toContain(
        `Sam Sharer asks to join ${HARBOUR} on Solido`,
      );
      // No empty workspace was made for Sam on the way, and coming back later leads to the request, not to "name a workspace".
      expect(await workspacesOf(database, sam.id)).toEqual([]);
      await page.goto("/workspaces/new");
      await expect(pageHeading(page)).toHaveText("Request sent");

      // Dana approves in Settings → Team.
      const dana = await solidoUserOf(database, DANA);
      const harbour = await workspaceHolding(database, HARBOUR);
      await context.clearCookies();
      await signIn(context, baseURL!, dana.id, { workspaceId: harbour.id });
      await page.goto(`/w/${harbour.slug}/settings/team`);
      const requests = page.getByTestId("access-requests");
      await expect(requests).toContainText("Sam Sharer");
      await expect(requests).toContainText(SAM.email);
      await expectNoSeriousAccessibilityViolations(page, "Settings → Team with a request to join");
      await requests.getByRole("button", { name: "Let Sam Sharer in" }).click();
      await expect(page.getByTestId("toast")).toHaveText(`${SAM.email} can now open ${HARBOUR}. We've emailed them.`);
      await expect(requests).toHaveCount(0);
      await expect(page.getByTestId("team-members")).toContainText("Sam Sharer");
      await expect.poll(async () => (await messagesTo(SAM.email)).map((message) => message.subject), { timeout: 20_000 }).toContain(`You're in: ${HARBOUR} on Solido`);

      // Sam signs in with Xero and goes straight to Harbour, as a viewer.
      await context.clearCookies();
      await page.goto("/login");
      await page.getByRole("link", { name: "Sign in with Xero" }).click();
      await logInAtXero(page, SAM);
      await allowAccessAtXero(page);
      await expect(page).toHaveURL(`/w/${harbour.slug}`);
      await expect(pageHeading(page)).toHaveText("Dashboard");
      expect(await workspacesOf(database, sam.id)).toEqual([{ workspaceId: harbour.id }]);
      const [membership] = await database.select().from(memberships).where(eq(memberships.userId, sam.id));
      expect(membership.role).toBe("viewer");
    });
  });

  test("once each first sync is done, the dashboard's outstanding and overdue totals are the sums of the organisation's unpaid invoices at Xero", async ({
    page,
    context,
    baseURL,
    database,
  }) => {
    // Two real first syncs through the sandbox's rate limits (one was slowed on purpose above).
    test.setTimeout(120_000);
    const dana = await solidoUserOf(database, DANA);
    for (const organisation of [KIWI, HARBOUR]) {
      const workspace = await workspaceHolding(database, organisation);
      await expect.poll(async () => (await latestSyncRun(database, workspace.id))?.status, { timeout: 90_000, message: `${organisation}'s first sync` }).toBe("succeeded");
      await signIn(context, baseURL!, dana.id, { workspaceId: workspace.id });
      await page.goto(`/w/${workspace.slug}`);
      await expect(pageHeading(page)).toHaveText("Dashboard");
      await expect(page.getByTestId("sync-progress")).toHaveCount(0);

      // The organisation's calendar day (both demo organisations keep New Zealand time), worked out here, not by the app.
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: workspace.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
      expect(workspace.timeZone).toBe("Pacific/Auckland");
      const atXero = await unpaidAtXero(organisation, today);
      expect(atXero.size, `${organisation} has unpaid invoices at Xero`).toBeGreaterThan(0);
      const money = (cents: number, currency: string) => new Intl.NumberFormat("en-NZ", { style: "currency", currency }).format(cents / 100);
      const shown = async (testId: string) =>
        Object.fromEntries(
          await page.getByTestId(testId).locator("[data-currency]").evaluateAll((rows) => rows.map((row) => [row.getAttribute("data-currency"), row.textContent])),
        );
      const expected = (field: "outstandingCents" | "overdueCents") =>
        Object.fromEntries([...atXero].map(([currency, totals]) => [currency, money(totals[field], currency)]));
      expect(await shown("total-outstanding"), `${organisation}: total outstanding`).toEqual(expected("outstandingCents"));
      expect(await shown("total-overdue"), `${organisation}: total overdue`).toEqual(expected("overdueCents"));
      // Base currency first, then the others.
      const currencies = await page.getByTestId("total-outstanding").locator("[data-currency]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-currency")));
      expect(currencies[0]).toBe("NZD");
      const overdueCents = [...atXero.values()].reduce((sum, totals) => sum + totals.overdueCents, 0);
      expect(overdueCents, "the demo books include overdue invoices, so overdue is not trivially zero").toBeGreaterThan(0);
    }
    await expectNoSeriousAccessibilityViolations(page, "the dashboard after the first sync");
  });
});
