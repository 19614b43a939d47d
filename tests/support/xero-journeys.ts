// Integration tests drive Solido the way a browser does: through its route
// loaders and actions with real Requests, against the Xero sandbox over HTTP.
// startTestSandbox() must run before the app's modules are imported (they read
// the environment when they load): call it at the top of the test file, then
// `await import(...)` the app.
import { afterAll, expect } from "vitest";
import { startSandbox, type SandboxOptions } from "~sandbox/server";
import { consentAtXero, cookiesFrom } from "./xero-consent";

export const APP_URL = "http://localhost:3000";

export async function startTestSandbox(options: SandboxOptions = {}) {
  const sandbox = await startSandbox({
    clientId: "solido-test",
    clientSecret: "solido-test-secret",
    redirectUris: [`${APP_URL}/auth/xero/callback`],
    ...options,
  });
  Object.assign(process.env, {
    APP_URL,
    XERO_IDENTITY_URL: sandbox.url,
    XERO_API_URL: sandbox.url,
    XERO_CLIENT_ID: sandbox.settings.clientId,
    XERO_CLIENT_SECRET: sandbox.settings.clientSecret,
    XERO_WEBHOOK_KEY: sandbox.settings.webhookKey,
  });
  afterAll(() => sandbox.close());
  return sandbox;
}

type RouteFunction = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

/** Calls a loader or action as Remix would, and hands back what the browser would get. */
export async function callRoute(route: unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await (route as RouteFunction)({ request, params, context: {} });
    if (result instanceof Response) return result;
    // Remix's data(): a DataWithResponseInit.
    const init = (result as { init?: ResponseInit; data?: unknown }).init ?? {};
    return new Response(JSON.stringify((result as { data?: unknown }).data ?? result), init);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Starts a journey at the app, consents at Xero, and brings Xero's answer back to the callback. */
export async function xeroJourney(
  start: { route: unknown; path: string; method?: "GET" | "POST"; params?: Record<string, string> },
  consent: Parameters<typeof consentAtXero>[1],
  cookie = "",
) {
  const { loader: callback } = await import("~/routes/auth.xero.callback");
  const started = await callRoute(
    start.route,
    new Request(`${APP_URL}${start.path}`, { method: start.method ?? "GET", headers: { Cookie: cookie } }),
    start.params,
  );
  expect(started.status).toBe(302);
  const jar = cookiesFrom(started, cookie);
  const callbackUrl = await consentAtXero(started.headers.get("location")!, consent);
  const response = await callRoute(callback, new Request(callbackUrl, { headers: { Cookie: jar } }));
  return { response, cookie: cookiesFrom(response, jar) };
}

/** Signs a demo user up with one organisation: a connected workspace, and the browser's cookies. */
export async function signUpWith(email: string, organisation: string) {
  const { loader: signup } = await import("~/routes/signup");
  const { response, cookie } = await xeroJourney({ route: signup, path: "/signup" }, { email, organisations: [organisation] });
  expect(response.status).toBe(302);
  const slug = response.headers.get("location")!.replace(/^\/w\//, "");
  return { slug, cookie };
}
