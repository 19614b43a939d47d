// The identity server fails where Xero fails: PKCE, single-use codes, redirect URIs, client
// secrets, refresh-token rotation with its grace period, expiry, revocation, scopes.
import { OAuth2RequestError } from "arctic";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "../server";
import { CLIENT_ID, HARBOUR, KIWI, REDIRECT_URI, api, authorize, connect, control, oauthClient, startTestSandbox } from "./support";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const tokenUrl = () => `${sandbox.url}/connect/token`;

async function oauthErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OAuth2RequestError) return error.code;
    throw error;
  }
  throw new Error("expected the token request to fail");
}

/** Where /connect/authorize sends the browser straight back (an error it finds before the login page). */
async function authorizeRedirect(on: RunningSandbox, scopes: string[]): Promise<URL> {
  const url = oauthClient().createAuthorizationURL(`${on.url}/connect/authorize`, "state-1", scopes);
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!);
}

async function refreshWith(refreshToken: string) {
  return fetch(tokenUrl(), {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:solido-test-secret`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
  });
}

describe("authorization code flow", () => {
  it("publishes discovery and a JWKS that verifies the RS256 id_token with Xero's claims", async () => {
    const discovery = await (await fetch(`${sandbox.url}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(sandbox.url);
    const { idToken } = await connect(sandbox, { organisations: [HARBOUR.name] });
    const { payload, protectedHeader } = await jwtVerify(idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: sandbox.url, audience: CLIENT_ID });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({
      xero_userid: "2b8f4c1e-6a3d-4e9b-8f70-1c2d3e4f5a01",
      email: "demo@solido.test",
      preferred_username: "demo@solido.test",
      given_name: "Dana",
      family_name: "Demo",
    });
    expect(payload.global_session_id).toEqual(expect.any(String));
    expect(payload.at_hash).toEqual(expect.any(String));
  });

  it("returns the state and the granted scopes to the redirect URI", async () => {
    const { callback, state } = await authorize(sandbox);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("state")).toBe(state);
    expect(callback.searchParams.get("code")).toBeTruthy();
  });

  it("sends access_denied back to the app when the user clicks Cancel", async () => {
    const { callback, state } = await authorize(sandbox, { decision: "cancel" });
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(state);
    expect(callback.searchParams.has("code")).toBe(false);
  });

  it("refuses a PKCE verifier that does not match the challenge", async () => {
    const { callback } = await authorize(sandbox);
    expect(await oauthErrorOf(oauthClient().validateAuthorizationCode(tokenUrl(), callback.searchParams.get("code")!, "a-different-verifier-of-sufficient-length-123456"))).toBe("invalid_grant");
  });

  it("accepts a code only once", async () => {
    const { callback, codeVerifier } = await authorize(sandbox);
    const code = callback.searchParams.get("code")!;
    await oauthClient().validateAuthorizationCode(tokenUrl(), code, codeVerifier);
    expect(await oauthErrorOf(oauthClient().validateAuthorizationCode(tokenUrl(), code, codeVerifier))).toBe("invalid_grant");
  });

  it("refuses a code after five minutes", async () => {
    const { callback, codeVerifier } = await authorize(sandbox);
    sandbox.clock.advance(5 * 60_000 + 1);
    expect(await oauthErrorOf(oauthClient().validateAuthorizationCode(tokenUrl(), callback.searchParams.get("code")!, codeVerifier))).toBe("invalid_grant");
  });

  it("refuses a code exchanged with a different redirect_uri", async () => {
    const { callback, codeVerifier } = await authorize(sandbox);
    const other = oauthClient({ redirectUri: "http://localhost:3999/elsewhere" });
    expect(await oauthErrorOf(other.validateAuthorizationCode(tokenUrl(), callback.searchParams.get("code")!, codeVerifier))).toBe("invalid_grant");
  });

  it("refuses a wrong client secret with invalid_client", async () => {
    const { callback, codeVerifier } = await authorize(sandbox);
    expect(await oauthErrorOf(oauthClient({ secret: "wrong" }).validateAuthorizationCode(tokenUrl(), callback.searchParams.get("code")!, codeVerifier))).toBe("invalid_client");
  });

  it("shows an error page instead of redirecting to an unregistered redirect_uri", async () => {
    const url = oauthClient({ redirectUri: "https://attacker.example/callback" }).createAuthorizationURL(`${sandbox.url}/connect/authorize`, "s", ["openid"]);
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Invalid redirect_uri");
  });

  it("matches redirect URIs exactly unless the loopback allowance is asked for", async () => {
    const otherPort = "http://localhost:3998/auth/xero/callback";
    const strict = await startSandbox({ clientId: CLIENT_ID, clientSecret: "solido-test-secret", redirectUris: [REDIRECT_URI] });
    const lenient = await startSandbox({ clientId: CLIENT_ID, clientSecret: "solido-test-secret", redirectUris: [REDIRECT_URI], loopbackRedirectPath: "/auth/xero/callback" });
    try {
      const page = (on: typeof strict) => fetch(oauthClient({ redirectUri: otherPort }).createAuthorizationURL(`${on.url}/connect/authorize`, "s", ["openid"]), { redirect: "manual" });
      expect((await page(strict)).status).toBe(400);
      expect((await page(lenient)).status).toBe(200);
    } finally {
      await strict.close();
      await lenient.close();
    }
  });

  it("redirects invalid_scope for a scope Xero does not have", async () => {
    const url = oauthClient().createAuthorizationURL(`${sandbox.url}/connect/authorize`, "s", ["openid", "accounting.everything"]);
    const response = await fetch(url, { redirect: "manual" });
    expect(new URL(response.headers.get("location")!).searchParams.get("error")).toBe("invalid_scope");
  });

  it("lists only the organisations the user ticked, under the consent's authEventId", async () => {
    await control(sandbox, "/connections/revoke", { email: "demo@solido.test" });
    const { accessToken } = await connect(sandbox, { organisations: [KIWI.name] });
    const connections = await (await fetch(`${sandbox.url}/connections`, { headers: { Authorization: `Bearer ${accessToken}` } })).json();
    expect(connections).toEqual([
      expect.objectContaining({ tenantId: KIWI.id, tenantName: KIWI.name, tenantType: "ORGANISATION", authEventId: expect.any(String) }),
    ]);
  });

  it("serves userinfo for an openid token", async () => {
    const { accessToken } = await connect(sandbox);
    const info = await (await fetch(`${sandbox.url}/connect/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } })).json();
    expect(info).toMatchObject({ email: "demo@solido.test", given_name: "Dana", family_name: "Demo" });
  });
});

describe("tokens", () => {
  it("rotates the refresh token, honours the old one for 30 minutes, then answers invalid_grant", async () => {
    const { refreshToken } = await connect(sandbox);
    const first = await refreshWith(refreshToken);
    expect(first.status).toBe(200);
    const rotated = (await first.json()).refresh_token;
    expect(rotated).not.toBe(refreshToken);

    sandbox.clock.advance(29 * 60_000);
    const retry = await refreshWith(refreshToken);
    expect(retry.status).toBe(200);
    expect((await retry.json()).refresh_token).toBe(rotated);

    sandbox.clock.advance(2 * 60_000);
    const late = await refreshWith(refreshToken);
    expect(late.status).toBe(400);
    expect(await late.json()).toEqual({ error: "invalid_grant" });
    expect((await refreshWith(rotated)).status).toBe(200);
  });

  it("lets an unused refresh token die after 60 days", async () => {
    const { refreshToken } = await connect(sandbox);
    sandbox.clock.advance(60 * 86_400_000 + 1000);
    const response = await refreshWith(refreshToken);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_grant" });
  });

  it("answers 401 AuthenticationUnsuccessful once the access token is 30 minutes old", async () => {
    const { accessToken } = await connect(sandbox);
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(200);
    sandbox.clock.advance(30 * 60_000 + 1000);
    const response = await api(sandbox, accessToken, "/Organisation");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ Title: "Unauthorized", Status: 401, Detail: "AuthenticationUnsuccessful" });
  });

  it("honours configured token lifetimes", async () => {
    const shortLived = await startTestSandbox({ accessTokenSeconds: 2 });
    try {
      const { accessToken } = await connect(shortLived);
      shortLived.clock.advance(2_001);
      expect((await api(shortLived, accessToken, "/Organisation")).status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });

  it("revocation kills the refresh token and removes the connections", async () => {
    const { accessToken, refreshToken } = await connect(sandbox);
    const revoked = await fetch(`${sandbox.url}/connect/revocation`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:solido-test-secret`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: refreshToken }),
    });
    expect(revoked.status).toBe(200);
    expect((await refreshWith(refreshToken)).status).toBe(400);
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(403);
  });

  it("control API can expire a user's refresh tokens", async () => {
    const { refreshToken } = await connect(sandbox, { email: "solo@solido.test" });
    await control(sandbox, "/refresh-tokens/expire", { email: "solo@solido.test" });
    expect(await (await refreshWith(refreshToken)).json()).toEqual({ error: "invalid_grant" });
  });
});

