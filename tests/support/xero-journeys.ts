// Vitest helpers for journeys through Xero's pages, driven the way a browser
// does: through Solido's route loaders and actions with real Requests, against
// the Xero sandbox over HTTP (sandbox-app.ts has the pieces that run outside
// vitest too). startTestSandbox() must run before the app's modules are
// imported (they read the environment when they load): call it at the top of
// the test file, then `await import(...)` the app.
import { afterAll, expect } from "vitest";
import type { SandboxOptions } from "~sandbox/server";
import { APP_URL, callRoute, startSandboxForApp } from "./sandbox-app";
import { consentAtXero, cookiesFrom } from "./xero-consent";

export { APP_URL, callRoute };

/** The sandbox for one test file, closed when the file is done. */
export async function startTestSandbox(options: SandboxOptions = {}) {
  const sandbox = await startSandboxForApp(options);
  afterAll(() => sandbox.close());
  return sandbox;
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

/** Signs a demo user up with one organisation through xeroJourney: the workspace's slug and the browser's cookies. */
export async function signUpWith(email: string, organisation: string) {
  const { loader: signup } = await import("~/routes/signup");
  const { response, cookie } = await xeroJourney({ route: signup, path: "/signup" }, { email, organisations: [organisation] });
  expect(response.status).toBe(302);
  return { slug: response.headers.get("location")!.replace(/^\/w\//, ""), cookie };
}
