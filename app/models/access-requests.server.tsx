// Access requests: someone who shares a Xero organisation that already has a
// Solido workspace asks its owners and admins to let them in, in one click,
// and an admin approves (a membership) or declines in Settings → Team.
//
// Only someone Xero has just shown can reach the organisation may ask: the
// consent journey writes an "offered" row when it finds the organisation
// taken, and the button turns that row into a request. Every change is
// audited in the same transaction; the emails follow the commit.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { accessRequests, memberships, users, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { displayName } from "~/display/display-name";
import { renderEmail, sendEmail } from "~/server/email.server";
import { env } from "~/server/env.server";
import { messageIdDomain } from "~/reminders/planner.server";
import AccessGranted from "~emails/access-granted";
import AccessRequest from "~emails/access-request";
import { recordAudit } from "./audit-log.server";
import type { Role } from "./workspaces.server";

export type AccessRequestStatus = (typeof accessRequests.$inferSelect)["status"];

/** The workspace's owners and admins: who a request goes to, and who the refusal page says to ask. */
export async function workspaceAdmins(workspaceId: string) {
  const rows = await db
    .select({ userId: users.id, email: users.email, givenName: users.givenName, familyName: users.familyName, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.role, ["owner", "admin"])))
    .orderBy(asc(memberships.createdAt));
  return rows.map((row) => ({ ...row, name: displayName(row) }));
}

/**
 * Records that this user may ask to join (Xero just showed they can reach the
 * workspace's organisation). A request already sent stays sent; a declined
 * one may be asked again.
 */
export async function offerAccess(workspaceId: string, userId: string) {
  const [row] = await db
    .insert(accessRequests)
    .values({ workspaceId, userId })
    .onConflictDoUpdate({
      target: [accessRequests.workspaceId, accessRequests.userId],
      set: {
        status: sql`case when ${accessRequests.status} = 'requested' then ${accessRequests.status} else 'offered'::access_request_status end`,
        offeredAt: sql`now()`,
      },
    })
    .returning({ id: accessRequests.id, status: accessRequests.status });
  return row;
}

/** The user's own request, as its page shows it. */
export async function findOwnAccessRequest(requestId: string, userId: string) {
  const [row] = await db
    .select({ id: accessRequests.id, status: accessRequests.status, workspaceId: workspaces.id, workspaceName: workspaces.name, workspaceSlug: workspaces.slug })
    .from(accessRequests)
    .innerJoin(workspaces, eq(workspaces.id, accessRequests.workspaceId))
    .where(and(eq(accessRequests.id, requestId), eq(accessRequests.userId, userId)));
  return row;
}

/** The newest request of this user still waiting on someone (them or the admins), for where they land after signing in. */
export async function openAccessRequestOf(userId: string) {
  const [row] = await db
    .select({ id: accessRequests.id })
    .from(accessRequests)
    .where(and(eq(accessRequests.userId, userId), inArray(accessRequests.status, ["offered", "requested"])))
    .orderBy(sql`${accessRequests.offeredAt} desc`)
    .limit(1);
  return row;
}

/** The one click: the offer becomes a request, and each owner and admin is emailed. Asking twice emails once. */
export async function requestAccess(requestId: string, userId: string) {
  const asked = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(accessRequests)
      .where(and(eq(accessRequests.id, requestId), eq(accessRequests.userId, userId)))
      .for("update");
    if (!row) return undefined;
    if (row.status !== "offered") return { workspaceId: row.workspaceId, newlyAsked: false };
    await tx.update(accessRequests).set({ status: "requested", requestedAt: new Date() }).where(eq(accessRequests.id, row.id));
    await recordAudit(tx, { workspaceId: row.workspaceId, userId, action: "access.requested" });
    return { workspaceId: row.workspaceId, newlyAsked: true };
  });
  if (!asked?.newlyAsked) return asked;

  const [requester] = await db.select().from(users).where(eq(users.id, userId));
  const [workspace] = await db.select({ name: workspaces.name, slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, asked.workspaceId));
  const teamUrl = new URL(`/w/${workspace.slug}/settings/team`, env().APP_URL).toString();
  const { html, text } = await renderEmail(
    <AccessRequest requesterName={displayName(requester)} requesterEmail={requester.email} workspaceName={workspace.name} teamUrl={teamUrl} />,
  );
  for (const admin of await workspaceAdmins(asked.workspaceId)) {
    const sent = await sendEmail({
      to: admin.email,
      subject: `${displayName(requester)} asks to join ${workspace.name} on Solido`,
      html,
      text,
      messageId: `<access-request-${requestId}-${admin.userId}@${messageIdDomain()}>`,
    });
    // The request is in Settings → Team whatever the mail does; a lost email is logged, not fatal.
    if (!sent.ok) console.warn(`Access request ${requestId}: the email to ${admin.email} failed: ${sent.message}`);
  }
  return asked;
}

