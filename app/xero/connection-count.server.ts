// How many Xero organisations Solido holds a connection to, against the cap
// Xero puts on an app: an uncertified app is limited to 25 connections
// (developer.xero.com/documentation/guides/oauth2/limits: "Uncertified apps
// will be limited to 25 connections", confirmed by Xero's Sidney Maestre on
// community.xero.com/developer/discussion/110074711: "The correct number is 25
// with OAuth 2.0 apps"), and the 26th organisation's consent is refused by Xero
// ("needs to complete certification before they can connect to more Xero
// organisations", community.xero.com/developer/discussion/124574507). The
// operator sees the count on /healthz and in the log at start and on each new
// connection, with a warning from XERO_CONNECTION_WARNING_AT on.
import { sql } from "drizzle-orm";
import { db } from "~/server/db.server";
import { env } from "~/server/env.server";

export type ConnectionCount = {
  /** Organisations connected now (connections Xero still holds: "connected" or "needs_reconnect"). */
  connected: number;
  /** Xero's cap for this app (XERO_CONNECTION_LIMIT). */
  limit: number;
  /** Connections left before Xero refuses the next organisation. */
  remaining: number;
  /** Close enough to the cap that the operator should certify the app (or raise its plan) now. */
  warning: boolean;
};

export async function countXeroConnections(): Promise<ConnectionCount> {
  const [row] = await db.execute<{ connected: number }>(sql`
    select count(distinct tenant_id)::int as connected from xero_connections where status <> 'disconnected'`);
  const { XERO_CONNECTION_LIMIT: limit, XERO_CONNECTION_WARNING_AT: warnAt } = env();
  const connected = row?.connected ?? 0;
  return { connected, limit, remaining: Math.max(0, limit - connected), warning: connected >= Math.min(warnAt, limit) };
}

/** One log line for the operator: the count, and a warning as the cap nears. */
export async function logXeroConnectionCount(moment: string) {
  const count = await countXeroConnections();
  const line = `[xero] ${moment}: ${count.connected} of ${count.limit} Xero organisations connected (${count.remaining} left)`;
  if (count.warning) {
    console.warn(`${line}. Xero refuses organisation ${count.limit + 1} until the app is certified: apply at developer.xero.com, or raise XERO_CONNECTION_LIMIT once it is.`);
  } else {
    console.log(line);
  }
  return count;
}
