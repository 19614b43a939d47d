// Headers every HTML document carries: no framing, no MIME sniffing, a
// careful referrer, and a Content-Security-Policy where only scripts holding
// this response's nonce (Remix's inline hydration scripts) may run inline.
import crypto from "node:crypto";
import { env } from "../server/env.server";

export function createNonce() {
  return crypto.randomBytes(16).toString("base64");
}

export function contentSecurityPolicy(nonce: string, options: { development: boolean; formTargets: string[] }) {
  // `remix dev` serves HMR modules and its live-reload websocket from another port.
  const devScriptSources = options.development ? ["http://localhost:*", "http://127.0.0.1:*"] : [];
  const devConnectSources = options.development ? ["ws://localhost:*", "ws://127.0.0.1:*", "http://localhost:*", "http://127.0.0.1:*"] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, ...devScriptSources],
    // Radix positions popovers with inline style attributes and injects a scroll-lock <style>.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "https:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...devConnectSources],
    // Chrome applies form-action to the redirects that follow a form post, and
    // "Connect Xero" posts here and is then redirected to Xero's consent page.
    "form-action": ["'self'", ...options.formTargets],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

const NONCE_PLACE = "\u0000nonce\u0000";
/** The policy on either side of the nonce: it depends only on settings, so it is written once per process. */
let policyAroundNonce: string[] | undefined;

export function applyDocumentSecurityHeaders(headers: Headers, nonce: string) {
  policyAroundNonce ??= contentSecurityPolicy(NONCE_PLACE, {
    development: env().NODE_ENV === "development",
    formTargets: [new URL(env().XERO_IDENTITY_URL).origin],
  }).split(NONCE_PLACE);
  headers.set("Content-Security-Policy", policyAroundNonce.join(nonce));
  applyResponseSecurityHeaders(headers);
}

/** One year, the figure HSTS preload lists ask for. */
const HSTS = "max-age=31536000; includeSubDomains";

/**
 * What every response carries, HTML or not — `.data` navigations, resource
 * routes (logos, the email preview), errors, static files — each header only
 * where the response did not set its own: no framing, no MIME sniffing, a
 * careful referrer, `Cache-Control: private` (a shared cache must never keep
 * one person's page or data for another), and HSTS whenever Solido is served
 * over HTTPS (always, in production). Documents get it from entry.server;
 * everything else from the production server (scripts/web-server.mjs), which
 * calls this through the build.
 */
export function applyResponseSecurityHeaders(headers: { has(name: string): boolean; set(name: string, value: string): void }, appUrl = env().APP_URL) {
  const setIfAbsent = (name: string, value: string) => {
    if (!headers.has(name)) headers.set(name, value);
  };
  setIfAbsent("X-Frame-Options", "DENY");
  setIfAbsent("X-Content-Type-Options", "nosniff");
  setIfAbsent("Referrer-Policy", "strict-origin-when-cross-origin");
  setIfAbsent("Cache-Control", "private");
  if (new URL(appUrl).protocol === "https:") headers.set("Strict-Transport-Security", HSTS);
}

/**
 * A request's address as the access log may keep it: an invitation link's
 * token is a key to a workspace, and Xero's callback carries an authorization
 * code, so both are written as "[redacted]".
 */
export function redactedForLog(address: string) {
  return address
    .replace(/(\/invites\/)[^/?#]+/g, "$1[redacted]")
    .replace(/([?&](?:code|state|token|session_state)=)[^&#]*/gi, "$1[redacted]");
}
