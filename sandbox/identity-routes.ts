// identity.xero.com's HTTP surface: discovery, JWKS, the authorize pages, token, revocation, userinfo.
import { Hono, type Context } from "hono";
import { OAuthError, type AuthorizationRequest, type IdentityAuthority } from "./identity-authority";
import { consentPage, errorPage, loginPage } from "./identity-pages";
import { asksForOrganisationData, retiredScopes, unknownScopes } from "./scopes";
import type { SandboxStore } from "./store";

function parseAuthorizeQuery(query: URLSearchParams): AuthorizationRequest & { responseType: string | null } {
  return {
    responseType: query.get("response_type"),
    clientId: query.get("client_id") ?? "",
    redirectUri: query.get("redirect_uri") ?? "",
    scopes: (query.get("scope") ?? "").split(/\s+/).filter(Boolean),
    state: query.get("state") ?? undefined,
    nonce: query.get("nonce") ?? undefined,
    codeChallenge: query.get("code_challenge") ?? undefined,
    codeChallengeMethod: query.get("code_challenge_method") ?? undefined,
  };
}

function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

/** Client credentials from HTTP Basic (what Xero documents) or, failing that, the form body. */
function clientCredentials(c: Context, form: Record<string, string>): { clientId?: string; clientSecret?: string } {
  const header = c.req.header("authorization");
  if (header?.startsWith("Basic ")) {
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return { clientId: form.client_id, clientSecret: form.client_secret };
}

async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string") form[key] = value;
  return form;
}

const noStore = { "Cache-Control": "no-store", Pragma: "no-cache" };

