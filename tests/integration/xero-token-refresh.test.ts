// Refreshing a Xero token when Xero's token endpoint hangs: the call gives up
// after XERO_CALL_TIMEOUT_MS, no row lock is held while waiting (so Disconnect
// and the tenant's other work go on), a Disconnect made meanwhile is not undone
// by the late answer, and two callers at once still make one refresh (refresh
// tokens rotate). The token endpoint here is a real HTTP server that holds
// each request until the test lets it answer — the one Xero behaviour the
// sandbox cannot be made to show (it answers at once).
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

type Held = { body: string; answer: (status: number, body: unknown) => void };
const held: Held[] = [];
let received = 0;
const identity = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    received++;
    held.push({ body, answer: (status, payload) => response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(payload)) });
  });
});
await new Promise<void>((resolve) => identity.listen(0, "127.0.0.1", resolve));
afterAll(() => {
  identity.closeAllConnections();
  return new Promise((resolve) => identity.close(resolve));
});

process.env.XERO_IDENTITY_URL = `http://127.0.0.1:${(identity.address() as AddressInfo).port}`;
process.env.XERO_CALL_TIMEOUT_MS = "1500";
const { workspaces, xeroConnections } = await import("~db/schema");
const { db } = await import("~/server/db.server");
const { accessTokenFor } = await import("~/xero/tokens.server");
const { openToken, sealToken } = await import("~/xero/token-vault.server");

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** A connected workspace whose access token has expired, so the next use refreshes. */
async function staleConnection() {
  const tenantId = crypto.randomUUID();
  const [workspace] = await db.insert(workspaces).values({ slug: `refresh-${crypto.randomBytes(4).toString("hex")}`, name: "Refreshing Ltd", xeroTenantId: tenantId }).returning();
  const [connection] = await db
    .insert(xeroConnections)
    .values({
      workspaceId: workspace.id,
      tenantId,
      xeroConnectionId: crypto.randomUUID(),
      scopes: [],
      accessTokenSealed: sealToken("old-access"),
      refreshTokenSealed: sealToken("refresh-1"),
      accessTokenExpiresAt: new Date(Date.now() - 60_000),
    })
    .returning();
  return { workspace, connection };
}

const tokens = (n: number) => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_in: 1800, token_type: "Bearer" });

describe("refreshing a Xero token", () => {
  it("gives up on a token endpoint that never answers, saying Xero is unavailable", async () => {
    const { workspace } = await staleConnection();
    const result = await accessTokenFor(workspace.id);
    expect(result).toMatchObject({ ok: false, reason: "unavailable" });
    expect(held.at(-1)?.body).toContain("refresh_token=refresh-1");
  });

  it("holds no lock on the connection's row while Xero is slow, and a Disconnect made meanwhile is not undone by the late answer", async () => {
    const { workspace, connection } = await staleConnection();
    const before = received;
    const refreshing = accessTokenFor(workspace.id);
    await until(() => received > before);
    // What Disconnect does to the row, while the refresh waits on Xero: it must not wait behind it.
    await db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from xero_connections where id = ${connection.id} for update nowait`);
      await tx.update(xeroConnections).set({ status: "disconnected", accessTokenSealed: null, refreshTokenSealed: null }).where(eq(xeroConnections.id, connection.id));
    });
    held.at(-1)!.answer(200, tokens(2));
    expect(await refreshing).toMatchObject({ ok: false, reason: "disconnected" });
    const [after] = await db.select().from(xeroConnections).where(eq(xeroConnections.id, connection.id));
    expect(after).toMatchObject({ status: "disconnected", accessTokenSealed: null, refreshTokenSealed: null });
  });

  it("makes one refresh for two callers at once, and both get the new token", async () => {
    const { workspace, connection } = await staleConnection();
    const before = received;
    const both = Promise.all([accessTokenFor(workspace.id), accessTokenFor(workspace.id)]);
    await until(() => received > before);
    held.at(-1)!.answer(200, tokens(3));
    const [first, second] = await both;
    expect(first).toMatchObject({ ok: true, accessToken: "access-3" });
    expect(second).toMatchObject({ ok: true, accessToken: "access-3" });
    expect(received - before).toBe(1);
    const [after] = await db.select().from(xeroConnections).where(eq(xeroConnections.id, connection.id));
    expect(openToken(after.refreshTokenSealed!)).toBe("refresh-3");
  });
});
