// A workspace's uploaded logo: reading it from the settings form, checking
// what its bytes really are, and keeping it in PostgreSQL under its SHA-256.
// Its public address is branding.server.ts's logoUrlOf (the worker needs that
// without this module's Remix multipart parser).
import crypto from "node:crypto";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { brandLogos, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { isBodyTooLarge, withBodyLimit } from "~/http/request-body.server";
import { recordAudit } from "./audit-log.server";

/** 512 KiB: plenty for a logo shown 48 pixels high, small enough to keep in a row. */
export const LOGO_MAX_BYTES = 512 * 1024;
/** What the rest of a settings form may add to a request carrying a logo. */
const FORM_FIELDS_MAX_BYTES = 64 * 1024;
/** The settings form has about a dozen fields; a request with more parts is not from it. */
const FORM_MAX_PARTS = 50;

export const TOO_LARGE = "That file is larger than 512 KB. Save the logo smaller (a PNG about 400 pixels wide is plenty) and try again.";
export const WRONG_TYPE = "That file is not a PNG, JPEG, GIF or WebP image. SVG logos are not accepted: convert it to PNG first.";

/**
 * Raster images only, recognised by their first bytes. SVG is refused
 * whatever it is called: it is a document that can carry script.
 */
export function sniffLogoType(data: Uint8Array): "image/png" | "image/jpeg" | "image/gif" | "image/webp" | null {
  const startsWith = (signature: number[], offset = 0) => signature.every((byte, index) => data[offset + index] === byte);
  const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(ascii("GIF87a")) || startsWith(ascii("GIF89a"))) return "image/gif";
  if (startsWith(ascii("RIFF")) && startsWith(ascii("WEBP"), 8)) return "image/webp";
  return null;
}

class TooManyParts extends Error {}

/**
 * Reads a settings form that may carry a logo file, with Remix's multipart
 * parser holding each part in memory up to the logo limit. The whole body is
 * limited too, counted as it streams (a chunked upload declares no length),
 * and so is the number of parts. A plain (urlencoded) form is read within the
 * same total. `tooLarge` when the request, a part or the part count is over
 * its limit: nothing of it is kept.
 */
export async function readFormWithLogo(request: Request): Promise<{ form: FormData; tooLarge: false } | { form: null; tooLarge: true }> {
  try {
    // Refused before reading a byte when the browser says it is too big (browsers always say), else as the bytes arrive.
    const limited = withBodyLimit(request, LOGO_MAX_BYTES + FORM_FIELDS_MAX_BYTES);
    if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return { form: await limited.formData(), tooLarge: false };
    const inMemory = createMemoryUploadHandler({ maxPartSize: LOGO_MAX_BYTES });
    let parts = 0;
    const form = await parseMultipartFormData(limited, (part) => {
      if (++parts > FORM_MAX_PARTS) throw new TooManyParts();
      return inMemory(part);
    });
    return { form, tooLarge: false };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError || error instanceof TooManyParts || isBodyTooLarge(error)) return { form: null, tooLarge: true };
    throw error;
  }
}

/** The file chosen in the form's `name` input, or null when none was chosen. */
export function chosenFile(form: FormData, name: string): File | null {
  const value = form.get(name);
  return value instanceof File && (value.size > 0 || value.name !== "") ? value : null;
}

export type SaveLogoResult = { ok: true; sha256: string; contentType: string } | { ok: false; error: string };

/**
 * Makes the uploaded image the workspace's logo (replacing an uploaded one or
 * an address), with its audit entry. The type comes from the bytes, never
 * from the browser's Content-Type or the file's name.
 */
export async function saveBrandLogo(workspaceId: string, userId: string, file: Blob): Promise<SaveLogoResult> {
  if (file.size > LOGO_MAX_BYTES) return { ok: false, error: TOO_LARGE };
  const data = Buffer.from(await file.arrayBuffer());
  const contentType = sniffLogoType(data);
  if (!contentType) return { ok: false, error: WRONG_TYPE };
  const sha256 = crypto.createHash("sha256").update(data).digest("hex");
  await db.transaction(async (tx) => {
    await tx.insert(brandLogos).values({ workspaceId, sha256, contentType, bytes: data, byteSize: data.length, uploadedByUserId: userId }).onConflictDoNothing();
    await tx.update(workspaces).set({ logoSha256: sha256, logoUrl: null }).where(eq(workspaces.id, workspaceId));
    await recordAudit(tx, { workspaceId, userId, action: "branding.logo_uploaded", detail: { sha256, contentType, byteSize: data.length } });
  });
  return { ok: true, sha256, contentType };
}

/** Reminders stop showing a logo. An uploaded one stays at its address for the emails already delivered. */
export async function removeBrandLogo(workspaceId: string, userId: string) {
  await db.transaction(async (tx) => {
    await tx.update(workspaces).set({ logoSha256: null, logoUrl: null }).where(eq(workspaces.id, workspaceId));
    await recordAudit(tx, { workspaceId, userId, action: "branding.logo_removed" });
  });
}

/** An uploaded logo by its address's parts, or undefined (including for another workspace's logo). */
export async function findBrandLogo(workspaceId: string, sha256: string) {
  const [logo] = await db
    .select({ contentType: brandLogos.contentType, bytes: brandLogos.bytes })
    .from(brandLogos)
    .where(and(eq(brandLogos.workspaceId, workspaceId), eq(brandLogos.sha256, sha256)));
  return logo;
}