/** Settings → Team's "Asking to join": requests waiting on an admin, oldest first. */
export async function listAccessRequests(workspaceId: string) {
  const rows = await db
    .select({ id: accessRequests.id, requestedAt: accessRequests.requestedAt, email: users.email, givenName: users.givenName, familyName: users.familyName })
    .from(accessRequests)
    .innerJoin(users, eq(users.id, accessRequests.userId))
    .where(and(eq(accessRequests.workspaceId, workspaceId), eq(accessRequests.status, "requested")))
    .orderBy(asc(accessRequests.requestedAt));
  return rows.map((row) => ({ id: row.id, requestedAt: row.requestedAt!, email: row.email, name: displayName(row) }));
}

export type AccessDecision = { approve: true; role: Exclude<Role, "owner"> } | { approve: false };

/** An admin's answer. The requester joins (approve) in the same transaction as the audit entry, and is emailed after. */
export async function decideAccessRequest(input: { workspaceId: string; requestId: string; adminUserId: string; decision: AccessDecision }) {
  const decided = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: accessRequests.id, status: accessRequests.status, userId: accessRequests.userId, email: users.email })
      .from(accessRequests)
      .innerJoin(users, eq(users.id, accessRequests.userId))
      .where(and(eq(accessRequests.id, input.requestId), eq(accessRequests.workspaceId, input.workspaceId)))
      .for("update", { of: accessRequests });
    if (!row || row.status !== "requested") return undefined;
    const now = new Date();
    await tx
      .update(accessRequests)
      .set({ status: input.decision.approve ? "approved" : "declined", decidedAt: now, decidedByUserId: input.adminUserId })
      .where(eq(accessRequests.id, row.id));
    if (input.decision.approve) {
      await tx.insert(memberships).values({ workspaceId: input.workspaceId, userId: row.userId, role: input.decision.role }).onConflictDoNothing();
      await recordAudit(tx, { workspaceId: input.workspaceId, userId: input.adminUserId, action: "access.approved", detail: { email: row.email, role: input.decision.role } });
    } else {
      await recordAudit(tx, { workspaceId: input.workspaceId, userId: input.adminUserId, action: "access.declined", detail: { email: row.email } });
    }
    return row;
  });
  if (!decided || !input.decision.approve) return decided;

  const [approver] = await db.select().from(users).where(eq(users.id, input.adminUserId));
  const [workspace] = await db.select({ name: workspaces.name, slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, input.workspaceId));
  const { html, text } = await renderEmail(
    <AccessGranted
      approverName={displayName(approver)}
      workspaceName={workspace.name}
      role={input.decision.role}
      workspaceUrl={new URL(`/w/${workspace.slug}`, env().APP_URL).toString()}
    />,
  );
  const sent = await sendEmail({
    to: decided.email,
    subject: `You're in: ${workspace.name} on Solido`,
    html,
    text,
    messageId: `<access-granted-${decided.id}@${messageIdDomain()}>`,
  });
  if (!sent.ok) console.warn(`Access request ${decided.id}: the email to ${decided.email} failed: ${sent.message}`);
  return decided;
}

/**
 * A workspace the user made for an organisation that turned out to be taken:
 * never bound to Xero, holding nothing, and theirs alone. It goes, so no empty
 * "My business" is left behind. Anything else is kept.
 */
export async function discardEmptyWorkspace(workspaceId: string, userId: string) {
  const deleted = await db.execute<{ id: string }>(sql`
    delete from workspaces w
    where w.id = ${workspaceId} and w.xero_tenant_id is null
      and not exists (select 1 from xero_connections c where c.workspace_id = w.id)
      and not exists (select 1 from invoices i where i.workspace_id = w.id)
      and not exists (select 1 from memberships m where m.workspace_id = w.id and m.user_id <> ${userId})
      and exists (select 1 from memberships m where m.workspace_id = w.id and m.user_id = ${userId} and m.role = 'owner')
    returning w.id`);
  return deleted.length > 0;
}
