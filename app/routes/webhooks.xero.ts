// POST /webhooks/xero: Xero's webhook deliveries. The signature is the only
// credential: HMAC-SHA256 of the raw body with the webhook key, compared in
// constant time. A good delivery is stored and answered 200 with an empty
// body and no cookies, well inside Xero's 5 seconds; the Xero reads happen
// later, in the invoice_refresh job.
import crypto from "node:crypto";
import { env } from "~/server/env.server";
import { readWebhookDelivery, receiveWebhookEvents } from "~/models/webhook-events.server";
import { isBodyTooLarge, payloadTooLarge, readBodyWithin } from "~/http/request-body.server";

/**
 * Xero batches events into deliveries of a few kilobytes; a megabyte is
 * generous, and the body is read within it before the signature is checked,
 * so an unsigned flood costs at most that much memory per request.
 */
export const WEBHOOK_BODY_MAX_BYTES = 1024 * 1024;

function signedByXero(body: Buffer, signature: string | null) {
  if (!signature) return false;
  const expected = crypto.createHmac("sha256", env().XERO_WEBHOOK_KEY).update(body).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

const empty = (status: number) => new Response(null, { status, headers: { "Cache-Control": "no-store" } });

export async function action({ request }: { request: Request }) {
  if (request.method !== "POST") return empty(405);
  let body: Buffer;
  try {
    body = await readBodyWithin(request, WEBHOOK_BODY_MAX_BYTES);
  } catch (error) {
    if (isBodyTooLarge(error)) return payloadTooLarge();
    throw error;
  }
  if (!signedByXero(body, request.headers.get("x-xero-signature"))) return empty(401);
  // Signed, so it is Xero's: whatever Solido cannot read is kept as rejected
  // and still answered 200, since any other answer makes Xero retry the same
  // bytes for up to 24 hours and then switch the webhook off
  // (https://developer.xero.com/documentation/guides/webhooks/overview/, "Responding to webhooks").
  await receiveWebhookEvents(readWebhookDelivery(body));
  return empty(200);
}

export function loader() {
  return empty(405);
}
