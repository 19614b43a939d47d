import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { openWith, sealWith } from "./token-vault.server";

const key = (id: string) => ({ id, key: crypto.randomBytes(32) });

describe("token vault", () => {
  it("opens what it sealed, and never stores the plaintext", () => {
    const keys = [key("k1")];
    const sealed = sealWith(keys, "refresh-token-123");
    expect(sealed).not.toContain("refresh-token-123");
    expect(openWith(keys, sealed)).toBe("refresh-token-123");
  });

  it("seals the same token differently each time", () => {
    const keys = [key("k1")];
    expect(sealWith(keys, "same")).not.toBe(sealWith(keys, "same"));
  });

  it("still opens values sealed with an older key after rotation", () => {
    const old = key("2025");
    const sealed = sealWith([old], "token");
    const rotated = [key("2026"), old];
    expect(openWith(rotated, sealed)).toBe("token");
    expect(sealWith(rotated, "token").split(".")[1]).toBe("2026");
  });

  it("refuses a tampered value or a missing key", () => {
    const keys = [key("k1")];
    const sealed = sealWith(keys, "token");
    const parts = sealed.split(".");
    const bytes = Buffer.from(parts[3], "base64url");
    bytes[0] ^= 1;
    expect(() => openWith(keys, [...parts.slice(0, 3), bytes.toString("base64url")].join("."))).toThrow();
    expect(() => openWith([key("other")], sealed)).toThrow(/unknown key/);
  });
});
