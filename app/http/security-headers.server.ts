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
  headers.set("X-Frame-Options", "DENY");
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
}
