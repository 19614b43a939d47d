// Creating workspaces and binding them to a Xero organisation. The database
// holds the rule "one organisation, one workspace" (unique xero_tenant_id);
// these functions only ever write inside one transaction with its consequences
// (membership, audit entry, first sync).
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { memberships, users, workspaces, xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import { sealToken } from "~/xero/token-vault.server";
import type { OrganisationDetails } from "~/xero/organisations.server";
import { writeDefaultSchedule } from "~/reminders/schedules.server";
import { recordAudit } from "./audit-log.server";
import { queueSync } from "./sync-runs.server";
import type { Role } from "./workspaces.server";

/** The name a workspace gets when its creator doesn't choose one; replaced by the organisation's name on connect. */
export const DEFAULT_WORKSPACE_NAME = "My business";

export function slugify(name: string) {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "workspace";
}

async function uniqueSlug(executor: Executor, name: string) {
  const base = slugify(name);
  const taken = await executor
    .select({ slug: workspaces.slug })
    .from(workspaces)
    .where(sql`${workspaces.slug} = ${base} or ${workspaces.slug} like ${base + "-%"}`);
  const used = new Set(taken.map((row) => row.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

export async function createWorkspace(executor: Executor, input: { name: string; ownerId: string }) {
  const [workspace] = await executor
    .insert(workspaces)
    .values({ name: input.name, slug: await uniqueSlug(executor, input.name) })
    .returning();
  await executor.insert(memberships).values({ workspaceId: workspace.id, userId: input.ownerId, role: "owner" });
  // The schedule comes with the workspace: the first sync's invoices are shown against it at once.
  await writeDefaultSchedule(executor, workspace.id);
  await recordAudit(executor, { workspaceId: workspace.id, userId: input.ownerId, action: "workspace.created", detail: { name: input.name } });
  return workspace;
}

/** The workspace bound to a Xero organisation, with who connected it (for "ask them to invite you"). */
export async function workspaceForTenant(tenantId: string) {
  const [row] = await db
    .select({
      id: workspaces.id,
      slug: workspaces.slug,
      name: workspaces.name,
      connectionId: xeroConnections.xeroConnectionId,
      connectionStatus: xeroConnections.status,
      connectedByEmail: users.email,
      connectedByName: users.givenName,
    })
    .from(workspaces)
    .leftJoin(xeroConnections, eq(xeroConnections.workspaceId, workspaces.id))
    .leftJoin(users, eq(users.id, xeroConnections.connectedByUserId))
    .where(eq(workspaces.xeroTenantId, tenantId))
    .limit(1);
  return row;
}

export async function membershipRole(userId: string, workspaceId: string): Promise<Role | undefined> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.workspaceId, workspaceId)));
  return row?.role;
}

/** Xero connection ids some workspace relies on: never disconnect these. */
export async function connectionIdsInUse(connectionIds: string[]) {
  if (connectionIds.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: xeroConnections.xeroConnectionId })
    .from(xeroConnections)
    .where(sql`${xeroConnections.xeroConnectionId} in ${connectionIds} and ${xeroConnections.status} <> 'disconnected'`);
  return new Set(rows.map((row) => row.id));
}

export type GrantToStore = {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  scopes: string[];
  authEventId: string | null;
};

/**
 * Binds a workspace to an organisation with a fresh grant (first connect or
 * reconnect), and queues the sync that follows, in the caller's transaction.
 * A unique violation on workspaces.xero_tenant_id means another workspace
 * holds the organisation: the caller turns it into an explanation.
 */
export async function bindOrganisation(
  tx: Executor,
  input: {
    workspaceId: string;
    userId: string;
    organisation: { connectionId: string; tenantId: string } & OrganisationDetails;
    grant: GrantToStore;
  },
) {
  const { workspaceId, userId, organisation, grant } = input;
  const [workspace] = await tx.select().from(workspaces).where(eq(workspaces.id, workspaceId)).for("update");
  const reconnecting = workspace.xeroTenantId === organisation.tenantId;
  await tx
    .update(workspaces)
    .set({
      xeroTenantId: organisation.tenantId,
      xeroOrganisationName: organisation.name,
      name: workspace.name === DEFAULT_WORKSPACE_NAME ? organisation.name : workspace.name,
      baseCurrency: organisation.baseCurrency,
      timeZone: organisation.timeZone,
      countryCode: organisation.countryCode,
      senderName: workspace.senderName ?? organisation.name,
    })
    .where(eq(workspaces.id, workspaceId));

  const [consenting] = await tx.select({ xeroUserId: users.xeroUserId }).from(users).where(eq(users.id, userId));
  const connection = {
    tenantId: organisation.tenantId,
    xeroConnectionId: organisation.connectionId,
    authEventId: grant.authEventId,
    xeroUserId: consenting?.xeroUserId ?? null,
    connectedByUserId: userId,
    status: "connected" as const,
    scopes: grant.scopes,
    accessTokenSealed: sealToken(grant.accessToken),
    refreshTokenSealed: sealToken(grant.refreshToken),
    accessTokenExpiresAt: grant.accessTokenExpiresAt,
    connectedAt: new Date(),
    disconnectedAt: null,
    needsReconnectSince: null,
  };
  await tx
    .insert(xeroConnections)
    .values({ workspaceId, ...connection })
    .onConflictDoUpdate({ target: xeroConnections.workspaceId, set: connection });

  await recordAudit(tx, {
    workspaceId,
    userId,
    action: reconnecting ? "xero.reconnected" : "xero.connected",
    detail: { organisation: organisation.name, tenantId: organisation.tenantId },
  });
  await queueSync(tx, { workspaceId, tenantId: organisation.tenantId, trigger: "connect" });
  return { reconnecting };
}

/** Remembers where "Sign in with Xero" should land this user next time. */
export async function rememberLastWorkspace(userId: string, workspaceId: string) {
  await db.update(users).set({ lastWorkspaceId: workspaceId }).where(eq(users.id, userId));
}

export async function addMember(executor: Executor, input: { workspaceId: string; userId: string; role: Role }) {
  await executor.insert(memberships).values(input).onConflictDoNothing();
}
