// Sign up, sign in and connect with Xero, end to end through the route loaders
// and the real xero-node / OAuth code paths, against the Xero sandbox over HTTP
// and a real PostgreSQL.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, memberships, syncRuns, users, workspaces, xeroConnections } from "~db/schema";
import { consentAtXero, cookiesFrom } from "../support/xero-consent";
import { APP_URL, callRoute } from "../support/sandbox-app";
import { startTestSandbox, xeroJourney } from "../support/xero-journeys";

const sandbox = await startTestSandbox();

// The app's modules read the environment when they load: import them now.
const { db } = await import("~/server/db.server");
const { loader: signupLoader } = await import("~/routes/signup");
const { loader: signinLoader } = await import("~/routes/auth.xero.signin");
const { loader: callbackLoader } = await import("~/routes/auth.xero.callback");
const { loader: chooseLoader, action: chooseAction } = await import("~/routes/auth.xero.choose");
const { accessTokenFor } = await import("~/xero/tokens.server");
const { openWith } = await import("~/xero/token-vault.server");
const { env } = await import("~/server/env.server");

const journey = (route: unknown, path: string, consent: Parameters<typeof xeroJourney>[1], cookie = "") =>
  xeroJourney({ route, path }, consent, cookie);
const call = (route: unknown, request: Request) => callRoute(route, request);

const tenantNamed = (name: string) => [...sandbox.store.books.values()].find((book) => book.organisation.name === name)!.tenantId;

