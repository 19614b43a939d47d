// What the buttons on Settings → Integrations do to a workspace's Xero
// connection, beyond the trip to Xero itself: sync now, and disconnect.
import { and, eq, ne, sql } from "drizzle-orm";
import { syncRuns, xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import { recordAudit } from "~/models/audit-log.server";
import { queueSync, xeroQueueName } from "~/models/sync-runs.server";
import { openToken } from "~/xero/token-vault.server";
import { readXeroFailure } from "./errors.server";
import { disconnectOrganisation, revokeGrant } from "./organisations.server";
import { accessTokenFor } from "./tokens.server";

export type SyncRequest = { ok: true } | { ok: false; message: string };

/** "Sync now": queues a sync unless one is already waiting (ten clicks, one sync). */
export async function requestSync(workspaceId: string): Promise<SyncRequest> {
  const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId));
  if (connection?.status !== "connected") {
    return { ok: false, message: "Connect Xero first: there is nothing to sync from." };
  }
  await db.transaction((tx) => queueSync(tx, { workspaceId, tenantId: connection.tenantId, trigger: "manual" }));
  return { ok: true };
}

/**
 * Disconnect: Solido gives up its access to this organisation at Xero
 * (DELETE /connections/{id}, xero-node's disconnect), forgets the tokens, and
 * cancels the workspace's waiting jobs. Invoices, contacts and history stay;
 * reconnecting resumes. Xero being unreachable does not block it: the tokens
 * are forgotten anyway.
 *
 * The refresh token is revoked only when no other workspace's connection was
 * given by the same Xero user: revoking "revokes a user's refresh token and
 * removes all their connections to your app" (xero-node 4.10.1's release
 * note for revokeToken), so a bookkeeper with ten client organisations would
 * lose the other nine. A connection whose consenting user is unknown is
 * treated as shared: revoking is a tidy-up, losing nine clients is not.
 */
export async function disconnectFromXero(workspaceId: string, userId: string) {
  const access = await accessTokenFor(workspaceId);
  const warnings: string[] = [];
  if (access.ok) {
    await disconnectOrganisation(access.accessToken, access.xeroConnectionId).catch((error) => {
      if (readXeroFailure(error).status === 404) return; // already gone at Xero
      warnings.push(`deleting the connection failed: ${String(error)}`);
    });
  }
  const [connection] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId));
  if (!connection || connection.status === "disconnected") return;
  if (connection.refreshTokenSealed && !(await grantSharedWithOthers(connection))) {
    const accessToken = access.ok ? access.accessToken : connection.accessTokenSealed ? openToken(connection.accessTokenSealed) : "expired";
    await revokeGrant(openToken(connection.refreshTokenSealed), accessToken).catch((error) =>
      warnings.push(`revoking the token failed: ${String(error)}`),
    );
  }
  if (warnings.length) console.warn(`Disconnecting workspace ${workspaceId} from Xero: ${warnings.join("; ")}`);

  await db.transaction(async (tx) => {
    await tx
      .update(xeroConnections)
      .set({ status: "disconnected", disconnectedAt: new Date(), accessTokenSealed: null, refreshTokenSealed: null, accessTokenExpiresAt: null })
      .where(eq(xeroConnections.id, connection.id));
    await tx
      .update(syncRuns)
      .set({ status: "skipped", finishedAt: new Date(), errorCode: "disconnected", error: "Cancelled: the workspace was disconnected from Xero." })
      .where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.status, "queued")));
    // Waiting jobs for this organisation would only find the connection gone; fail them now, visibly.
    await tx.execute(sql`
      select graphile_worker.permanently_fail_jobs(
        array(select id from graphile_worker.jobs where queue_name = ${xeroQueueName(connection.tenantId)} and locked_at is null),
        'Disconnected from Xero'
      )`);
    await recordAudit(tx, { workspaceId, userId, action: "xero.disconnected", detail: { tenantId: connection.tenantId } });
  });
}

/** Whether another workspace's live connection was given by the same Xero user (or this one's user is unknown). */
async function grantSharedWithOthers(connection: typeof xeroConnections.$inferSelect) {
  if (!connection.xeroUserId) return true;
  const [other] = await db
    .select({ id: xeroConnections.id })
    .from(xeroConnections)
    .where(and(eq(xeroConnections.xeroUserId, connection.xeroUserId), ne(xeroConnections.id, connection.id), ne(xeroConnections.status, "disconnected")))
    .limit(1);
  return Boolean(other);
}
