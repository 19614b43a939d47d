// Settings → Integrations: Sync now, Disconnect and Reconnect, through the
// route's action and the real Xero code paths against the sandbox.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, syncRuns, workspaces, xeroConnections } from "~db/schema";
import { APP_URL, callRoute, connectedWorkspace } from "../support/sandbox-app";
import { startTestSandbox, xeroJourney } from "../support/xero-journeys";

const sandbox = await startTestSandbox();
const { db } = await import("~/server/db.server");
const integrations = await import("~/routes/w.$workspaceSlug.settings.integrations");
const connect = await import("~/routes/w.$workspaceSlug.settings.integrations.connect");
const layout = await import("~/routes/w.$workspaceSlug");
const { openToken } = await import("~/xero/token-vault.server");

const { slug, cookie } = await connectedWorkspace(sandbox, "solo@solido.test", "Solo Studio");
const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, slug));

const post = (intent: string) =>
  callRoute(
    integrations.action,
    new Request(`${APP_URL}/w/${slug}/settings/integrations`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams({ intent }) }),
    { workspaceSlug: slug },
  );
const loadLayout = async () =>
  JSON.parse(await (await callRoute(layout.loader, new Request(`${APP_URL}/w/${slug}`, { headers: { Cookie: cookie } }), { workspaceSlug: slug })).text());
const queuedRuns = () =>
  db.select().from(syncRuns).where(and(eq(syncRuns.workspaceId, workspace.id), eq(syncRuns.status, "queued")));
const waitingJobs = async () =>
  (await db.execute<{ count: number }>(sql`select count(*)::int as count from graphile_worker.jobs where key = ${`workspace_sync:${workspace.id}`} and attempts < max_attempts`))[0].count;

describe("Settings → Integrations", () => {
  it("makes one sync of ten clicks on Sync now", async () => {
    for (let click = 0; click < 10; click++) expect((await post("sync")).status).toBe(302);
    expect(await queuedRuns()).toHaveLength(1);
    expect(await waitingJobs()).toBe(1);
  });

  it("disconnects: gives up access at Xero, forgets the tokens, cancels waiting syncs, keeps the workspace's data", async () => {
    const [before] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspace.id));
    const refreshToken = openToken(before.refreshTokenSealed!);
    const response = await post("disconnect");
    expect(response.status).toBe(302);

    // The refresh token is dead at Xero: it cannot be used again, even within the rotation grace.
    const refresh = await fetch(`${sandbox.url}/connect/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from("solido-test:solido-test-secret").toString("base64")}` },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toEqual({ error: "invalid_grant" });

    const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspace.id));
    expect(connection).toMatchObject({ status: "disconnected", accessTokenSealed: null, refreshTokenSealed: null });
    expect(connection.disconnectedAt).toBeInstanceOf(Date);
    expect([...sandbox.store.connections.values()].filter((c) => c.tenantId === workspace.xeroTenantId)).toEqual([]);
    expect(await queuedRuns()).toEqual([]);
    expect(await waitingJobs()).toBe(0);
    expect((await db.select().from(workspaces).where(eq(workspaces.id, workspace.id)))[0].xeroTenantId).toBe(workspace.xeroTenantId);
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, "xero.disconnected")));
    expect(entries).toHaveLength(1);

    expect((await loadLayout()).brokenConnection).toMatchObject({ status: "disconnected" });
    const refused = await post("sync");
    expect(refused.status).toBe(302);
    expect(await queuedRuns()).toEqual([]);
  });

  it("reconnects the same organisation, and refuses to rebind the workspace to another", async () => {
    const start = { route: connect.action, path: `/w/${slug}/settings/integrations/connect`, method: "POST" as const, params: { workspaceSlug: slug } };

    const other = await xeroJourney(start, { email: "demo@solido.test", organisations: ["Kiwi Plumbing Ltd"] }, cookie);
    expect(other.response.status).toBe(409);
    expect(JSON.parse(await other.response.text())).toMatchObject({ reason: "different-xero-user" });

    const again = await xeroJourney(start, { email: "solo@solido.test", organisations: ["Solo Studio"] }, cookie);
    expect(again.response.status).toBe(302);
    expect(again.response.headers.get("location")).toBe(`/w/${slug}/settings/integrations`);
    const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspace.id));
    expect(connection.status).toBe("connected");
    expect((await loadLayout()).brokenConnection).toBeNull();
    expect(await queuedRuns()).toHaveLength(1);
    const reconnected = await db.select().from(auditLog).where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, "xero.reconnected")));
    expect(reconnected).toHaveLength(1);
  });

  it("lets only owners and admins change the connection", async () => {
    // A viewer of the workspace (demoting its one owner is refused by the database: a workspace keeps an owner).
    const { addMember } = await import("../support/dashboard-fixtures");
    const viewer = await addMember(workspace.id, "viewer", "Viewer");
    const refused = await callRoute(
      integrations.action,
      new Request(`${APP_URL}/w/${slug}/settings/integrations`, { method: "POST", headers: { Cookie: viewer.cookie }, body: new URLSearchParams({ intent: "sync" }) }),
      { workspaceSlug: slug },
    );
    expect(refused.status).toBe(403);
  });
});
