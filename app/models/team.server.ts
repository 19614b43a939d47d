// Settings → Team: inviting people by a signed link, accepting, removing and
// leaving. A workspace always keeps at least one owner; admins manage admins
// and viewers, only owners manage owners. Every change is audited in the same
// transaction as the change.
import crypto from "node:crypto";
import { and, asc, count, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { invitations, memberships, users, workspaces, xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import { recordAudit } from "./audit-log.server";
import { deleteUserSessions } from "./sessions.server";
import type { Role } from "./workspaces.server";

export const INVITATION_LIFETIME_DAYS = 7;

/** The link carries the token; the database keeps only its hash. */
const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/**
 * Invitations a workspace may send: enough to bring in a team in an afternoon,
 * too few for Solido's mail to carry a phishing campaign.
 */
export const INVITATIONS_PER_HOUR = 10;
export const INVITATIONS_PER_DAY = 30;

export type InvitationRefusal = "not_connected" | "too_many";

/**
 * Creates an invitation, only for a workspace connected to its Xero
 * organisation (a person who merely signed in with Xero cannot use Solido to
 * send mail under any name they like) and within the workspace's allowance.
 * The workspace row is locked while counting, so invitations sent at once
 * cannot all slip under the limit.
 */
export async function createInvitation(input: { workspaceId: string; email: string; role: "admin" | "viewer"; invitedByUserId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_DAYS * 86_400_000);
  return db.transaction(async (tx) => {
    await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, input.workspaceId)).for("no key update");
    const [connection] = await tx.select({ status: xeroConnections.status }).from(xeroConnections).where(eq(xeroConnections.workspaceId, input.workspaceId));
    if (connection?.status !== "connected") return { ok: false as const, refusal: "not_connected" as const };
    const [sent] = await tx
      .select({
        lastHour: sql<number>`count(*) filter (where ${gt(invitations.createdAt, new Date(now.getTime() - 3_600_000))})`.mapWith(Number),
        lastDay: count(),
      })
      .from(invitations)
      .where(and(eq(invitations.workspaceId, input.workspaceId), gt(invitations.createdAt, new Date(now.getTime() - 86_400_000))));
    if (sent.lastHour >= INVITATIONS_PER_HOUR || sent.lastDay >= INVITATIONS_PER_DAY) return { ok: false as const, refusal: "too_many" as const };
    const [invitation] = await tx
      .insert(invitations)
      .values({ workspaceId: input.workspaceId, email: input.email, role: input.role, tokenHash: hashToken(token), invitedByUserId: input.invitedByUserId, expiresAt, createdAt: now })
      .returning();
    await recordAudit(tx, { workspaceId: input.workspaceId, userId: input.invitedByUserId, action: "member.invited", detail: { email: input.email, role: input.role } });
    return { ok: true as const, token, invitation };
  });
}

/** Invitations still waiting for their invitee. */
export async function listPendingInvitations(workspaceId: string, now = new Date()) {
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(workspaceId: string, invitationId: string, userId: string) {
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ email: invitations.email });
    if (revoked) await recordAudit(tx, { workspaceId, userId, action: "invitation.revoked", detail: { email: revoked.email } });
    return revoked ?? null;
  });
}

export type InvitationState = "valid" | "expired" | "accepted" | "revoked";

/** The invitation is for another address than the signed-in person's. */
export const isForSomeoneElse = (invitation: { email: string }, user: { email: string }) => invitation.email.trim().toLowerCase() !== user.email.trim().toLowerCase();

/** What an invite link leads to; undefined when the token is not one Solido issued. */
export async function findInvitation(token: string, now = new Date()) {
  const [found] = await db
    .select({ invitation: invitations, workspaceName: workspaces.name, workspaceSlug: workspaces.slug, inviterEmail: users.email, inviterGivenName: users.givenName })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!found) return undefined;
  return { ...found, state: invitationState(found.invitation, now) };
}

function invitationState(invitation: typeof invitations.$inferSelect, now: Date): InvitationState {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= now) return "expired";
  return "valid";
}

export type AcceptOutcome =
  | { ok: true; workspaceId: string; slug: string; alreadyMember: boolean }
  | { ok: false; state: InvitationState | "unknown" | "someone_else"; invitedEmail?: string };

/**
 * Adds the signed-in user to the invitation's workspace, once, and only the
 * person it was sent to: their Xero login's email must be the invited
 * address, so a forwarded or intercepted link lets nobody else in. The row is
 * locked, so two tabs accepting the same link cannot both use it. Someone
 * already in the workspace keeps the role they have.
 */
export async function acceptInvitation(token: string, user: { id: string; email: string }, now = new Date()): Promise<AcceptOutcome> {
  const userId = user.id;
  return db.transaction(async (tx) => {
    const [invitation] = await tx.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).for("update").limit(1);
    if (!invitation) return { ok: false, state: "unknown" };
    const state = invitationState(invitation, now);
    if (state !== "valid") return { ok: false, state };
    if (isForSomeoneElse(invitation, user)) return { ok: false, state: "someone_else", invitedEmail: invitation.email };
    const joined = await tx
      .insert(memberships)
      .values({ workspaceId: invitation.workspaceId, userId, role: invitation.role })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId });
    await tx.update(invitations).set({ acceptedAt: now, acceptedByUserId: userId }).where(eq(invitations.id, invitation.id));
    if (joined.length) {
      await recordAudit(tx, { workspaceId: invitation.workspaceId, userId, action: "member.joined", detail: { role: invitation.role, invitedEmail: invitation.email } });
    }
    const [workspace] = await tx.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, invitation.workspaceId));
    return { ok: true, workspaceId: invitation.workspaceId, slug: workspace.slug, alreadyMember: joined.length === 0 };
  });
}

