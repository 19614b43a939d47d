// Test helpers that go through the sandbox the way a browser and Solido would: real HTTP to a
// running sandbox, the login and consent pages submitted as forms, the code exchanged with arctic
// (what remix-auth-oauth2 uses: PKCE S256, client secret via HTTP Basic).
import { CodeChallengeMethod, OAuth2Client, generateCodeVerifier, generateState } from "arctic";
import { DEMO_ORGANISATIONS } from "../demo-data";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../server";

export const CLIENT_ID = "solido-test";
export const CLIENT_SECRET = "solido-test-secret";
export const REDIRECT_URI = "http://localhost:3999/auth/xero/callback";
export const SCOPES = ["openid", "profile", "email", "offline_access", "accounting.invoices", "accounting.contacts.read", "accounting.settings.read", "accounting.payments.read"];
export const HARBOUR = DEMO_ORGANISATIONS.harbour;
export const KIWI = DEMO_ORGANISATIONS.kiwi;

export function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI], loopbackRedirectPath: null, ...options });
}

export function oauthClient(options: { secret?: string; redirectUri?: string } = {}): OAuth2Client {
  return new OAuth2Client(CLIENT_ID, options.secret ?? CLIENT_SECRET, options.redirectUri ?? REDIRECT_URI);
}

function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`No hidden field ${name} in page`);
  return match[1].replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

export interface Authorization {
  /** Where the sandbox redirected the browser back to. */
  callback: URL;
  state: string;
  codeVerifier: string;
}

/**
 * Runs authorize → login page → consent page like a browser: signs in as `email`, ticks the
 * named organisations (all of the user's when omitted), clicks "Allow access" or "Cancel".
 */
export async function authorize(
  sandbox: RunningSandbox,
  options: { email?: string; organisations?: string[]; decision?: "allow" | "cancel"; scopes?: string[]; redirectUri?: string; pkce?: boolean } = {},
): Promise<Authorization> {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const client = oauthClient({ redirectUri: options.redirectUri });
  const endpoint = `${sandbox.url}/connect/authorize`;
  const url =
    options.pkce === false
      ? client.createAuthorizationURL(endpoint, state, options.scopes ?? SCOPES)
      : client.createAuthorizationURLWithPKCE(endpoint, state, CodeChallengeMethod.S256, codeVerifier, options.scopes ?? SCOPES);
  const loginPage = await fetch(url);
  if (loginPage.status !== 200) throw new Error(`authorize answered ${loginPage.status}`);
  const request = hiddenValue(await loginPage.text(), "request");
  const consent = await fetch(`${sandbox.url}/connect/authorize/login`, {
    method: "POST",
    body: new URLSearchParams({ request, email: options.email ?? "demo@solido.test" }),
  });
  const consentHtml = await consent.text();
  const form = new URLSearchParams({ request: hiddenValue(consentHtml, "request"), ticket: hiddenValue(consentHtml, "ticket"), decision: options.decision ?? "allow" });
  const boxes = [...consentHtml.matchAll(/<input type="checkbox" name="tenantId" value="([^"]+)"[^>]*> ([^<]+)<\/label>/g)];
  for (const [, tenantId, name] of boxes) {
    if (!options.organisations || options.organisations.includes(name.replace(/&amp;/g, "&"))) form.append("tenantId", tenantId);
  }
  const redirect = await fetch(`${sandbox.url}/connect/authorize/consent`, { method: "POST", body: form, redirect: "manual" });
  if (redirect.status !== 302) throw new Error(`consent answered ${redirect.status}: ${await redirect.text()}`);
  return { callback: new URL(redirect.headers.get("location")!), state, codeVerifier };
}

/** Authorize and exchange the code: the tokens a freshly connected Solido holds. */
export async function connect(sandbox: RunningSandbox, options: Parameters<typeof authorize>[1] = {}) {
  const { callback, codeVerifier } = await authorize(sandbox, options);
  const tokens = await oauthClient().validateAuthorizationCode(`${sandbox.url}/connect/token`, callback.searchParams.get("code")!, codeVerifier);
  return {
    accessToken: tokens.accessToken(),
    refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : "",
    idToken: "id_token" in tokens.data ? tokens.idToken() : "",
  };
}

/** A GET against the Accounting API with the tenant header, as xero-node sends it. */
export function api(sandbox: RunningSandbox, accessToken: string, path: string, options: { tenantId?: string; headers?: Record<string, string>; method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${sandbox.url}/api.xro/2.0${path}`, {
    method: options.method ?? "GET",
    headers: {
      Authorization: `Bearer ${accessToken}`,
      "xero-tenant-id": options.tenantId ?? HARBOUR.id,
      Accept: "application/json",
      ...(options.body ? { "Content-Type": "application/json" } : {}),
      ...options.headers,
    },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
}

export async function control<T = any>(sandbox: RunningSandbox, path: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<T> {
  const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`control ${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json as T;
}
