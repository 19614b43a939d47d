// Seals Xero tokens before they touch the database: AES-256-GCM with a fresh
// 96-bit nonce per value. The key id travels in the sealed text
// ("v1.<keyId>.<nonce>.<ciphertext+tag>"), so old values stay readable after
// a new key is put first in TOKEN_ENCRYPTION_KEYS.
import crypto from "node:crypto";
import { env } from "../server/env.server";

type Key = { id: string; key: Buffer };

export function sealWith(keys: Key[], plaintext: string): string {
  const [current] = keys;
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", current.key, nonce);
  cipher.setAAD(Buffer.from(current.id));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return ["v1", current.id, nonce.toString("base64url"), sealed.toString("base64url")].join(".");
}

export function openWith(keys: Key[], sealedText: string): string {
  const [version, keyId, nonce, sealed] = sealedText.split(".");
  if (version !== "v1" || !keyId || !nonce || !sealed) throw new Error("Not a sealed token");
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) throw new Error(`Token sealed with unknown key "${keyId}"`);
  const bytes = Buffer.from(sealed, "base64url");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, Buffer.from(nonce, "base64url"));
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString("utf8");
}

export const sealToken = (plaintext: string) => sealWith(env().TOKEN_ENCRYPTION_KEYS, plaintext);
export const openToken = (sealedText: string) => openWith(env().TOKEN_ENCRYPTION_KEYS, sealedText);