describe("signing up with Xero", () => {
  it("creates the workspace for a single organisation, queues its first sync, and lands on its dashboard", async () => {
    const { response } = await journey(signupLoader, "/signup", { email: "solo@solido.test", organisations: ["Solo Studio"] });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/w/solo-studio");

    const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, "solo-studio"));
    expect(workspace).toMatchObject({ name: "Solo Studio", baseCurrency: "GBP", timeZone: "Europe/London" });
    expect(workspace.xeroTenantId).toBe(tenantNamed("Solo Studio"));
    const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspace.id));
    expect(connection.status).toBe("connected");
    expect(connection.scopes).toEqual(expect.arrayContaining(["offline_access", "accounting.invoices"]));
    const runs = await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspace.id));
    expect(runs).toMatchObject([{ kind: "first", trigger: "connect", status: "queued" }]);
    const [job] = await db.execute<{ task_identifier: string; queue_name: string }>(
      sql`select task_identifier, queue_name from graphile_worker.jobs where key = ${`workspace_sync:${workspace.id}`}`,
    );
    expect(job).toEqual({ task_identifier: "workspace_sync", queue_name: `xero:${workspace.xeroTenantId}` });
  });

  it("offers a picker for several organisations, binds the chosen one, and disconnects the other at Xero", async () => {
    const { response, cookie } = await journey(signupLoader, "/signup", {
      email: "demo@solido.test",
      organisations: ["Harbour Coffee Roasters", "Kiwi Plumbing Ltd"],
    });
    expect(response.headers.get("location")).toMatch(/^\/auth\/xero\/choose\?consent=/);
    const pickerUrl = `${APP_URL}${response.headers.get("location")}`;
    const picker = await call(chooseLoader, new Request(pickerUrl, { headers: { Cookie: cookie } }));
    const choices = JSON.parse(await picker.text()) as { choices: { tenantName: string; tenantId: string; workspace: unknown }[] };
    expect(choices.choices.map((choice) => choice.tenantName).sort()).toEqual(["Harbour Coffee Roasters", "Kiwi Plumbing Ltd"]);

    const kiwi = choices.choices.find((choice) => choice.tenantName === "Kiwi Plumbing Ltd")!;
    const consentId = new URL(pickerUrl).searchParams.get("consent")!;
    const chosen = await call(
      chooseAction,
      new Request(pickerUrl, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams({ consent: consentId, tenantId: kiwi.tenantId }) }),
    );
    expect(chosen.headers.get("location")).toBe("/w/kiwi-plumbing-ltd");
    const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, "kiwi-plumbing-ltd"));
    expect(workspace.name).toBe("Kiwi Plumbing Ltd");

    // Solido holds access only to the organisation it uses.
    const demo = [...sandbox.store.users.values()].find((user) => user.email === "demo@solido.test")!;
    const remaining = [...sandbox.store.connections.values()].filter((connection) => connection.userId === demo.id);
    expect(remaining.map((connection) => connection.tenantId)).toEqual([kiwi.tenantId]);
  });

  it("explains an organisation that was disconnected at Xero while the user was choosing", async () => {
    const { response, cookie } = await journey(signupLoader, "/signup", {
      email: "demo@solido.test",
      organisations: ["Harbour Coffee Roasters", "Kiwi Plumbing Ltd"],
    });
    const pickerUrl = `${APP_URL}${response.headers.get("location")}`;
    const consentId = new URL(pickerUrl).searchParams.get("consent")!;
    const harbour = tenantNamed("Harbour Coffee Roasters");
    await fetch(`${sandbox.url}/__sandbox/connections/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenantId: harbour }),
    });
    const chosen = await call(
      chooseAction,
      new Request(pickerUrl, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams({ consent: consentId, tenantId: harbour }) }),
    );
    expect(chosen.status).toBe(409);
    expect(JSON.parse(await chosen.text())).toMatchObject({ refusal: { reason: "organisation-gone", organisationName: "Harbour Coffee Roasters" } });
    expect(await db.select().from(workspaces).where(eq(workspaces.xeroTenantId, harbour))).toEqual([]);
  });

  it("tells a second user of a connected organisation to ask for an invite, and creates no second workspace", async () => {
    await journey(signupLoader, "/signup", { email: "demo@solido.test", organisations: ["Harbour Coffee Roasters"] });
    const { response } = await journey(signupLoader, "/signup", { email: "sam@solido.test", organisations: ["Harbour Coffee Roasters"] });
    expect(response.status).toBe(409);
    const view = JSON.parse(await response.text());
    expect(view).toMatchObject({ view: "refused", reason: "organisation-taken", organisationName: "Harbour Coffee Roasters", connectedBy: "Dana" });
    const bound = await db.select().from(workspaces).where(eq(workspaces.xeroTenantId, tenantNamed("Harbour Coffee Roasters")));
    expect(bound).toHaveLength(1);
  });

  it("refuses a second workspace for one organisation in the database itself", async () => {
    const tenantId = "tenant-held-by-the-schema";
    await db.insert(workspaces).values({ slug: "first-holder", name: "First", xeroTenantId: tenantId });
    await expect(db.insert(workspaces).values({ slug: "second-holder", name: "Second", xeroTenantId: tenantId })).rejects.toThrow();
  });
});

describe("signing in with Xero", () => {
  it("lands a returning user in their last workspace", async () => {
    const connectionsBefore = sandbox.store.connections.size;
    const { response } = await journey(signinLoader, "/auth/xero/signin", { email: "solo@solido.test", organisations: [] });
    // Signing in asks Xero for identity only: no organisation is connected by it.
    expect(sandbox.store.connections.size).toBe(connectionsBefore);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/w/solo-studio");
    const [user] = await db.select().from(users).where(eq(users.email, "solo@solido.test"));
    expect(user.givenName).toBe("Sol");
  });

  it("explains a cancelled consent and changes nothing", async () => {
    const before = await db.select().from(workspaces);
    const { response } = await journey(signupLoader, "/signup", { email: "solo@solido.test", decision: "cancel" });
    expect(response.status).toBe(400);
    expect(JSON.parse(await response.text())).toMatchObject({ view: "failure", reason: "cancelled", journey: "signup" });
    expect(await db.select().from(workspaces)).toEqual(before);
  });

  it("rejects a callback whose state was not issued to this browser", async () => {
    const started = await call(signupLoader, new Request(`${APP_URL}/signup`));
    const callbackUrl = await consentAtXero(started.headers.get("location")!, { email: "solo@solido.test" });
    const forged = new URL(callbackUrl);
    forged.searchParams.set("state", "forged-state");
    const response = await call(callbackLoader, new Request(forged, { headers: { Cookie: cookiesFrom(started) } }));
    expect(JSON.parse(await response.text())).toMatchObject({ view: "failure", reason: "state" });

    const noCookie = await call(callbackLoader, new Request(callbackUrl));
    expect(JSON.parse(await noCookie.text())).toMatchObject({ view: "failure", reason: "state" });
  });
});

describe("a workspace's Xero tokens", () => {
  const soloWorkspace = async () => (await db.select().from(workspaces).where(eq(workspaces.slug, "solo-studio")))[0];

  it("are unreadable in the database without the encryption key", async () => {
    const workspace = await soloWorkspace();
    const [row] = await db.execute<{ access_token_sealed: string; refresh_token_sealed: string }>(
      sql`select access_token_sealed, refresh_token_sealed from xero_connections where workspace_id = ${workspace.id}`,
    );
    const access = await accessTokenFor(workspace.id);
    if (!access.ok) throw new Error(access.message);
    expect(row.access_token_sealed).not.toContain(access.accessToken.slice(0, 20));
    expect(row.access_token_sealed.startsWith("v1.")).toBe(true);
    const wrongKey = [{ id: env().TOKEN_ENCRYPTION_KEYS[0].id, key: Buffer.alloc(32, 1) }];
    expect(() => openWith(wrongKey, row.refresh_token_sealed)).toThrow();
  });

  it("refresh once for concurrent callers, rotating the refresh token", async () => {
    const workspace = await soloWorkspace();
    await db.update(xeroConnections).set({ accessTokenExpiresAt: new Date(Date.now() - 1000) }).where(eq(xeroConnections.workspaceId, workspace.id));
    const [before] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspace.id));

    const [first, second] = await Promise.all([accessTokenFor(workspace.id), accessTokenFor(workspace.id)]);
    expect(first.ok && second.ok).toBe(true);
    // A second refresh would have minted a second, different access token.
    expect(first.ok && second.ok && first.accessToken === second.accessToken).toBe(true);
    const [after] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspace.id));
    expect(after.refreshTokenSealed).not.toBe(before.refreshTokenSealed);
    expect(after.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
  });

  it("mark the connection as needing reconnection when Xero answers invalid_grant", async () => {
    const workspace = await soloWorkspace();
    await db.update(xeroConnections).set({ accessTokenExpiresAt: new Date(0) }).where(eq(xeroConnections.workspaceId, workspace.id));
    const expired = await fetch(`${sandbox.url}/__sandbox/refresh-tokens/expire`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "solo@solido.test" }),
    });
    expect(expired.ok).toBe(true);

    const result = await accessTokenFor(workspace.id);
    expect(result).toMatchObject({ ok: false, reason: "needs_reconnect" });
    const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspace.id));
    expect(connection.status).toBe("needs_reconnect");
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, "xero.needs_reconnect")));
    expect(entries).toHaveLength(1);
    const members = await db.select().from(memberships).where(eq(memberships.workspaceId, workspace.id));
    expect(members).toHaveLength(1);
  });
});