describe("scopes and tenants", () => {
  // A missing scope is 401 AuthorizationUnsuccessful, not 403 (Xero-NetStandard#298, #178,
  // xero-ruby-oauth2-app#82; see missingScope in sandbox/api-gateway.ts).
  it("answers 401 AuthorizationUnsuccessful for a resource outside the granted scopes", async () => {
    const { accessToken } = await connect(sandbox, { scopes: ["openid", "offline_access", "accounting.settings.read"] });
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(200);
    const response = await api(sandbox, accessToken, "/Invoices");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ Type: null, Title: "Unauthorized", Status: 401, Detail: "AuthorizationUnsuccessful", Instance: "/api.xro/2.0/Invoices", Extensions: {} });
  });

  it("answers 401 AuthorizationUnsuccessful for a write with a read-only scope", async () => {
    const { accessToken } = await connect(sandbox, { scopes: ["openid", "accounting.invoices.read"] });
    const invoice = (await (await api(sandbox, accessToken, "/Invoices?page=1&pageSize=1")).json()).Invoices[0];
    const response = await api(sandbox, accessToken, `/Invoices/${invoice.InvoiceID}/History`, { method: "PUT", body: { HistoryRecords: [{ Details: "x" }] } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ Detail: "AuthorizationUnsuccessful" });
  });

  // developer.xero.com/faq/granular-scopes: "Apps created on or after 2 March 2026 will use the new
  // granular scopes"; older apps keep the broad ones until September 2027.
  it("refuses the retired broad scopes at authorize for an app created after 2 March 2026, by default", async () => {
    for (const scope of ["accounting.transactions", "accounting.transactions.read"]) {
      const callback = await authorizeRedirect(sandbox, ["openid", "offline_access", scope, "accounting.contacts.read"]);
      expect(callback.searchParams.get("error"), scope).toBe("invalid_scope");
    }
  });

  it("grants the broad scopes to an app created before 2 March 2026", async () => {
    const older = await startTestSandbox({ appCreatedOn: "2025-11-20" });
    try {
      const { accessToken } = await connect(older, { scopes: ["openid", "offline_access", "accounting.transactions.read", "accounting.contacts.read"] });
      expect((await api(older, accessToken, "/Invoices?page=1&pageSize=1")).status).toBe(200);
    } finally {
      await older.close();
    }
  });

  it("answers 403 for a tenant the user did not connect, and after DELETE /connections/{id}", async () => {
    await control(sandbox, "/connections/revoke", { email: "demo@solido.test" });
    const { accessToken } = await connect(sandbox, { organisations: [HARBOUR.name] });
    expect((await api(sandbox, accessToken, "/Organisation", { tenantId: KIWI.id })).status).toBe(403);
    const [connection] = await (await fetch(`${sandbox.url}/connections`, { headers: { Authorization: `Bearer ${accessToken}` } })).json();
    const deleted = await fetch(`${sandbox.url}/connections/${connection.id}`, { method: "DELETE", headers: { Authorization: `Bearer ${accessToken}` } });
    expect(deleted.status).toBe(204);
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(403);
  });

  it("DELETE /connections/{id} disconnects that organisation only; the grant's other organisations and its refresh token live on", async () => {
    // XERO.md: "DELETE /connections/{id} disconnects one tenant".
    await control(sandbox, "/connections/revoke", { email: "demo@solido.test" });
    const { accessToken, refreshToken } = await connect(sandbox, { organisations: [HARBOUR.name, KIWI.name] });
    const connections = await (await fetch(`${sandbox.url}/connections`, { headers: { Authorization: `Bearer ${accessToken}` } })).json();
    const harbour = connections.find((connection: { tenantId: string }) => connection.tenantId === HARBOUR.id);
    expect((await fetch(`${sandbox.url}/connections/${harbour.id}`, { method: "DELETE", headers: { Authorization: `Bearer ${accessToken}` } })).status).toBe(204);
    expect((await api(sandbox, accessToken, "/Organisation")).status).toBe(403);
    expect((await api(sandbox, accessToken, "/Organisation", { tenantId: KIWI.id })).status).toBe(200);
    expect((await refreshWith(refreshToken)).status).toBe(200);
  });

  it("revoking a refresh token disconnects every organisation the user connected to the app, from every consent", async () => {
    // xero-node 4.10.1 release notes: revokeToken() "revokes a user's refresh token and removes all
    // their connections to your app" — a bookkeeper's ten clients all go with one revocation.
    await control(sandbox, "/connections/revoke", { email: "demo@solido.test" });
    const first = await connect(sandbox, { organisations: [HARBOUR.name] });
    const second = await connect(sandbox, { organisations: [KIWI.name] });
    const revoked = await fetch(`${sandbox.url}/connect/revocation`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:solido-test-secret`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: second.refreshToken }),
    });
    expect(revoked.status).toBe(200);
    expect((await api(sandbox, first.accessToken, "/Organisation")).status).toBe(403);
    expect((await api(sandbox, second.accessToken, "/Organisation", { tenantId: KIWI.id })).status).toBe(403);
    expect(await (await fetch(`${sandbox.url}/connections`, { headers: { Authorization: `Bearer ${first.accessToken}` } })).json()).toEqual([]);
  });

  it("answers 401 to /connections without a valid token", async () => {
    expect((await fetch(`${sandbox.url}/connections`, { headers: { Authorization: "Bearer not-a-token" } })).status).toBe(401);
  });
});
