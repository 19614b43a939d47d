// api.xero.com/connections: the tenants an access token may call, and disconnecting one.
import { Hono } from "hono";
import type { ApiEnv } from "./api-gateway";
import { forbidden } from "./api-gateway";
import type { IdentityAuthority } from "./identity-authority";
import type { SandboxStore } from "./store";

/** Xero's connection timestamps: ISO without a zone, seven fractional digits. */
const connectionDate = (ms: number) => new Date(ms).toISOString().replace("Z", "0000");

export function connectionsRoutes(authority: IdentityAuthority, store: SandboxStore): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.get("/", (c) => {
    const claims = c.get("claims");
    const authEventId = c.req.query("authEventId");
    const connections = authority
      .connectionsOf(claims.xero_userid, claims.client_id)
      .filter((connection) => !authEventId || connection.authEventId === authEventId)
      .sort((a, b) => a.createdAt - b.createdAt);
    return c.json(
      connections.map((connection) => ({
        id: connection.id,
        authEventId: connection.authEventId,
        tenantId: connection.tenantId,
        tenantType: "ORGANISATION",
        tenantName: store.book(connection.tenantId)?.organisation.name ?? "",
        createdDateUtc: connectionDate(connection.createdAt),
        updatedDateUtc: connectionDate(connection.updatedAt),
      })),
    );
  });

  routes.delete("/:id", (c) => {
    const claims = c.get("claims");
    const connection = store.connections.get(c.req.param("id").toLowerCase());
    if (!connection) return c.body(null, 404);
    if (connection.userId !== claims.xero_userid || connection.clientId !== claims.client_id) return forbidden(c);
    store.connections.delete(connection.id);
    store.markDirty();
    return c.body(null, 204);
  });

  return routes;
}
