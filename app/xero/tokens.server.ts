// The one way to a usable access token for a workspace's Xero connection.
// Access tokens live 30 minutes; refresh tokens rotate on every use. Web and
// worker processes may all want a token at once, so refreshing happens under
// the connection row's lock: the first caller refreshes and commits the new
// pair, the others wait and then read it. A crash between Xero answering and
// the commit is recovered by Xero's 30-minute grace on the old refresh token.
import { eq } from "drizzle-orm";
import { xeroConnections } from "~db/schema";
import { db } from "~/server/db.server";
import { env } from "~/server/env.server";
import { recordAudit } from "~/models/audit-log.server";
import { openToken, sealToken } from "~/xero/token-vault.server";
import { createXeroClient } from "./client.server";
import { isInvalidGrant, readXeroFailure } from "./errors.server";

/** Refresh when less than this is left, so no call starts with a token about to die. */
const REFRESH_MARGIN_MS = 2 * 60_000;

export type AccessToken = { ok: true; accessToken: string; tenantId: string; xeroConnectionId: string };
export type NoAccess = { ok: false; reason: "not_connected" | "disconnected" | "needs_reconnect" | "unavailable"; message: string };

type Connection = typeof xeroConnections.$inferSelect;

/** A xero-node client pointed at the configured Xero (real or sandbox). */
export function xeroClient() {
  const config = env();
  return createXeroClient({
    identityUrl: config.XERO_IDENTITY_URL,
    apiUrl: config.XERO_API_URL,
    clientId: config.XERO_CLIENT_ID,
    clientSecret: config.XERO_CLIENT_SECRET,
    redirectUris: [new URL("/auth/xero/callback", config.APP_URL).toString()],
    scopes: config.XERO_SCOPES,
  });
}

/** A xero-node client holding this access token. */
export function xeroClientWith(accessToken: string, refreshToken?: string) {
  const client = xeroClient();
  client.setTokenSet({ access_token: accessToken, refresh_token: refreshToken, token_type: "Bearer" });
  return client;
}

const isFresh = (connection: Connection, now = Date.now()) =>
  Boolean(connection.accessTokenSealed && connection.accessTokenExpiresAt && connection.accessTokenExpiresAt.getTime() - now > REFRESH_MARGIN_MS);

function unusable(connection: Connection | undefined): NoAccess | undefined {
  if (!connection) return { ok: false, reason: "not_connected", message: "This workspace is not connected to Xero." };
  if (connection.status === "disconnected")
    return { ok: false, reason: "disconnected", message: "This workspace was disconnected from Xero." };
  if (connection.status === "needs_reconnect" || !connection.refreshTokenSealed)
    return { ok: false, reason: "needs_reconnect", message: "Xero no longer accepts Solido's access: reconnect Xero." };
  return undefined;
}

const granted = (connection: Connection): AccessToken => ({
  ok: true,
  accessToken: openToken(connection.accessTokenSealed!),
  tenantId: connection.tenantId,
  xeroConnectionId: connection.xeroConnectionId,
});

export async function accessTokenFor(workspaceId: string): Promise<AccessToken | NoAccess> {
  const [current] = await db.select().from(xeroConnections).where(eq(xeroConnections.workspaceId, workspaceId));
  const refusal = unusable(current);
  if (refusal) return refusal;
  if (isFresh(current)) return granted(current);

  return db.transaction(async (tx) => {
    const [connection] = await tx.select().from(xeroConnections).where(eq(xeroConnections.id, current.id)).for("update");
    const refusalNow = unusable(connection);
    if (refusalNow) return refusalNow;
    if (isFresh(connection)) return granted(connection); // another caller refreshed while we waited

    try {
      const tokenSet = await xeroClient().refreshWithRefreshToken(
        env().XERO_CLIENT_ID,
        env().XERO_CLIENT_SECRET,
        openToken(connection.refreshTokenSealed!),
      );
      const [updated] = await tx
        .update(xeroConnections)
        .set({
          accessTokenSealed: sealToken(tokenSet.access_token!),
          refreshTokenSealed: sealToken(tokenSet.refresh_token!),
          accessTokenExpiresAt: new Date(Date.now() + Number(tokenSet.expires_in ?? 1800) * 1000),
        })
        .where(eq(xeroConnections.id, connection.id))
        .returning();
      return granted(updated);
    } catch (error) {
      const failure = readXeroFailure(error);
      if (!isInvalidGrant(failure)) {
        return { ok: false, reason: "unavailable", message: `Xero could not refresh the connection (${failure.status || failure.message}).` };
      }
      await tx
        .update(xeroConnections)
        .set({ status: "needs_reconnect", needsReconnectSince: new Date(), accessTokenSealed: null })
        .where(eq(xeroConnections.id, connection.id));
      await recordAudit(tx, {
        workspaceId,
        userId: null,
        action: "xero.needs_reconnect",
        detail: { reason: "Xero refused the refresh token (invalid_grant)" },
      });
      return { ok: false, reason: "needs_reconnect", message: "Xero no longer accepts Solido's access: reconnect Xero." };
    }
  });
}
