// The identity server's decisions, apart from HTTP: who signed in, which organisations they
// connected, authorization codes (single use, short-lived, PKCE-bound), tokens (RS256 JWTs with
// Xero's claims), refresh-token rotation with a grace period, revocation.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify, type JWK, type CryptoKey } from "jose";
import type { Clock } from "./clock";
import type { SandboxSettings } from "./config";
import type { DemoUser } from "./model";
import { newId } from "./random";
import type { Connection, Grant, RefreshTokenRecord, SandboxStore } from "./store";

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

interface AuthorizationCode {
  request: AuthorizationRequest;
  userId: string;
  grantId: string;
  expiresAt: number;
  used: boolean;
}

export interface TokenResponse {
  id_token?: string;
  access_token: string;
  expires_in: number;
  token_type: "Bearer";
  refresh_token?: string;
  scope: string;
}

/** OAuth error bodies as Xero's identity server sends them: `{ "error": "invalid_grant" }`. */
export class OAuthError extends Error {
  constructor(
    readonly error: "invalid_grant" | "invalid_client" | "invalid_request" | "unsupported_grant_type" | "unauthorized_client",
    readonly status = 400,
  ) {
    super(error);
  }
}

export interface AccessTokenClaims {
  sub: string;
  client_id: string;
  xero_userid: string;
  authentication_event_id: string;
  global_session_id: string;
  scope: string[];
  exp: number;
  jti: string;
}

const ID_TOKEN_SECONDS = 300;

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function safeEqual(a: string, b: string): boolean {
  const left = sha256(a);
  const right = sha256(b);
  return timingSafeEqual(left, right);
}

/** OIDC at_hash: left half of the SHA-256 of the access token, base64url. */
function atHash(accessToken: string): string {
  return sha256(accessToken).subarray(0, 16).toString("base64url");
}

/** Xero's `sub` is an opaque per-user identifier distinct from xero_userid. */
function subjectOf(user: DemoUser): string {
  return sha256(`sub:${user.id}`).toString("hex").slice(0, 32);
}

// RSA key generation takes up to a second; one key per process keeps test sandboxes quick to
// start. Sandboxes sharing it still reject each other's tokens: each has its own issuer.
let processKeys: ReturnType<typeof generateKeyPair> | undefined;
const signingKeys = () => (processKeys ??= generateKeyPair("RS256", { extractable: true }));

