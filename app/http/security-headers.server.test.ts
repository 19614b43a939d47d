import { describe, expect, it } from "vitest";
import { applyResponseSecurityHeaders, redactedForLog } from "./security-headers.server";

describe("every response's headers", () => {
  it("add HSTS when Solido is served over HTTPS, and not over plain HTTP", () => {
    const secure = new Headers();
    applyResponseSecurityHeaders(secure, "https://app.solido.example");
    expect(secure.get("Strict-Transport-Security")).toBe("max-age=31536000; includeSubDomains");
    const local = new Headers();
    applyResponseSecurityHeaders(local, "http://localhost:3000");
    expect(local.get("Strict-Transport-Security")).toBeNull();
  });

  it("default to Cache-Control: private and nosniff, keeping a response's own choice", () => {
    const plain = new Headers();
    applyResponseSecurityHeaders(plain, "https://app.solido.example");
    expect(plain.get("Cache-Control")).toBe("private");
    expect(plain.get("X-Content-Type-Options")).toBe("nosniff");
    const logo = new Headers({ "Cache-Control": "public, max-age=31536000, immutable" });
    applyResponseSecurityHeaders(logo, "https://app.solido.example");
    expect(logo.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
  });
});

describe("the access log's addresses", () => {
  it("leave out invitation tokens and OAuth codes", () => {
    expect(redactedForLog("/invites/abc123DEF_-xyz")).toBe("/invites/[redacted]");
    expect(redactedForLog("/invites/abc123?x=1")).toBe("/invites/[redacted]?x=1");
    expect(redactedForLog("/auth/xero/callback?code=SECRET&state=S2&scope=openid")).toBe("/auth/xero/callback?code=[redacted]&state=[redacted]&scope=openid");
    expect(redactedForLog("/w/acme/invoices?page=2")).toBe("/w/acme/invoices?page=2");
  });
});