export function identityRoutes(authority: IdentityAuthority, store: SandboxStore, appName: string): Hono {
  const app = new Hono();
  const issuer = authority.issuer;

  app.get("/.well-known/openid-configuration", (c) =>
    c.json({
      issuer,
      jwks_uri: `${issuer}/.well-known/openid-configuration/jwks`,
      authorization_endpoint: `${issuer}/connect/authorize`,
      token_endpoint: `${issuer}/connect/token`,
      userinfo_endpoint: `${issuer}/connect/userinfo`,
      end_session_endpoint: `${issuer}/connect/endsession`,
      revocation_endpoint: `${issuer}/connect/revocation`,
      introspection_endpoint: `${issuer}/connect/introspect`,
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      claims_supported: ["sub", "xero_userid", "email", "given_name", "family_name", "preferred_username", "global_session_id", "authentication_event_id"],
      grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
      response_types_supported: ["code"],
      response_modes_supported: ["form_post", "query", "fragment"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      code_challenge_methods_supported: ["plain", "S256"],
    }),
  );

  app.get("/.well-known/openid-configuration/jwks", (c) => c.json(authority.jwks()));

  // Validates the request the way Xero does before showing any page: a bad client or redirect
  // URI is shown as an error page (never redirected to), anything else goes back to the app.
  const checkAuthorize = (query: URLSearchParams): { request: AuthorizationRequest } | { page: string } | { redirect: string } => {
    const request = parseAuthorizeQuery(query);
    if (!authority.isKnownClient(request.clientId)) return { page: "Invalid client: unknown client_id" };
    if (!authority.isAllowedRedirect(request.redirectUri)) return { page: "Invalid redirect_uri for this app" };
    const back = (error: string) => ({ redirect: redirectWith(request.redirectUri, { error, state: request.state }) });
    if (request.responseType !== "code") return back("unsupported_response_type");
    if (request.scopes.length === 0 || unknownScopes(request.scopes).length > 0) return back("invalid_scope");
    // A new app asking for a retired broad scope is refused like any scope it may not have.
    if (retiredScopes(request.scopes, authority.appCreatedOn).length > 0) return back("invalid_scope");
    if (request.codeChallenge && !["S256", "plain"].includes(request.codeChallengeMethod ?? "plain")) return back("invalid_request");
    return { request: { ...request, codeChallengeMethod: request.codeChallenge ? (request.codeChallengeMethod ?? "plain") : undefined } };
  };

  const respond = (c: Context, outcome: { page: string } | { redirect: string }) =>
    "page" in outcome ? c.html(errorPage(outcome.page), 400) : c.redirect(outcome.redirect, 302);

  app.get("/connect/authorize", (c) => {
    const query = new URL(c.req.url).searchParams;
    const outcome = checkAuthorize(query);
    if (!("request" in outcome)) return respond(c, outcome);
    return c.html(loginPage(query.toString(), [...store.users.values()]));
  });

  app.post("/connect/authorize/login", async (c) => {
    const form = await formOf(c);
    const query = new URLSearchParams(form.request ?? "");
    const outcome = checkAuthorize(query);
    if (!("request" in outcome)) return respond(c, outcome);
    const user = store.userByEmail(form.email ?? "");
    if (!user) return c.html(loginPage(query.toString(), [...store.users.values()], `No Xero user with the email ${form.email ?? ""}`), 401);
    const organisations = asksForOrganisationData(outcome.request.scopes)
      ? user.organisationIds.map((id) => store.book(id)?.organisation).filter((o) => o !== undefined)
      : [];
    return c.html(consentPage(query.toString(), authority.startLogin(user), user, appName, outcome.request.scopes, organisations));
  });

  app.post("/connect/authorize/consent", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const query = new URLSearchParams(String(form.request ?? ""));
    const outcome = checkAuthorize(query);
    if (!("request" in outcome)) return respond(c, outcome);
    const { request } = outcome;
    const user = authority.userForTicket(String(form.ticket ?? ""));
    if (!user) return c.html(errorPage("Your sign-in has expired. Start again from the app."), 400);
    if (form.decision !== "allow") return c.redirect(redirectWith(request.redirectUri, { error: "access_denied", state: request.state }), 302);
    const picked =
      form.tenantId === undefined || !asksForOrganisationData(request.scopes) ? [] : ([] as unknown[]).concat(form.tenantId).map(String);
    const code = authority.approve(request, user, picked);
    return c.redirect(redirectWith(request.redirectUri, { code, scope: request.scopes.join(" "), state: request.state, session_state: "sandbox" }), 302);
  });

  app.post("/connect/token", async (c) => {
    const form = await formOf(c);
    const { clientId, clientSecret } = clientCredentials(c, form);
    try {
      authority.authenticateClient(clientId, clientSecret);
      const id = clientId as string;
      switch (form.grant_type) {
        case "authorization_code":
          return c.json(await authority.exchangeCode(id, { code: form.code, redirectUri: form.redirect_uri, codeVerifier: form.code_verifier }), 200, noStore);
        case "refresh_token":
          return c.json(await authority.refresh(id, form.refresh_token), 200, noStore);
        default:
          throw new OAuthError("unsupported_grant_type");
      }
    } catch (error) {
      if (error instanceof OAuthError) return c.json({ error: error.error }, error.status as 400, noStore);
      throw error;
    }
  });

  app.post("/connect/revocation", async (c) => {
    const form = await formOf(c);
    const { clientId, clientSecret } = clientCredentials(c, form);
    try {
      authority.authenticateClient(clientId, clientSecret);
    } catch {
      return c.json({ error: "invalid_client" }, 400);
    }
    authority.revoke(clientId as string, form.token);
    return c.body(null, 200);
  });

  const userinfo = async (c: Context) => {
    const token = c.req.header("authorization")?.replace(/^Bearer /, "") ?? "";
    const claims = await authority.verifyAccessToken(token);
    const info = claims && claims.scope.includes("openid") ? authority.userinfo(claims) : undefined;
    if (!info) return c.body(null, 401, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
    return c.json(info);
  };
  app.get("/connect/userinfo", userinfo);
  app.post("/connect/userinfo", userinfo);

  return app;
}
