// A workspace's uploaded logo, public so customers' mail clients can load it
// from reminder emails. The address names the content (its SHA-256), so it may
// be cached for ever; the type is the one its bytes were checked to be.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { findBrandLogo } from "~/models/brand-logos.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256 = /^[0-9a-f]{64}$/;

const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });

export async function loader({ params }: LoaderFunctionArgs) {
  // Public on purpose: no workspace member is asking, a mail client is.
  const { workspaceId = "", sha256 = "" } = params;
  if (!UUID.test(workspaceId) || !SHA256.test(sha256)) return notFound();
  const logo = await findBrandLogo(workspaceId, sha256);
  if (!logo) return notFound();
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      "Content-Type": logo.contentType,
      "Content-Length": String(logo.bytes.length),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "public, max-age=31536000, immutable",
      ETag: `"${sha256}"`,
      // Opened on its own, it is an image and nothing else.
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "cross-origin",
    },
  });
}
