import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("environment", () => {
  it("runs in development with nothing but a database", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://localhost/solido" });
    expect(env.XERO_CLIENT_ID).toBe("solido-dev");
    expect(env.TOKEN_ENCRYPTION_KEYS[0].key).toHaveLength(32);
    expect(env.XERO_SCOPES).toContain("accounting.invoices");
  });

  it("refuses to start in production without real secrets, naming each one", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db/solido" })).toThrow(
      /SESSION_SECRET: required in production[\s\S]*TOKEN_ENCRYPTION_KEYS[\s\S]*XERO_CLIENT_SECRET[\s\S]*SMTP_URL/,
    );
  });

  it("refuses development defaults in production", () => {
    const dev = parseEnv({ DATABASE_URL: "x" });
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        DATABASE_URL: "postgres://db/solido",
        SESSION_SECRET: dev.SESSION_SECRET,
        TOKEN_ENCRYPTION_KEYS: "k:" + Buffer.alloc(32, 7).toString("base64"),
        XERO_CLIENT_ID: "id",
        XERO_CLIENT_SECRET: "secret",
        XERO_WEBHOOK_KEY: "key",
        SMTP_URL: "smtp://mail",
      }),
    ).toThrow(/SESSION_SECRET \(still the development default\)/);
  });

  it("refuses an encryption key id that sealed tokens could not carry, saying why", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(() => parseEnv({ DATABASE_URL: "x", TOKEN_ENCRYPTION_KEYS: `k.2026:${key}` })).toThrow(/TOKEN_ENCRYPTION_KEYS: key id "k\.2026" may use only letters, digits, "-" and "_"/);
    expect(() => parseEnv({ DATABASE_URL: "x", TOKEN_ENCRYPTION_KEYS: `ok-2026_a:${key}, bad key:${key}` })).toThrow(/key id "bad key"/);
    expect(parseEnv({ DATABASE_URL: "x", TOKEN_ENCRYPTION_KEYS: `k-2026_a:${key}` }).TOKEN_ENCRYPTION_KEYS[0].id).toBe("k-2026_a");
  });

  it("needs a real support address in production, and refuses one that is not an email address", () => {
    const production = {
      NODE_ENV: "production",
      APP_URL: "https://solido.example",
      DATABASE_URL: "postgres://db/solido",
      SESSION_SECRET: "s".repeat(40),
      TOKEN_ENCRYPTION_KEYS: "k:" + Buffer.alloc(32, 7).toString("base64"),
      XERO_CLIENT_ID: "id",
      XERO_CLIENT_SECRET: "secret",
      XERO_WEBHOOK_KEY: "key",
      SMTP_URL: "smtp://mail",
    };
    expect(() => parseEnv(production)).toThrow(/SUPPORT_EMAIL: required in production/);
    expect(() => parseEnv({ ...production, SUPPORT_EMAIL: "support@solido.localhost" })).toThrow(/SUPPORT_EMAIL \(still the development default\)/);
    expect(() => parseEnv({ ...production, SUPPORT_EMAIL: "help desk" })).toThrow(/SUPPORT_EMAIL must be an email address/);
    expect(parseEnv({ ...production, SUPPORT_EMAIL: "help@solido.example" }).SUPPORT_EMAIL).toBe("help@solido.example");
    expect(parseEnv({ DATABASE_URL: "x" }).SUPPORT_EMAIL).toBe("support@solido.localhost");
  });

  it("names a malformed variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "x", TOKEN_ENCRYPTION_KEYS: "short:abc" })).toThrow(/TOKEN_ENCRYPTION_KEYS/);
    expect(() => parseEnv({})).toThrow(/DATABASE_URL/);
  });
});
