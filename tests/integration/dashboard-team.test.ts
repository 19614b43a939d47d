// Settings → Team and the audit log over real Postgres and a real SMTP
// server: invitations by email that work once, joining as a viewer who then
// cannot change anything, removing and leaving within the owner rules.
import { afterAll, describe, expect, it } from "vitest";
import { startMailbox } from "~mailbox/server";

// The app reads SMTP_URL when it first sends, so the mailbox starts before the app loads.
const mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
process.env.SMTP_URL = mailbox.smtpUrl;
afterAll(() => mailbox.close());

const { eq } = await import("drizzle-orm");
const { auditLog, invitations, memberships } = await import("~db/schema");
const { db } = await import("~/db.server");
const team = await import("~/routes/w.$workspaceSlug.settings.team");
const audit = await import("~/routes/w.$workspaceSlug.settings.audit-log");
const invite = await import("~/routes/invites.$token");
const contactPage = await import("~/routes/w.$workspaceSlug.contacts_.$contactId");
const { addContact, addMember, createUser, cookieFor, createWorkspace } = await import("../support/dashboard-fixtures");
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
    const { url, token } = await inviteBy(cookie, workspace.slug, "New.Person@Example.test");

    const [message] = mailbox.messages({ to: "new.person@example.test" });
    expect(message.subject).toMatch(/invited you to Harbour Coffee on Solido/);
    expect(message.text).toContain(url);
    const [stored] = await db.select().from(invitations).where(eq(invitations.workspaceId, workspace.id));
    // Only the token's hash is kept.
    expect(stored.tokenHash).not.toContain(token);

    // Signed out, the link asks them to sign in with Xero and come back here.
    const signedOut = await callRoute(invite.loader, new Request(`http://localhost/invites/${token}`), { token });
    const landing = await signedOut.json();
    expect(landing.signInUrl).toBe(`/auth/xero/signin?redirectTo=%2Finvites%2F${token}`);

    const invitee = await createUser("Invitee");
    const inviteeCookie = await cookieFor(invitee.id);
    const joined = await callRoute(invite.action, request(`/invites/${token}`, inviteeCookie, {}), { token });
    expect(joined.status).toBe(302);
    expect(joined.headers.get("Location")).toBe(`/w/${workspace.slug}`);
    const [membership] = await db.select().from(memberships).where(eq(memberships.userId, invitee.id));
    expect(membership).toMatchObject({ workspaceId: workspace.id, role: "viewer" });

    const someoneElse = await createUser("Forwarded");
    const reused = await callRoute(invite.action, request(`/invites/${token}`, await cookieFor(someoneElse.id), {}), { token });
    expect(reused.status).toBe(400);
    expect((await db.select().from(memberships).where(eq(memberships.userId, someoneElse.id))).length).toBe(0);
  });

  it("refuses an expired or withdrawn invitation", async () => {
    const { workspace, cookie } = await createWorkspace();
    const expired = await inviteBy(cookie, workspace.slug, "late@example.test");
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.email, "late@example.test"));
    const withdrawn = await inviteBy(cookie, workspace.slug, "withdrawn@example.test");
    const [pending] = await db.select().from(invitations).where(eq(invitations.email, "withdrawn@example.test"));
    const revoke = await callRoute(team.action, request(`/w/${workspace.slug}/settings/team`, cookie, { intent: "revoke", invitationId: pending.id }), { workspaceSlug: workspace.slug });
    expect(revoke.status).toBe(200);

    const invitee = await createUser("Invitee");
    for (const { token } of [expired, withdrawn]) {
      const refused = await callRoute(invite.action, request(`/invites/${token}`, await cookieFor(invitee.id), {}), { token });
      expect(refused.status).toBe(400);
    }
    expect((await db.select().from(memberships).where(eq(memberships.userId, invitee.id))).length).toBe(0);
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

describe("audit log", () => {
  it("says who did what, in words, for this workspace only", async () => {
    const { workspace, cookie } = await createWorkspace();
    const customer = await addContact(workspace.id, { name: "Audited Ltd" });
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
