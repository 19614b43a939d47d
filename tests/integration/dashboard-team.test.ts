// Settings → Team and the audit log over real Postgres and a real SMTP
// server: invitations by email that work once, joining as a viewer who then
// cannot change anything, changing roles, removing and leaving within the
// owner rules, and the audit log page by page.
import { afterAll, describe, expect, it } from "vitest";
import { startMailbox } from "~mailbox/server";

// The app reads SMTP_URL when it first sends, so the mailbox starts before the app loads.
const mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
process.env.SMTP_URL = mailbox.smtpUrl;
afterAll(() => mailbox.close());

const { eq } = await import("drizzle-orm");
const { auditLog, invitations, memberships } = await import("~db/schema");
const { db } = await import("~/server/db.server");
const { getSession } = await import("~/http/session.server");
const team = await import("~/routes/w.$workspaceSlug.settings.team");
const audit = await import("~/routes/w.$workspaceSlug.settings.audit-log");
const invite = await import("~/routes/invites.$token");
const contactPage = await import("~/routes/w.$workspaceSlug.contacts_.$contactId");
const { addContact, addMember, connectXero, createUser, cookieFor, createWorkspace } = await import("../support/dashboard-fixtures");
const { callRoute } = await import("../support/xero-journeys");

const request = (path: string, cookie: string, form?: Record<string, string>) =>
  new Request(`http://localhost${path}`, form ? { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(form) } : { headers: { Cookie: cookie } });

async function inviteBy(cookie: string, slug: string, email: string, role = "viewer") {
  const response = await callRoute(team.action, request(`/w/${slug}/settings/team`, cookie, { intent: "invite", email, role }), { workspaceSlug: slug });
  expect(response.status).toBe(200);
  const { invited } = await response.json();
  return { url: invited.url as string, token: new URL(invited.url).pathname.split("/").pop()! };
}

describe("inviting", () => {
  it("emails a link that lets the invitee join as a viewer, once", async () => {
    const { workspace, cookie } = await createWorkspace({ name: "Harbour Coffee" });
    await connectXero(workspace.id);
    const { url, token } = await inviteBy(cookie, workspace.slug, "New.Person@Example.test");

    const [message] = await mailbox.messages({ to: "new.person@example.test" });
    expect(message.subject).toMatch(/invited you to Harbour Coffee on Solido/);
    expect(message.text).toContain(url);
    const [stored] = await db.select().from(invitations).where(eq(invitations.workspaceId, workspace.id));
    // Only the token's hash is kept.
    expect(stored.tokenHash).not.toContain(token);

    // Signed out, the link asks them to sign in with Xero and come back here.
    const signedOut = await callRoute(invite.loader, new Request(`http://localhost/invites/${token}`), { token });
    const landing = await signedOut.json();
    expect(landing.signInUrl).toBe(`/auth/xero/signin?redirectTo=%2Finvites%2F${token}`);

    const invitee = await createUser("Invitee", "new.person@example.test");
    const inviteeCookie = await cookieFor(invitee.id);
    const joined = await callRoute(invite.action, request(`/invites/${token}`, inviteeCookie, {}), { token });
    expect(joined.status).toBe(302);
    expect(joined.headers.get("Location")).toBe(`/w/${workspace.slug}`);
    const [membership] = await db.select().from(memberships).where(eq(memberships.userId, invitee.id));
    expect(membership).toMatchObject({ workspaceId: workspace.id, role: "viewer" });

    const someoneElse = await createUser("Forwarded", "new.person@example.test");
    const reused = await callRoute(invite.action, request(`/invites/${token}`, await cookieFor(someoneElse.id), {}), { token });
    expect(reused.status).toBe(400);
    expect((await db.select().from(memberships).where(eq(memberships.userId, someoneElse.id))).length).toBe(0);
  });

  it("refuses an expired or withdrawn invitation", async () => {
    const { workspace, cookie } = await createWorkspace();
    await connectXero(workspace.id);
    const expired = await inviteBy(cookie, workspace.slug, "late@example.test");
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.email, "late@example.test"));
    const withdrawn = await inviteBy(cookie, workspace.slug, "withdrawn@example.test");
    const [pending] = await db.select().from(invitations).where(eq(invitations.email, "withdrawn@example.test"));
    const revoke = await callRoute(team.action, request(`/w/${workspace.slug}/settings/team`, cookie, { intent: "revoke", invitationId: pending.id }), { workspaceSlug: workspace.slug });
    expect(revoke.status).toBe(200);

    for (const { token, email } of [
      { ...expired, email: "late@example.test" },
      { ...withdrawn, email: "withdrawn@example.test" },
    ]) {
      const invitee = await createUser("Invitee", email);
      const refused = await callRoute(invite.action, request(`/invites/${token}`, await cookieFor(invitee.id), {}), { token });
      expect(refused.status).toBe(400);
      expect((await db.select().from(memberships).where(eq(memberships.userId, invitee.id))).length).toBe(0);
    }
    const unknown = await callRoute(invite.loader, new Request("http://localhost/invites/nonsense"), { token: "nonsense" });
    expect(unknown.status).toBe(404);
  });
});

