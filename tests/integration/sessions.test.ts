// Sessions end on the server: a copy of the cookie kept after signing out, a
// cookie older than the session's 30 days, and a removed member's cookie all
// stop working, whatever the browser does with them. Real Requests through
// the routes, real PostgreSQL.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "~db/schema";
import { db } from "~/server/db.server";
import { getOptionalUser } from "~/http/auth.server";
import { SESSION_LIFETIME_MS } from "~/models/sessions.server";
import { getSession, signInCookie } from "~/http/session.server";
import { addMember, createWorkspace } from "../support/dashboard-fixtures";
import { callRoute } from "../support/xero-journeys";

const frame = await import("~/routes/w.$workspaceSlug");
const logout = await import("~/routes/logout");
const team = await import("~/routes/w.$workspaceSlug.settings.team");

const openWorkspace = (slug: string, cookie: string) =>
  callRoute(frame.loader, new Request(`http://localhost/w/${slug}`, { headers: { Cookie: cookie } }), { workspaceSlug: slug });
const signedInAs = async (cookie: string) => (await getOptionalUser(new Request("http://localhost/", { headers: { Cookie: cookie } })))?.id;

describe("the session cookie", () => {
  it("is signed, HttpOnly and SameSite=Lax, and expires with its session", async () => {
    const { owner } = await createWorkspace();
    const before = Date.now();
    const header = await signInCookie(new Request("http://localhost/"), owner.id);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header.split(";")[0]).toMatch(/^__solido_session=.+\..+/); // value.signature
    const expires = Date.parse(/Expires=([^;]+)/.exec(header)![1]);
    expect(expires).toBeGreaterThanOrEqual(before + SESSION_LIFETIME_MS - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + SESSION_LIFETIME_MS);
    // The database keeps the token's hash, never the token.
    const token = (await getSession(new Request("http://localhost/", { headers: { Cookie: header.split(";")[0] } }))).get("sessionToken")!;
    const [row] = await db.select().from(sessions).where(eq(sessions.userId, owner.id));
    expect(row.tokenHash).not.toContain(token);
  });

  it("refuses a cookie whose signature was tampered with", async () => {
    const { cookie, owner } = await createWorkspace();
    expect(await signedInAs(cookie)).toBe(owner.id);
    const tampered = cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect(await signedInAs(tampered)).toBeUndefined();
  });
});

describe("ending a session", () => {
  it("signing out ends the session on the server: a copy of the cookie no longer opens the workspace", async () => {
    const { workspace, cookie } = await createWorkspace();
    expect((await openWorkspace(workspace.slug, cookie)).status).toBe(200);
    const out = await callRoute(logout.action, new Request("http://localhost/logout", { method: "POST", headers: { Cookie: cookie } }));
    expect(out.status).toBe(302);
    const replayed = await openWorkspace(workspace.slug, cookie); // the copy an attacker or a stale tab kept
    expect(replayed.status).toBe(302);
    expect(replayed.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("ends a session 30 days after signing in, even with a validly signed cookie", async () => {
    const { workspace, cookie, owner } = await createWorkspace();
    expect((await openWorkspace(workspace.slug, cookie)).status).toBe(200);
    // The same session as if it had started 30 days and a minute ago.
    await db.update(sessions).set({ createdAt: new Date(Date.now() - SESSION_LIFETIME_MS - 60_000), expiresAt: new Date(Date.now() - 60_000) }).where(eq(sessions.userId, owner.id));
    expect((await openWorkspace(workspace.slug, cookie)).status).toBe(302);
    expect(await signedInAs(cookie)).toBeUndefined();
  });

  it("removing a member signs them out everywhere at once, other workspaces included", async () => {
    const { workspace, cookie: ownerCookie } = await createWorkspace();
    const admin = await addMember(workspace.id, "admin", "Admin");
    const elsewhere = await createWorkspace();
    const { memberships } = await import("~db/schema");
    await db.insert(memberships).values({ workspaceId: elsewhere.workspace.id, userId: admin.user.id, role: "viewer" });
    expect((await openWorkspace(elsewhere.workspace.slug, admin.cookie)).status).toBe(200);

    const removed = await callRoute(
      team.action,
      new Request(`http://localhost/w/${workspace.slug}/settings/team`, { method: "POST", headers: { Cookie: ownerCookie }, body: new URLSearchParams({ intent: "remove", userId: admin.user.id }) }),
      { workspaceSlug: workspace.slug },
    );
    expect(removed.status).toBe(200);
    expect(await signedInAs(admin.cookie)).toBeUndefined();
    expect((await openWorkspace(elsewhere.workspace.slug, admin.cookie)).status).toBe(302);
    // The owner who removed them stays signed in.
    expect((await openWorkspace(workspace.slug, ownerCookie)).status).toBe(200);
  });
});

describe("the sessions_sweep job", () => {
  it("deletes sessions that have ended and keeps live ones, on the crontab, and a second run finds nothing to delete", async () => {
    const { sql } = await import("~/server/db.server");
    const { taskList } = await import("~jobs/tasks");
    const { crontab } = await import("~jobs/crontab");
    const { drainJobs } = await import("../support/jobs");
    const { deleteExpiredSessions } = await import("~/models/sessions.server");
    const ended = await createWorkspace();
    const live = await createWorkspace();
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(sessions.userId, ended.owner.id));
    expect(crontab().map((item) => item.task)).toContain("sessions_sweep");

    await sql`select graphile_worker.add_job('sessions_sweep', '{}'::json)`;
    await drainJobs(taskList);

    expect(await db.select().from(sessions).where(eq(sessions.userId, ended.owner.id))).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, live.owner.id))).toHaveLength(1);
    expect(await signedInAs(live.cookie)).toBe(live.owner.id);
    expect(await deleteExpiredSessions()).toBe(0);
  });
});
