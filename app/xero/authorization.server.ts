// "Sign up / Sign in / Connect with Xero": the OAuth 2.0 authorization-code
// flow with PKCE (S256) and state, through remix-auth's OAuth2 strategy. Each
// journey asks for its own scopes; what the journey was for (and for which
// workspace) rides in a signed, short-lived cookie beside the strategy's own
// state cookie, so the callback knows what to do with the grant.
import { createCookie, redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { CodeChallengeMethod, OAuth2RequestError, OAuth2Strategy } from "remix-auth-oauth2";
import { env } from "~/server/env.server";
import { authEventIdOf, scopesFor, verifyIdToken, xeroIdentity, type Journey, type XeroIdentity } from "./identity.server";

/** What Xero granted at the end of a consent. */
export type XeroGrant = {
  identity: XeroIdentity;
  accessToken: string;
  refreshToken: string | null;
  accessTokenExpiresAt: Date;
  scopes: string[];
  authEventId: string | null;
};

/** Why a journey is under way, remembered across the trip to Xero. */
export type XeroJourney = {
  journey: Journey;
  /** connect/reconnect: the workspace being connected, and who asked. */
  workspaceId?: string;
  workspaceSlug?: string;
  userId?: string;
  redirectTo?: string;
};

/** The ways a trip to Xero can fail, each explained to the user in its own words. */
export type AuthorizationFailure = "cancelled" | "state" | "code" | "unavailable" | "identity";

export class XeroAuthorizationError extends Error {
  /** The journey that failed, when the browser still told us which it was. */
  journey?: XeroJourney;

  constructor(
    readonly reason: AuthorizationFailure,
    message: string,
  ) {
    super(message);
  }
}

const CALLBACK_PATH = "/auth/xero/callback";
const JOURNEY_PARAM = "journey";
const TEN_MINUTES = 60 * 10;

const secure = () => new URL(env().APP_URL).protocol === "https:";

const journeyCookie = () =>
  createCookie("__solido_xero_journey", {
    httpOnly: true,
    sameSite: "lax",
    secure: secure(),
    path: "/auth/xero",
    maxAge: TEN_MINUTES,
    secrets: [env().SESSION_SECRET],
  });

class XeroStrategy extends OAuth2Strategy<XeroGrant> {
  name = "xero";

  /** The journey (set by startXeroAuthorization) decides the scopes asked for. */
  protected authorizationParams(params: URLSearchParams, request: Request) {
    const journey = (new URL(request.url).searchParams.get(JOURNEY_PARAM) ?? "signin") as Journey;
    const result = new URLSearchParams(params);
    result.set("scope", scopesFor(journey).join(" "));
    return result;
  }

  /**
   * The code exchange, abandoned after XERO_CALL_TIMEOUT_MS: the library's
   * fetch has no timeout, and a hung token endpoint would hold the person's
   * sign-in (and a web process's request) open for ever.
   */
  protected override validateAuthorizationCode(code: string, codeVerifier: string) {
    const timeoutMs = env().XERO_CALL_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new XeroAuthorizationError("unavailable", `Xero's token endpoint did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([super.validateAuthorizationCode(code, codeVerifier), gaveUp]).finally(() => clearTimeout(timer));
  }
}

async function grantFrom(tokens: Awaited<ReturnType<XeroStrategy["refreshToken"]>>): Promise<XeroGrant> {
  let identity: XeroIdentity;
  try {
    identity = await verifyIdToken(tokens.idToken());
  } catch (error) {
    throw new XeroAuthorizationError("identity", `Xero's id_token could not be verified: ${String(error)}`);
  }
  const accessToken = tokens.accessToken();
  return {
    identity,
    accessToken,
    refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : null,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt(),
    scopes: tokens.hasScopes() ? tokens.scopes() : [],
    authEventId: authEventIdOf(accessToken) ?? null,
  };
}

let authenticator: Promise<Authenticator<XeroGrant>> | undefined;

function xeroAuthenticator() {
  authenticator ??= xeroIdentity()
    .then(({ endpoints }) => {
      const strategy = new XeroStrategy(
        {
          clientId: env().XERO_CLIENT_ID,
          clientSecret: env().XERO_CLIENT_SECRET,
          authorizationEndpoint: endpoints.authorizationEndpoint,
          tokenEndpoint: endpoints.tokenEndpoint,
          tokenRevocationEndpoint: endpoints.revocationEndpoint,
          redirectURI: new URL(CALLBACK_PATH, env().APP_URL),
          scopes: scopesFor("signin"),
          codeChallengeMethod: CodeChallengeMethod.S256,
          cookie: {
            name: "__solido_xero_oauth",
            httpOnly: true,
            sameSite: "Lax",
            path: "/auth/xero",
            maxAge: TEN_MINUTES,
            ...(secure() ? { secure: true as const } : {}),
          },
        },
        ({ tokens }) => grantFrom(tokens),
      );
      return new Authenticator<XeroGrant>().use(strategy, "xero");
    })
    .catch((error) => {
      authenticator = undefined;
      throw new XeroAuthorizationError("unavailable", `Xero's identity server could not be reached: ${String(error)}`);
    });
  return authenticator;
}

/** Sends the browser to Xero for the given journey; answers with the redirect. */
export async function startXeroAuthorization(request: Request, journey: XeroJourney): Promise<Response> {
  const url = new URL(CALLBACK_PATH.replace("/callback", ""), env().APP_URL);
  url.searchParams.set(JOURNEY_PARAM, journey.journey);
  const start = new Request(url, { headers: request.headers });
  try {
    await (await xeroAuthenticator()).authenticate("xero", start);
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status >= 300 && thrown.status < 400) {
      thrown.headers.append("Set-Cookie", await journeyCookie().serialize(journey));
      return thrown;
    }
    throw thrown;
  }
  throw new Error("The Xero strategy did not redirect to Xero");
}

/**
 * Completes the journey on Xero's redirect back: checks state (cookie vs URL),
 * exchanges the code with the PKCE verifier, verifies the id_token.
 */
export async function completeXeroAuthorization(request: Request): Promise<{ journey: XeroJourney; grant: XeroGrant }> {
  const journey = (await journeyCookie().parse(request.headers.get("Cookie"))) as XeroJourney | null;
  if (!journey?.journey) {
    throw new XeroAuthorizationError("state", "No Xero journey is under way in this browser (missing or expired cookie).");
  }
  try {
    const grant = await (await xeroAuthenticator()).authenticate("xero", request);
    return { journey, grant };
  } catch (error) {
    const failure = asAuthorizationError(error);
    failure.journey = journey;
    throw failure;
  }
}

/** Clears the journey cookie once the callback has used it. */
export async function forgetJourney() {
  return journeyCookie().serialize("", { maxAge: 0 });
}

function asAuthorizationError(error: unknown): XeroAuthorizationError {
  if (error instanceof XeroAuthorizationError) return error;
  if (error instanceof OAuth2RequestError) {
    // An error Xero sent back on the redirect, or the token endpoint's refusal.
    if (error.code === "access_denied") return new XeroAuthorizationError("cancelled", "The user cancelled at Xero.");
    if (error.code === "invalid_grant" || error.code === "invalid_request")
      return new XeroAuthorizationError("code", `Xero refused the authorization code (${error.code}).`);
    return new XeroAuthorizationError("unavailable", `Xero answered ${error.code}: ${error.description ?? ""}`);
  }
  if (error instanceof ReferenceError || error instanceof RangeError) {
    // remix-auth-oauth2: missing state cookie, or the URL's state does not match it.
    return new XeroAuthorizationError("state", error.message);
  }
  return new XeroAuthorizationError("unavailable", `Xero could not complete the sign-in: ${String(error)}`);
}

/** When a trip to Xero cannot even start (Xero unreachable), explain it on the callback page. */
export function journeyFailureRedirect(error: unknown, journey: Journey, workspaceSlug?: string): Response {
  if (!(error instanceof XeroAuthorizationError)) throw error;
  const params = new URLSearchParams({ failure: error.reason, journey });
  if (workspaceSlug) params.set("workspace", workspaceSlug);
  return redirect(`/auth/xero/callback?${params}`);
}