describe("viewers", () => {
  it("can look at Team but cannot invite, withdraw, remove or pause", async () => {
    const { workspace, owner } = await createWorkspace();
    const viewer = await addMember(workspace.id, "viewer", "Viewer");
    const params = { workspaceSlug: workspace.slug };
    const page = await (await callRoute(team.loader, request(`/w/${workspace.slug}/settings/team`, viewer.cookie), params)).json();
    expect(page.canChange).toBe(false);
    expect(page.members).toHaveLength(2);

    const attempts: Record<string, string>[] = [
      { intent: "invite", email: "friend@example.test", role: "admin" },
      { intent: "remove", userId: owner.id },
      { intent: "revoke", invitationId: crypto.randomUUID() },
    ];
    for (const form of attempts) {
      const refused = await callRoute(team.action, request(`/w/${workspace.slug}/settings/team`, viewer.cookie, form), params);
      expect(refused.status, form.intent).toBe(403);
    }
    const customer = await addContact(workspace.id);
    const pause = await callRoute(contactPage.action, request(`/w/${workspace.slug}/contacts/${customer.id}`, viewer.cookie, { intent: "pause", duration: "7" }), { ...params, contactId: customer.id });
    expect(pause.status).toBe(403);
    expect(await db.select().from(invitations).where(eq(invitations.workspaceId, workspace.id))).toEqual([]);
    expect((await db.select().from(memberships).where(eq(memberships.workspaceId, workspace.id))).length).toBe(2);
  });
});

describe("removing and leaving", () => {
  it("lets an admin remove a viewer but not the owner, and never leaves a workspace without an owner", async () => {
    const { workspace, owner, cookie: ownerCookie } = await createWorkspace();
    const admin = await addMember(workspace.id, "admin", "Admin");
    const viewer = await addMember(workspace.id, "viewer", "Viewer");
    const params = { workspaceSlug: workspace.slug };
    const post = (cookie: string, form: Record<string, string>) => callRoute(team.action, request(`/w/${workspace.slug}/settings/team`, cookie, form), params);

    expect((await post(admin.cookie, { intent: "remove", userId: owner.id })).status).toBe(400);
    expect((await post(admin.cookie, { intent: "remove", userId: viewer.user.id })).status).toBe(200);
    expect((await post(ownerCookie, { intent: "leave" })).status).toBe(400);

    const left = await post(admin.cookie, { intent: "leave" });
    expect(left.status).toBe(302);
    const remaining = await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.workspaceId, workspace.id));
    expect(remaining).toEqual([{ userId: owner.id }]);
  });
});

/** The toast an action's response flashed, as the next page would show it. */
async function toastOf(response: Response) {
  const session = await getSession(new Request("http://localhost/", { headers: { Cookie: (response.headers.get("Set-Cookie") ?? "").split(";")[0] } }));
  return (session.get("toast") as { message: string } | undefined)?.message;
}

