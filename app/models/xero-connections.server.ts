// A workspace's link to its Xero organisation, as the app shows it. Sealed
// tokens are never selected here: pages only need to know the state.
import { eq, sql } from "drizzle-orm";
import { users, xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";

export type ConnectionStatus = (typeof xeroConnections.$inferSelect)["status"];

// Every workspace page's frame asks this: the query is built once per process (a prepared statement).
const connectionOfWorkspace = db
  .select({
    status: xeroConnections.status,
    tenantId: xeroConnections.tenantId,
    scopes: xeroConnections.scopes,
    connectedAt: xeroConnections.connectedAt,
    disconnectedAt: xeroConnections.disconnectedAt,
    needsReconnectSince: xeroConnections.needsReconnectSince,
    lastSyncAt: xeroConnections.lastSyncAt,
    lastSyncStatus: xeroConnections.lastSyncStatus,
    connectedByName: users.givenName,
    connectedByEmail: users.email,
  })
  .from(xeroConnections)
  .leftJoin(users, eq(users.id, xeroConnections.connectedByUserId))
  .where(eq(xeroConnections.workspaceId, sql.placeholder("workspaceId")))
  .limit(1)
  .prepare("connection_of_workspace");

export async function getConnection(workspaceId: string) {
  const [connection] = await connectionOfWorkspace.execute({ workspaceId });
  return connection;
}

/** A connection that was disconnected is, for the user, no connection at all. */
export function isConnected(connection: { status: ConnectionStatus } | undefined) {
  return connection !== undefined && connection.status !== "disconnected";
}