export class IdentityAuthority {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly loginTickets = new Map<string, { userId: string; expiresAt: number }>();

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
    private readonly store: SandboxStore,
    private readonly clock: Clock,
    private readonly settings: SandboxSettings,
    readonly issuer: string,
  ) {}

  static async create(store: SandboxStore, clock: Clock, settings: SandboxSettings, issuer: string): Promise<IdentityAuthority> {
    const { privateKey, publicKey } = await signingKeys();
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new IdentityAuthority(privateKey, publicKey, { ...jwk, kid, alg: "RS256", use: "sig" }, store, clock, settings, issuer);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  // ── Clients ───────────────────────────────────────────────────────────────

  get appCreatedOn(): string {
    return this.settings.appCreatedOn;
  }

  isKnownClient(clientId: string): boolean {
    return clientId === this.settings.clientId;
  }

  /** Exact registered URIs, plus (in development) any loopback URL on the configured callback path. */
  isAllowedRedirect(redirectUri: string): boolean {
    if (this.settings.redirectUris.includes(redirectUri)) return true;
    const loopbackPath = this.settings.loopbackRedirectPath;
    if (!loopbackPath) return false;
    try {
      const url = new URL(redirectUri);
      return url.protocol === "http:" && (url.hostname === "localhost" || url.hostname === "127.0.0.1") && url.pathname === loopbackPath && !url.search && !url.hash;
    } catch {
      return false;
    }
  }

  /** Throws invalid_client unless the id and secret match (compared in constant time). */
  authenticateClient(clientId: string | undefined, clientSecret: string | undefined): void {
    if (!clientId || !clientSecret || !this.isKnownClient(clientId) || !safeEqual(clientSecret, this.settings.clientSecret)) {
      throw new OAuthError("invalid_client");
    }
  }

  // ── Sign-in and consent ───────────────────────────────────────────────────

  startLogin(user: DemoUser): string {
    const ticket = randomBytes(24).toString("base64url");
    this.loginTickets.set(ticket, { userId: user.id, expiresAt: this.clock.now() + 30 * 60_000 });
    return ticket;
  }

  userForTicket(ticket: string): DemoUser | undefined {
    const entry = this.loginTickets.get(ticket);
    if (!entry || entry.expiresAt < this.clock.now()) return undefined;
    return this.store.users.get(entry.userId);
  }

  /**
   * The user clicked "Allow access": connect the chosen organisations under one new auth event
   * and mint the authorization code. Re-connecting an organisation updates its connection.
   */
  approve(request: AuthorizationRequest, user: DemoUser, tenantIds: string[]): string {
    const now = this.clock.now();
    const authEventId = newId();
    const grant: Grant = {
      id: authEventId,
      userId: user.id,
      clientId: request.clientId,
      scopes: request.scopes,
      globalSessionId: randomBytes(16).toString("hex"),
      createdAt: now,
    };
    this.store.grants.set(grant.id, grant);
    for (const tenantId of tenantIds) {
      if (!user.organisationIds.includes(tenantId)) continue;
      const existing = this.connectionFor(user.id, request.clientId, tenantId);
      if (existing) Object.assign(existing, { authEventId, updatedAt: now });
      else {
        const connection: Connection = { id: newId(), userId: user.id, clientId: request.clientId, tenantId, authEventId, createdAt: now, updatedAt: now };
        this.store.connections.set(connection.id, connection);
      }
    }
    this.store.markDirty();
    const code = randomBytes(32).toString("base64url");
    this.codes.set(code, { request, userId: user.id, grantId: grant.id, expiresAt: now + this.settings.authorizationCodeSeconds * 1000, used: false });
    return code;
  }

  connectionFor(userId: string, clientId: string, tenantId: string): Connection | undefined {
    return [...this.store.connections.values()].find((c) => c.userId === userId && c.clientId === clientId && c.tenantId === tenantId);
  }

  connectionsOf(userId: string, clientId: string): Connection[] {
    return [...this.store.connections.values()].filter((c) => c.userId === userId && c.clientId === clientId);
  }

  // ── Token endpoint ────────────────────────────────────────────────────────

  async exchangeCode(clientId: string, params: { code?: string; redirectUri?: string; codeVerifier?: string }): Promise<TokenResponse> {
    const entry = params.code ? this.codes.get(params.code) : undefined;
    if (!entry || entry.request.clientId !== clientId) throw new OAuthError("invalid_grant");
    // A code is good once; a replay fails (and so does the original after expiry).
    if (entry.used || entry.expiresAt <= this.clock.now()) throw new OAuthError("invalid_grant");
    entry.used = true;
    if (params.redirectUri !== entry.request.redirectUri) throw new OAuthError("invalid_grant");
    if (entry.request.codeChallenge) {
      if (!params.codeVerifier) throw new OAuthError("invalid_grant");
      const expected = entry.request.codeChallengeMethod === "S256" ? sha256(params.codeVerifier).toString("base64url") : params.codeVerifier;
      if (!safeEqual(expected, entry.request.codeChallenge)) throw new OAuthError("invalid_grant");
    }
    const grant = this.store.grants.get(entry.grantId)!;
    return this.issueTokens(grant, { withIdToken: grant.scopes.includes("openid"), nonce: entry.request.nonce, refreshToken: this.newRefreshToken(grant) });
  }

  async refresh(clientId: string, refreshToken: string | undefined): Promise<TokenResponse> {
    const now = this.clock.now();
    const record = refreshToken ? this.store.refreshTokens.get(refreshToken) : undefined;
    const grant = record ? this.store.grants.get(record.grantId) : undefined;
    if (!record || !grant || grant.clientId !== clientId || grant.revokedAt || record.revokedAt || record.expiresAt <= now) {
      throw new OAuthError("invalid_grant");
    }
    let next: RefreshTokenRecord;
    if (record.rotatedAt !== undefined) {
      // A lost response: the previous token still works for the grace period and yields the
      // token that replaced it, so the client ends up on the live chain.
      if (now - record.rotatedAt > this.settings.refreshGraceSeconds * 1000) throw new OAuthError("invalid_grant");
      next = this.chainHead(record);
    } else {
      next = this.newRefreshToken(grant)!;
      record.rotatedAt = now;
      record.successor = next.token;
    }
    this.pruneRefreshTokens();
    return this.issueTokens(grant, { withIdToken: grant.scopes.includes("openid"), refreshToken: next });
  }

  /** RFC 7009 revocation of a refresh token: the grant ends and its connections go with it. */
  revoke(clientId: string, token: string | undefined): void {
    const record = token ? this.store.refreshTokens.get(token) : undefined;
    const grant = record ? this.store.grants.get(record.grantId) : undefined;
    if (!record || !grant || grant.clientId !== clientId) return; // unknown tokens are not an error
    this.endGrant(grant);
  }

  endGrant(grant: Grant): void {
    const now = this.clock.now();
    grant.revokedAt = now;
    for (const record of this.store.refreshTokens.values()) if (record.grantId === grant.id) record.revokedAt = now;
    for (const connection of this.connectionsOf(grant.userId, grant.clientId)) this.store.connections.delete(connection.id);
    this.store.markDirty();
  }

  /** Control API: make a user's refresh tokens (or one token) dead, as if 60 days had passed. */
  expireRefreshTokens(filter: { token?: string; userId?: string }): number {
    let count = 0;
    for (const record of this.store.refreshTokens.values()) {
      const grant = this.store.grants.get(record.grantId);
      if ((filter.token && record.token === filter.token) || (filter.userId && grant?.userId === filter.userId)) {
        record.expiresAt = this.clock.now();
        count++;
      }
    }
    this.store.markDirty();
    return count;
  }

  async verifyAccessToken(token: string): Promise<AccessTokenClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience: `${this.issuer}/resources`,
        currentDate: new Date(this.clock.now()),
        clockTolerance: 0,
      });
      return payload as unknown as AccessTokenClaims;
    } catch {
      return undefined;
    }
  }

  userinfo(claims: AccessTokenClaims): Record<string, unknown> | undefined {
    const user = this.store.users.get(claims.xero_userid);
    if (!user) return undefined;
    return {
      sub: subjectOf(user),
      xero_userid: user.id,
      ...(claims.scope.includes("email") ? { email: user.email, preferred_username: user.email } : {}),
      ...(claims.scope.includes("profile") ? { given_name: user.givenName, family_name: user.familyName, name: `${user.givenName} ${user.familyName}` } : {}),
    };
  }

  // ── Internals ─────────────────────────────────────────────────────────────

  private chainHead(record: RefreshTokenRecord): RefreshTokenRecord {
    let current = record;
    while (current.successor) {
      const next = this.store.refreshTokens.get(current.successor);
      if (!next) break;
      current = next;
    }
    return current;
  }

  /** Only grants with offline_access get refresh tokens, as in Xero. */
  private newRefreshToken(grant: Grant): RefreshTokenRecord | undefined {
    if (!grant.scopes.includes("offline_access")) return undefined;
    const now = this.clock.now();
    const record: RefreshTokenRecord = {
      token: randomBytes(32).toString("hex"),
      grantId: grant.id,
      issuedAt: now,
      expiresAt: now + this.settings.refreshTokenDays * 86_400_000,
    };
    this.store.refreshTokens.set(record.token, record);
    this.store.markDirty();
    return record;
  }

  /** Rotated tokens past their grace and expired ones can never be used again: forget them. */
  private pruneRefreshTokens(): void {
    const now = this.clock.now();
    const graceMs = this.settings.refreshGraceSeconds * 1000;
    for (const [token, record] of this.store.refreshTokens) {
      if (record.expiresAt <= now || (record.rotatedAt !== undefined && now - record.rotatedAt > graceMs)) {
        this.store.refreshTokens.delete(token);
      }
    }
  }

  private async issueTokens(grant: Grant, options: { withIdToken: boolean; nonce?: string; refreshToken?: RefreshTokenRecord }): Promise<TokenResponse> {
    const user = this.store.user(grant.userId);
    const now = this.nowSeconds();
    const accessToken = await new SignJWT({
      client_id: grant.clientId,
      xero_userid: user.id,
      global_session_id: grant.globalSessionId,
      authentication_event_id: grant.id,
      scope: grant.scopes,
      amr: ["pwd"],
      idp: "Xero",
      auth_time: Math.floor(grant.createdAt / 1000),
    })
      .setProtectedHeader({ alg: "RS256", kid: this.publicJwk.kid, typ: "JWT" })
      .setIssuer(this.issuer)
      .setAudience(`${this.issuer}/resources`)
      .setSubject(subjectOf(user))
      .setJti(randomBytes(16).toString("hex").toUpperCase())
      .setNotBefore(now)
      .setIssuedAt(now)
      .setExpirationTime(now + this.settings.accessTokenSeconds)
      .sign(this.privateKey);
    const response: TokenResponse = {
      access_token: accessToken,
      expires_in: this.settings.accessTokenSeconds,
      token_type: "Bearer",
      scope: grant.scopes.join(" "),
    };
    if (options.withIdToken) response.id_token = await this.idToken(user, grant, accessToken, options.nonce);
    if (options.refreshToken) response.refresh_token = options.refreshToken.token;
    return response;
  }

  private idToken(user: DemoUser, grant: Grant, accessToken: string, nonce?: string): Promise<string> {
    const now = this.nowSeconds();
    const profile = grant.scopes.includes("profile");
    const email = grant.scopes.includes("email");
    return new SignJWT({
      at_hash: atHash(accessToken),
      sid: grant.globalSessionId,
      auth_time: Math.floor(grant.createdAt / 1000),
      idp: "Xero",
      xero_userid: user.id,
      global_session_id: grant.globalSessionId,
      ...(email ? { email: user.email, preferred_username: user.email } : {}),
      ...(profile ? { given_name: user.givenName, family_name: user.familyName } : {}),
      ...(nonce ? { nonce } : {}),
      amr: ["pwd"],
    })
      .setProtectedHeader({ alg: "RS256", kid: this.publicJwk.kid, typ: "JWT" })
      .setIssuer(this.issuer)
      .setAudience(grant.clientId)
      .setSubject(subjectOf(user))
      .setNotBefore(now)
      .setIssuedAt(now)
      .setExpirationTime(now + ID_TOKEN_SECONDS)
      .sign(this.privateKey);
  }
}
