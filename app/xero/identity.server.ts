// Xero's identity server, as Solido uses it: its discovery document, the
// scopes each journey asks for, and the checks on what it hands back.
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from "jose";
import { env } from "~/server/env.server";

export type XeroIdentityEndpoints = {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  jwksUri: string;
};

/** The person Xero says signed in, from a verified id_token. */
export type XeroIdentity = {
  xeroUserId: string;
  email: string;
  givenName: string | null;
  familyName: string | null;
};

export type Journey = "signup" | "signin" | "connect" | "reconnect";

const OPENID = ["openid", "profile", "email"];

/**
 * Signing in needs only who the user is; every journey that binds an
 * organisation also asks for a refresh token and the accounting scopes
 * (XERO_SCOPES, granular as Xero requires of new apps).
 */
export function scopesFor(journey: Journey): string[] {
  if (journey === "signin") return OPENID;
  return [...OPENID, "offline_access", ...env().XERO_SCOPES];
}

let discovery: Promise<{ endpoints: XeroIdentityEndpoints; keys: JWTVerifyGetKey }> | undefined;

async function discover() {
  const url = new URL(".well-known/openid-configuration", env().XERO_IDENTITY_URL.replace(/\/?$/, "/"));
  const response = await fetch(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`Xero's identity server answered ${response.status} to discovery`);
  const document = (await response.json()) as Record<string, string>;
  const endpoints: XeroIdentityEndpoints = {
    issuer: document.issuer,
    authorizationEndpoint: document.authorization_endpoint,
    tokenEndpoint: document.token_endpoint,
    revocationEndpoint: document.revocation_endpoint,
    jwksUri: document.jwks_uri,
  };
  return { endpoints, keys: createRemoteJWKSet(new URL(endpoints.jwksUri)) };
}

/** Discovered once per process; a failed discovery is retried on the next call. */
export function xeroIdentity() {
  discovery ??= discover().catch((error) => {
    discovery = undefined;
    throw error;
  });
  return discovery;
}

/** Verifies the id_token's signature, issuer, audience and expiry, and reads Xero's claims. */
export async function verifyIdToken(idToken: string): Promise<XeroIdentity> {
  const { endpoints, keys } = await xeroIdentity();
  const { payload } = await jwtVerify(idToken, keys, {
    issuer: endpoints.issuer,
    audience: env().XERO_CLIENT_ID,
    algorithms: ["RS256"],
  });
  const xeroUserId = payload.xero_userid;
  const email = payload.email;
  if (typeof xeroUserId !== "string" || typeof email !== "string") throw new Error("id_token lacks xero_userid or email");
  return {
    xeroUserId,
    email,
    givenName: typeof payload.given_name === "string" ? payload.given_name : null,
    familyName: typeof payload.family_name === "string" ? payload.family_name : null,
  };
}

/**
 * Which consent an access token came from. Xero puts it in the token's
 * `authentication_event_id` claim and in each `/connections` entry's
 * `authEventId`: matching them finds the organisations picked just now.
 */
export function authEventIdOf(accessToken: string): string | undefined {
  const claim = decodeJwt(accessToken).authentication_event_id;
  return typeof claim === "string" ? claim : undefined;
}