export type MembershipChangeRefusal = "not_found" | "last_owner" | "owner_only" | "use_leave" | "own_role";

/** Removes someone else. Admins may remove admins and viewers; removing an owner takes an owner; the last owner stays. */
export async function removeMember(input: { workspaceId: string; actor: { userId: string; role: Role }; targetUserId: string }) {
  if (input.actor.userId === input.targetUserId) return { ok: false as const, refusal: "use_leave" as const };
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ role: memberships.role, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.targetUserId)))
      .for("update", { of: memberships });
    if (!target) return { ok: false as const, refusal: "not_found" as const };
    if (target.role === "owner" && input.actor.role !== "owner") return { ok: false as const, refusal: "owner_only" as const };
    if (target.role === "owner" && (await ownerCount(tx, input.workspaceId)) <= 1) return { ok: false as const, refusal: "last_owner" as const };
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.targetUserId)));
    // Gone means gone: signed out everywhere now, not when their cookie expires, and no invitation
    // they sent (or that was sent to them) left to bring them back.
    await deleteUserSessions(tx, input.targetUserId);
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.workspaceId, input.workspaceId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          or(eq(invitations.invitedByUserId, input.targetUserId), eq(sql`lower(${invitations.email})`, target.email.toLowerCase())),
        ),
      );
    await recordAudit(tx, { workspaceId: input.workspaceId, userId: input.actor.userId, action: "member.removed", detail: { email: target.email, role: target.role } });
    return { ok: true as const, email: target.email };
  }).catch(refuseOwnerless);
}

/**
 * The database refuses (at commit, migration 0022) any change that leaves a
 * workspace without an owner — what two owners removing or demoting each
 * other at once would otherwise do, each having seen the other still there.
 */
function refuseOwnerless(error: unknown): { ok: false; refusal: "last_owner" } {
  for (let cause = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    if ((cause as { constraint_name?: string }).constraint_name === "memberships_workspace_keeps_an_owner") return { ok: false, refusal: "last_owner" };
  }
  throw error;
}

/**
 * Gives someone else another role. Owners may give anyone else any role
 * (the workspace keeps its owner: the one acting). Admins may move people
 * between admin and viewer, but neither touch an owner nor make one. Nobody
 * changes their own role: another owner does that, so no one can lift
 * themselves or leave the workspace ownerless by accident. Viewers are
 * refused before this is called (requireWorkspaceAdmin).
 */
export async function changeMemberRole(input: { workspaceId: string; actor: { userId: string; role: Role }; targetUserId: string; role: Role }) {
  if (input.actor.userId === input.targetUserId) return { ok: false as const, refusal: "own_role" as const };
  if (input.actor.role === "viewer") return { ok: false as const, refusal: "owner_only" as const };
  return db.transaction(async (tx) => {
    // Both rows locked in one order, so two owners changing each other at once cannot deadlock, and the
    // actor's role is the one they hold now, not when the page loaded.
    const rows = await tx
      .select({ userId: memberships.userId, role: memberships.role, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, input.workspaceId), inArray(memberships.userId, [input.actor.userId, input.targetUserId])))
      .orderBy(asc(memberships.userId))
      .for("update", { of: memberships });
    const target = rows.find((row) => row.userId === input.targetUserId);
    const actorRole = rows.find((row) => row.userId === input.actor.userId)?.role ?? "viewer";
    if (!target) return { ok: false as const, refusal: "not_found" as const };
    if (actorRole === "viewer") return { ok: false as const, refusal: "owner_only" as const };
    if ((target.role === "owner" || input.role === "owner") && actorRole !== "owner") return { ok: false as const, refusal: "owner_only" as const };
    if (target.role === input.role) return { ok: true as const, email: target.email, from: target.role, to: input.role, changed: false };
    await tx.update(memberships).set({ role: input.role }).where(and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.targetUserId)));
    await recordAudit(tx, { workspaceId: input.workspaceId, userId: input.actor.userId, action: "member.role_changed", detail: { email: target.email, from: target.role, to: input.role } });
    return { ok: true as const, email: target.email, from: target.role, to: input.role, changed: true };
  }).catch(refuseOwnerless);
}

/** Leaves the workspace; the last owner cannot, or the workspace would have nobody to run it. */
export async function leaveWorkspace(input: { workspaceId: string; userId: string; role: Role }) {
  return db.transaction(async (tx) => {
    // Lock the owners, so two owners leaving at once cannot both go.
    await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.role, "owner"))).for("update");
    if (input.role === "owner" && (await ownerCount(tx, input.workspaceId)) <= 1) return { ok: false as const, refusal: "last_owner" as const };
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.userId)));
    await recordAudit(tx, { workspaceId: input.workspaceId, userId: input.userId, action: "member.left", detail: { role: input.role } });
    return { ok: true as const };
  }).catch(refuseOwnerless);
}

async function ownerCount(tx: Parameters<Parameters<typeof db.transaction>[0]>[0], workspaceId: string) {
  const [row] = await tx.select({ owners: count() }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")));
  return row?.owners ?? 0;
}
