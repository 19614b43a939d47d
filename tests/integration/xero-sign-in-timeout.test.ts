// Signing in when Xero's token endpoint hangs: the code exchange gives up after
// XERO_CALL_TIMEOUT_MS and the person sees the plain-words "We couldn't reach
// Xero" page, not a page that never loads. The identity server here is a real
// HTTP server of this file's own: discovery as Xero publishes it, and a token
// endpoint that takes the request and never answers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect, it, vi } from "vitest";
import { APP_URL, callRoute } from "../support/sandbox-app";
import { cookiesFrom } from "../support/xero-consent";

let tokenRequests = 0;
const identity = http.createServer((request, response) => {
  const issuer = `http://127.0.0.1:${(identity.address() as AddressInfo).port}`;
  if (request.url === "/.well-known/openid-configuration") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/connect/authorize`,
        token_endpoint: `${issuer}/connect/token`,
        revocation_endpoint: `${issuer}/connect/revocation`,
        jwks_uri: `${issuer}/.well-known/openid-configuration/jwks`,
      }),
    );
    return;
  }
  if (request.url === "/connect/token") {
    tokenRequests++;
    return; // hung: the request is read, and never answered
  }
  response.writeHead(404).end();
});
await new Promise<void>((resolve) => identity.listen(0, "127.0.0.1", resolve));
afterAll(() => {
  identity.closeAllConnections();
  return new Promise((resolve) => identity.close(resolve));
});

Object.assign(process.env, {
  APP_URL,
  XERO_IDENTITY_URL: `http://127.0.0.1:${(identity.address() as AddressInfo).port}`,
  XERO_CLIENT_ID: "solido-test",
  XERO_CLIENT_SECRET: "solido-test-secret",
  XERO_CALL_TIMEOUT_MS: "1500",
});
const { loader: signinLoader } = await import("~/routes/auth.xero.signin");
const { loader: callbackLoader } = await import("~/routes/auth.xero.callback");

it("gives up on a token endpoint that never answers and tells the person, in plain words, that Xero could not be reached", async () => {
  const warned = vi.spyOn(console, "warn").mockImplementation(() => {}); // the log line for whoever runs Solido, expected
  const started = await callRoute(signinLoader, new Request(`${APP_URL}/auth/xero/signin`));
  expect(started.status).toBe(302);
  const authorize = new URL(started.headers.get("location")!);
  // Xero's answer after consent: back to the callback with a code and the state it was given.
  const callback = new URL("/auth/xero/callback", APP_URL);
  callback.searchParams.set("code", "a-code-xero-issued");
  callback.searchParams.set("state", authorize.searchParams.get("state")!);

  const began = Date.now();
  const response = await callRoute(callbackLoader, new Request(callback, { headers: { Cookie: cookiesFrom(started) } }));
  const waitedMs = Date.now() - began;

  expect(tokenRequests).toBe(1);
  expect(response.status).toBe(503);
  expect(JSON.parse(await response.text())).toMatchObject({ view: "failure", reason: "unavailable", journey: "signin" });
  // It gave up at the timeout, not at some later test budget.
  expect(waitedMs).toBeGreaterThanOrEqual(1400);
  expect(warned.mock.calls.map(String).join("\n")).toMatch(/did not answer within 1500 ms/);
  warned.mockRestore();
});
