// Invitations as an attacker would try them: a forwarded link used by someone
// else, a removed admin re-admitting themselves, a flood of invitations, a
// workspace with no organisation sending mail, and a workspace name that
// carries a link into Solido's email. Real Requests through the routes, real
// PostgreSQL, a real SMTP server.
import { afterAll, describe, expect, it } from "vitest";
import { startMailbox } from "~mailbox/server";

// The app reads SMTP_URL when it first sends, so the mailbox starts before the app loads.
const mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
process.env.SMTP_URL = mailbox.smtpUrl;
afterAll(() => mailbox.close());

const { and, eq } = await import("drizzle-orm");
const { invitations, memberships } = await import("~db/schema");
const { db } = await import("~/server/db.server");
const team = await import("~/routes/w.$workspaceSlug.settings.team");
const invite = await import("~/routes/invites.$token");
const { INVITATIONS_PER_HOUR } = await import("~/models/team.server");
const { withoutWebAddresses } = await import("~/models/team-invite-email.server");
const { addMember, connectXero, createUser, cookieFor, createWorkspace } = await import("../support/dashboard-fixtures");
const { callRoute } = await import("../support/xero-journeys");

const teamAction = (slug: string, cookie: string, form: Record<string, string>) =>
  callRoute(team.action, new Request(`http://localhost/w/${slug}/settings/team`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(form) }), { workspaceSlug: slug });
const accept = (token: string, cookie: string) =>
  callRoute(invite.action, new Request(`http://localhost/invites/${token}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams() }), { token });
const tokenOf = async (response: Response) => new URL((await response.json()).invited.url).pathname.split("/").pop()!;
const isMember = async (workspaceId: string, userId: string) =>
  (await db.select().from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))).length === 1;

async function connectedWorkspace(name?: string) {
  const created = await createWorkspace(name ? { name } : {});
  await connectXero(created.workspace.id);
  return created;
}

describe("accepting an invitation", () => {
  it("lets in only the person it was sent to: a forwarded link is refused to anyone else", async () => {
    const { workspace, cookie } = await connectedWorkspace();
    const token = await tokenOf(await teamAction(workspace.slug, cookie, { intent: "invite", email: "Aroha@Harbour.test", role: "admin" }));

    const forwardedTo = await createUser("Mallory", "mallory@elsewhere.test");
    const page = await (await callRoute(invite.loader, new Request(`http://localhost/invites/${token}`, { headers: { Cookie: await cookieFor(forwardedTo.id) } }), { token })).json();
    expect(page.problem).toBe("This invitation was sent to a•••@harbour.test, and you're signed in as mallory@elsewhere.test. Sign out, then sign in with the Xero login that uses the invited address — or ask for an invitation to your own.");
    const refused = await accept(token, await cookieFor(forwardedTo.id));
    expect(refused.status).toBe(403);
    expect(await isMember(workspace.id, forwardedTo.id)).toBe(false);

    // The invitee, whatever the case of their Xero email, still can: the refusal used nothing up.
    const invitee = await createUser("Aroha", "aroha@harbour.test");
    const joined = await accept(token, await cookieFor(invitee.id));
    expect(joined.status).toBe(302);
    expect(await isMember(workspace.id, invitee.id)).toBe(true);
  });
});

describe("removing a member", () => {
  it("revokes the invitations they sent and those sent to them, so a removed admin cannot let themselves back in", async () => {
    const { workspace, cookie: ownerCookie } = await connectedWorkspace();
    const admin = await addMember(workspace.id, "admin", "Admin");
    // An invitation to the admin's own address (Solido refuses one they send themselves, so it comes from the owner), and one the admin sends a friend.
    const wayBack = await tokenOf(await teamAction(workspace.slug, ownerCookie, { intent: "invite", email: admin.user.email, role: "admin" }));
    await teamAction(workspace.slug, admin.cookie, { intent: "invite", email: "friend@elsewhere.test", role: "viewer" });
    await tokenOf(await teamAction(workspace.slug, ownerCookie, { intent: "invite", email: "someone@harbour.test", role: "viewer" }));

    expect((await teamAction(workspace.slug, ownerCookie, { intent: "remove", userId: admin.user.id })).status).toBe(200);

    const pending = await db.select({ email: invitations.email, revokedAt: invitations.revokedAt }).from(invitations).where(eq(invitations.workspaceId, workspace.id));
    expect(pending.filter((row) => row.revokedAt).map((row) => row.email).sort()).toEqual([admin.user.email, "friend@elsewhere.test"].sort());
    expect(pending.find((row) => row.email === "someone@harbour.test")?.revokedAt).toBeNull(); // the owner's own invitation stands

    const again = await accept(wayBack, await cookieFor(admin.user.id)); // signed in afresh: removal ended their old session
    expect(again.status).toBe(400);
    expect(await isMember(workspace.id, admin.user.id)).toBe(false);
  });
});

describe("sending invitations", () => {
  it("needs the workspace connected to its Xero organisation, and sends nothing until it is", async () => {
    const { workspace, cookie } = await createWorkspace();
    const refused = await teamAction(workspace.slug, cookie, { intent: "invite", email: "early@harbour.test", role: "viewer" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toBe("Connect this workspace to its Xero organisation (Settings → Integrations) before inviting people.");
    expect(await db.select().from(invitations).where(eq(invitations.workspaceId, workspace.id))).toEqual([]);
    expect(await mailbox.messages({ to: "early@harbour.test" })).toEqual([]);
  });

  it(`allows ${INVITATIONS_PER_HOUR} an hour, then refuses in plain words and sends nothing more`, async () => {
    const { workspace, cookie } = await connectedWorkspace();
    const sent = await Promise.all(
      Array.from({ length: INVITATIONS_PER_HOUR + 3 }, (_, index) => teamAction(workspace.slug, cookie, { intent: "invite", email: `flood-${index}@victims.test`, role: "viewer" })),
    );
    expect(sent.filter((response) => response.status === 200)).toHaveLength(INVITATIONS_PER_HOUR);
    const refusals = sent.filter((response) => response.status === 400);
    expect(refusals).toHaveLength(3);
    expect((await refusals[0].json()).error).toMatch(/as many invitations as it may for now \(10 an hour, 30 a day\)/);
    expect(await db.select().from(invitations).where(eq(invitations.workspaceId, workspace.id))).toHaveLength(INVITATIONS_PER_HOUR);
  });

  it("takes web addresses out of the workspace's name in the email", async () => {
    const { workspace, cookie } = await connectedWorkspace("Harbour Coffee: account locked, log in at https://evil.example/login or www.evil.example or evil.example/x");
    expect((await teamAction(workspace.slug, cookie, { intent: "invite", email: "target@harbour.test", role: "viewer" })).status).toBe(200);
    const [message] = await mailbox.messages({ to: "target@harbour.test" });
    expect(message.subject).toContain("Harbour Coffee: account locked, log in at or or");
    for (const part of [message.subject, message.text, message.html]) expect(part).not.toMatch(/evil/);
  });

  it("keeps ordinary names as they are", () => {
    expect(withoutWebAddresses("Kiwi Plumbing Ltd.")).toBe("Kiwi Plumbing Ltd.");
    expect(withoutWebAddresses("Aroha's Café & Co")).toBe("Aroha's Café & Co");
    expect(withoutWebAddresses("https://evil.example")).toBe("a workspace");
  });
});