describe("changing roles", () => {
  async function team3() {
    const { workspace, owner, cookie: ownerCookie } = await createWorkspace();
    const admin = await addMember(workspace.id, "admin", "Admin");
    const viewer = await addMember(workspace.id, "viewer", "Viewer");
    const params = { workspaceSlug: workspace.slug };
    const post = (cookie: string, form: Record<string, string>) => callRoute(team.action, request(`/w/${workspace.slug}/settings/team`, cookie, form), params);
    const roleOf = async (userId: string) =>
      (await db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, userId)))[0]?.role;
    return { workspace, owner, ownerCookie, admin, viewer, post, roleOf, params };
  }

  it("lets the owner give anyone else any role, with an audit entry and a toast", async () => {
    const { workspace, ownerCookie, admin, viewer, post, roleOf } = await team3();
    const promoted = await post(ownerCookie, { intent: "role", userId: viewer.user.id, role: "admin" });
    expect(promoted.status).toBe(200);
    expect(await toastOf(promoted)).toBe(`${viewer.user.email} is now an admin.`);
    expect(await roleOf(viewer.user.id)).toBe("admin");

    expect((await post(ownerCookie, { intent: "role", userId: admin.user.id, role: "owner" })).status).toBe(200);
    expect(await roleOf(admin.user.id)).toBe("owner");
    // An owner may step another owner down: the one acting remains an owner.
    expect((await post(ownerCookie, { intent: "role", userId: admin.user.id, role: "viewer" })).status).toBe(200);
    expect(await roleOf(admin.user.id)).toBe("viewer");

    const entries = await db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog).where(eq(auditLog.workspaceId, workspace.id));
    expect(entries.filter((entry) => entry.action === "member.role_changed").map((entry) => entry.detail)).toEqual(
      expect.arrayContaining([
        { email: viewer.user.email, from: "viewer", to: "admin" },
        { email: admin.user.email, from: "admin", to: "owner" },
        { email: admin.user.email, from: "owner", to: "viewer" },
      ]),
    );
    const page = await (await callRoute(audit.loader, request(`/w/${workspace.slug}/settings/audit-log`, ownerCookie), { workspaceSlug: workspace.slug })).json();
    expect(page.entries[0].words).toBe(`Changed ${admin.user.email}'s role from owner to viewer`);
  });

  it("lets an admin move people between admin and viewer, but not touch an owner or make one", async () => {
    const { owner, admin, viewer, post, roleOf, workspace } = await team3();
    const other = await addMember(workspace.id, "admin", "Other");
    expect((await post(admin.cookie, { intent: "role", userId: viewer.user.id, role: "admin" })).status).toBe(200);
    expect(await roleOf(viewer.user.id)).toBe("admin");
    expect((await post(admin.cookie, { intent: "role", userId: other.user.id, role: "viewer" })).status).toBe(200);
    expect(await roleOf(other.user.id)).toBe("viewer");

    const demoteOwner = await post(admin.cookie, { intent: "role", userId: owner.id, role: "viewer" });
    expect(demoteOwner.status).toBe(400);
    expect((await demoteOwner.json()).error).toBe("Only an owner can change an owner's role or make someone an owner.");
    expect((await post(admin.cookie, { intent: "role", userId: viewer.user.id, role: "owner" })).status).toBe(400);
    expect(await roleOf(owner.id)).toBe("owner");
    expect(await roleOf(viewer.user.id)).toBe("admin");
  });

  it("refuses anyone changing their own role, and viewers changing any", async () => {
    const { owner, ownerCookie, admin, viewer, post, roleOf } = await team3();
    const ownDemotion = await post(ownerCookie, { intent: "role", userId: owner.id, role: "viewer" });
    expect(ownDemotion.status).toBe(400);
    expect((await ownDemotion.json()).error).toBe("You can't change your own role: ask an owner to.");
    expect((await post(admin.cookie, { intent: "role", userId: admin.user.id, role: "owner" })).status).toBe(400);
    expect((await post(viewer.cookie, { intent: "role", userId: viewer.user.id, role: "admin" })).status).toBe(403);
    expect((await post(viewer.cookie, { intent: "role", userId: admin.user.id, role: "viewer" })).status).toBe(403);
    expect([await roleOf(owner.id), await roleOf(admin.user.id), await roleOf(viewer.user.id)]).toEqual(["owner", "admin", "viewer"]);
  });

  it("offers each person only the roles they may hand out", async () => {
    const { ownerCookie, admin, viewer, workspace, params } = await team3();
    const pageFor = async (cookie: string) => (await callRoute(team.loader, request(`/w/${workspace.slug}/settings/team`, cookie), params)).json();
    expect((await pageFor(ownerCookie)).assignable).toEqual(["owner", "admin", "viewer"]);
    expect((await pageFor(admin.cookie)).assignable).toEqual(["admin", "viewer"]);
    expect((await pageFor(viewer.cookie)).assignable).toEqual([]);
  });
});

