// The one way to a usable access token for a workspace's Xero connection.
// Access tokens live 30 minutes; refresh tokens rotate on every use, so two
// processes refreshing with the same refresh token at once would race, and
// the loser's answer would carry a token Xero has already replaced.
//
// Refreshing is therefore serialised per connection across every web and
// worker process by a transaction-scoped advisory lock — never by the
// connection row's lock: the refresh waits on Xero's token endpoint, and a
// row lock held across that wait would stall everything else that touches
// the row (Disconnect, the tenant's queue) for as long as Xero hangs. The
// first caller refreshes and saves the new pair; the others wait on the
// advisory lock (at most the call timeout plus a margin: lock_timeout), then
// read the fresh token it saved. The save is conditional on the row still
// holding the refresh token that was used and still being connected, so a
// Disconnect (or reconnect) that happened during the call is never undone.
// A crash between Xero answering and the save loses the new pair; the old
// refresh token may be retried for Xero's 30-minute grace period
// (https://developer.xero.com/documentation/guides/oauth2/token-types/, refresh
// tokens), so the next caller recovers. Every call to Xero gives up after
// XERO_CALL_TIMEOUT_MS.
import { and, eq, sql } from "drizzle-orm";
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
    httpTimeout: config.XERO_CALL_TIMEOUT_MS,
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

  try {
    return await db.transaction(async (tx) => {
      // Waiting for another process's refresh is bounded: its Xero call gives up after the timeout.
      await tx.execute(sql.raw(`set local lock_timeout = ${env().XERO_CALL_TIMEOUT_MS + 5_000}`));
      await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK_NAMESPACE}, hashtext(${current.id}::text))`);
      const [connection] = await tx.select().from(xeroConnections).where(eq(xeroConnections.id, current.id));
      const refusalNow = unusable(connection);
      if (refusalNow) return refusalNow;
      if (isFresh(connection)) return granted(connection); // another caller refreshed while we waited
      return refresh(tx, workspaceId, connection);
    });
  } catch (error) {
    if ((error as { code?: string }).code === "55P03") {
      return { ok: false, reason: "unavailable", message: "Xero is taking too long to refresh the connection; trying again later." };
    }
    throw error;
  }
}

/** Advisory locks' first key for token refreshes (the second is the connection's). */
const REFRESH_LOCK_NAMESPACE = 0x70_6b_e5;

type Transaction = Parameters<Parameters<typeof db.transaction>[0]>[0];

/** The refresh itself, holding the advisory lock and no row lock. */
async function refresh(tx: Transaction, workspaceId: string, connection: Connection): Promise<AccessToken | NoAccess> {
  const stillTheSame = and(
    eq(xeroConnections.id, connection.id),
    eq(xeroConnections.refreshTokenSealed, connection.refreshTokenSealed!),
    eq(xeroConnections.status, "connected"),
  );
  let tokenSet: Awaited<ReturnType<ReturnType<typeof xeroClient>["refreshWithRefreshToken"]>>;
  try {
    tokenSet = await xeroClient().refreshWithRefreshToken(env().XERO_CLIENT_ID, env().XERO_CLIENT_SECRET, openToken(connection.refreshTokenSealed!));
  } catch (error) {
    const failure = readXeroFailure(error);
    if (!isInvalidGrant(failure)) {
      return { ok: false, reason: "unavailable", message: `Xero could not refresh the connection (${failure.status || failure.message}).` };
    }
    const [marked] = await tx
      .update(xeroConnections)
      .set({ status: "needs_reconnect", needsReconnectSince: new Date(), accessTokenSealed: null })
      .where(stillTheSame)
      .returning({ id: xeroConnections.id });
    if (!marked) return afterAChange(tx, connection.id);
    await recordAudit(tx, {
      workspaceId,
      userId: null,
      action: "xero.needs_reconnect",
      detail: { reason: "Xero refused the refresh token (invalid_grant)" },
    });
    return { ok: false, reason: "needs_reconnect", message: "Xero no longer accepts Solido's access: reconnect Xero." };
  }
  const [updated] = await tx
    .update(xeroConnections)
    .set({
      accessTokenSealed: sealToken(tokenSet.access_token!),
      refreshTokenSealed: sealToken(tokenSet.refresh_token!),
      accessTokenExpiresAt: new Date(Date.now() + Number(tokenSet.expires_in ?? 1800) * 1000),
    })
    .where(stillTheSame)
    .returning();
  return updated ? granted(updated) : afterAChange(tx, connection.id);
}

/** The connection changed during the call (disconnected, reconnected): what it says now wins over what Xero answered. */
async function afterAChange(tx: Transaction, connectionId: string): Promise<AccessToken | NoAccess> {
  const [now] = await tx.select().from(xeroConnections).where(eq(xeroConnections.id, connectionId));
  const refusal = unusable(now);
  if (refusal) return refusal;
  return isFresh(now) ? granted(now) : { ok: false, reason: "unavailable", message: "The Xero connection changed while refreshing; trying again later." };
}
