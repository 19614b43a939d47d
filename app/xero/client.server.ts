// The one way Solido builds a xero-node client, for real Xero and for the local sandbox alike.
//
// xero-node 20 hard-codes Xero's hosts: `initialize()` discovers https://identity.xero.com,
// `refreshWithRefreshToken()`/`getClientCredentialsToken()` post to
// https://identity.xero.com/connect/token, and `updateTenants()`/`disconnect()` call
// https://api.xero.com/connections. The Accounting API's base path is settable. The subclass below
// overrides exactly those methods to use the configured hosts, reproducing xero-node's own request
// shapes (HTTP Basic client auth, form body, bearer header, redactError on failure) so that with
// the real URLs it behaves as stock xero-node does. The originals' helpers are private in the
// typings, hence re-implemented here rather than called.
import axios from "axios";
import { Issuer, TokenSet, custom } from "openid-client";
import { XeroClient, type IXeroClientConfig } from "xero-node";
import { redactError } from "xero-node/dist/model/ApiError.js";

export const XERO_IDENTITY_URL = "https://identity.xero.com";
export const XERO_API_URL = "https://api.xero.com";

export interface XeroClientOptions {
  /** identity.xero.com, or the sandbox's base URL. */
  identityUrl?: string;
  /** api.xero.com (the host; /api.xro/2.0 and /connections are added), or the sandbox's base URL. */
  apiUrl?: string;
  clientId: string;
  clientSecret: string;
  redirectUris?: string[];
  scopes?: string[];
  state?: string;
  httpTimeout?: number;
  clockTolerance?: number;
}

/** xero-node's own default for its OpenID client (discovery, revocation); callers pass XERO_CALL_TIMEOUT_MS. */
const DEFAULT_TIMEOUT_MS = 3500;

const trimSlash = (url: string) => url.replace(/\/+$/, "");

class ConfigurableXeroClient extends XeroClient {
  private readonly identityUrl: string;
  private readonly apiHost: string;
  /** Every call this class makes itself (token endpoint, /connections) is abandoned after this long: a hung Xero must not hang its caller. */
  private readonly timeoutMs: number;
  private connectedTenants: any[] = [];

  constructor(config: IXeroClientConfig, identityUrl: string, apiUrl: string) {
    super(config);
    this.identityUrl = trimSlash(identityUrl);
    this.apiHost = trimSlash(apiUrl).replace(/\/api\.xro\/2\.0$/, "");
    this.accountingApi.basePath = `${this.apiHost}/api.xro/2.0`;
    this.timeoutMs = config.httpTimeout || DEFAULT_TIMEOUT_MS;
  }

  override get tenants(): any[] {
    return this.connectedTenants;
  }

  override async initialize(): Promise<XeroClient> {
    if (this.config) {
      // openid-client's requests (discovery, token revocation) end after this long.
      custom.setHttpOptionsDefaults({ timeout: this.timeoutMs });
      const issuer = await Issuer.discover(this.identityUrl);
      this.openIdClient = new issuer.Client({
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
        redirect_uris: this.config.redirectUris,
      });
      (this.openIdClient as any)[custom.clock_tolerance] = this.config.clockTolerance || 5;
    }
    return this;
  }

  override async refreshWithRefreshToken(clientId: string, clientSecret: string, refreshToken: string): Promise<TokenSet> {
    const body = await this.postToken(clientId, clientSecret, { grant_type: "refresh_token", refresh_token: refreshToken });
    this.setTokenSet(new TokenSet(body));
    return this.readTokenSet();
  }

  override async getClientCredentialsToken(): Promise<TokenSet> {
    const { clientId, clientSecret, grantType, scopes } = this.config!;
    const body = await this.postToken(clientId, clientSecret, { grant_type: grantType ?? "client_credentials", scopes: scopes?.join(" ") ?? "" });
    this.setTokenSet(new TokenSet(body));
    return this.readTokenSet();
  }

  override async updateTenants(fullOrgDetails = true): Promise<any[]> {
    const tenants: any[] = await this.callConnections("GET", `${this.apiHost}/connections`);
    if (fullOrgDetails) {
      const organisations = await Promise.all(
        tenants.map(async (tenant) => (await this.accountingApi.getOrganisations(tenant.tenantId)).body.organisations?.[0]),
      );
      for (const tenant of tenants) tenant.orgData = organisations.find((organisation) => organisation?.organisationID === tenant.tenantId);
    }
    // As xero-node does: the most recently (re)connected tenant first.
    tenants.sort((a, b) => new Date(b.updatedDateUtc).getTime() - new Date(a.updatedDateUtc).getTime());
    this.connectedTenants = tenants;
    return tenants;
  }

  override async disconnect(connectionId: string): Promise<TokenSet> {
    await this.callConnections("DELETE", `${this.apiHost}/connections/${connectionId}`);
    this.setTokenSet(this.readTokenSet());
    return this.readTokenSet();
  }

  override async revokeToken(): Promise<undefined> {
    await super.revokeToken();
    this.connectedTenants = [];
    return undefined;
  }

  private async postToken(clientId: string, clientSecret: string, body: Record<string, string>): Promise<any> {
    try {
      const response = await axios({
        method: "POST",
        url: `${this.identityUrl}/connect/token`,
        headers: {
          Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        data: new URLSearchParams(body).toString(),
        timeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return response.data;
    } catch (error) {
      throw redactError(error);
    }
  }

  private async callConnections(method: "GET" | "DELETE", url: string): Promise<any> {
    try {
      const response = await axios({
        method,
        url,
        headers: { Authorization: `Bearer ${this.readTokenSet().access_token}` },
        responseType: "json",
        timeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return response.data;
    } catch (error) {
      throw redactError(error);
    }
  }
}

/** A xero-node XeroClient whose every Xero host is the configured one (real Xero by default). */
export function createXeroClient(options: XeroClientOptions): XeroClient {
  const { identityUrl = XERO_IDENTITY_URL, apiUrl = XERO_API_URL, ...config } = options;
  return new ConfigurableXeroClient(
    {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectUris: config.redirectUris,
      scopes: config.scopes,
      state: config.state,
      httpTimeout: config.httpTimeout,
      clockTolerance: config.clockTolerance,
    },
    identityUrl,
    apiUrl,
  );
}