describe("audit log", () => {
  it("says who did what, in words, for this workspace only", async () => {
    const { workspace, cookie } = await createWorkspace();
    const customer = await addContact(workspace.id, { name: "Audited Ltd" });
    await connectXero(workspace.id);
    await inviteBy(cookie, workspace.slug, "audited@example.test", "admin");
    await callRoute(contactPage.action, request(`/w/${workspace.slug}/contacts/${customer.id}`, cookie, { intent: "pause", duration: "indefinitely", reason: "In dispute" }), { workspaceSlug: workspace.slug, contactId: customer.id });
    await db.insert(auditLog).values({ workspaceId: workspace.id, userId: null, action: "reminders.turned_on", detail: {} });

    const page = await (await callRoute(audit.loader, request(`/w/${workspace.slug}/settings/audit-log`, cookie), { workspaceSlug: workspace.slug })).json();
    expect(page.entries.map((entry: any) => `${entry.who}: ${entry.words}`)).toEqual([
      "Solido: Reminders turned on",
      "Owner: Paused reminders for Audited Ltd until resumed (In dispute)",
      "Owner: Invited audited@example.test as admin",
    ]);

    const other = await createWorkspace();
    const theirs = await (await callRoute(audit.loader, request(`/w/${other.workspace.slug}/settings/audit-log`, other.cookie), { workspaceSlug: other.workspace.slug })).json();
    expect(theirs.entries).toEqual([]);
  });
});

describe("audit log paging", () => {
  it("pages newest first, 50 at a time, through entries written in the same instant, with none lost or repeated", async () => {
    const { workspace, cookie } = await createWorkspace();
    // One statement: all 120 share created_at, so only the id keeps the pages apart.
    await db.insert(auditLog).values(Array.from({ length: 120 }, (_, index) => ({ workspaceId: workspace.id, userId: null, action: "test.entry", detail: { n: index } })));
    const later = new Date(Date.now() + 60_000);
    await db.insert(auditLog).values({ workspaceId: workspace.id, userId: null, action: "test.newest", detail: {}, createdAt: later });
    const other = await createWorkspace();
    await db.insert(auditLog).values({ workspaceId: other.workspace.id, userId: null, action: "test.elsewhere", detail: {} });

    const load = async (search = "") =>
      (await callRoute(audit.loader, request(`/w/${workspace.slug}/settings/audit-log${search}`, cookie), { workspaceSlug: workspace.slug })).json();
    const first = await load();
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0].action).toBe("test.newest");
    expect(first.previousCursor).toBeNull();
    const second = await load(`?after=${first.nextCursor}`);
    const third = await load(`?after=${second.nextCursor}`);
    expect(second.entries).toHaveLength(50);
    expect(third.entries).toHaveLength(21);
    expect(third.nextCursor).toBeNull();
    const ids = [...first.entries, ...second.entries, ...third.entries].map((entry: { id: string }) => entry.id);
    expect(new Set(ids).size).toBe(121);
    const all = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.workspaceId, workspace.id));
    expect(new Set(ids)).toEqual(new Set(all.map((row) => row.id)));

    // Back from the third page is exactly the second.
    const back = await load(`?before=${third.previousCursor}`);
    expect(back.entries.map((entry: { id: string }) => entry.id)).toEqual(second.entries.map((entry: { id: string }) => entry.id));
    // A cursor that is not one of ours is a 400 page in plain words, not a database error.
    const tampered = await callRoute(audit.loader, request(`/w/${workspace.slug}/settings/audit-log?after=nonsense`, cookie), { workspaceSlug: workspace.slug });
    expect(tampered.status).toBe(400);
  });
});
