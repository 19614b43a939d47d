// POST /webhooks/mailgun: Mailgun's "failed" events, for bounces that come
// after the mail server accepted a reminder (app/reminders/bounces.server.ts).
// Mailgun signs each event: HMAC-SHA256 of timestamp + token with the webhook
// signing key, hex, compared here in constant time; a timestamp older than
// five minutes or a token seen again is refused (Mailgun's "Securing webhooks").
// Off (404) unless MAILGUN_WEBHOOK_SIGNING_KEY is set.
import crypto from "node:crypto";
import { z } from "zod";
import { isBodyTooLarge, payloadTooLarge, readBodyWithin } from "~/http/request-body.server";
import { recordAsynchronousBounce } from "~/reminders/bounces.server";
import { env } from "~/server/env.server";
import { WEBHOOK_BODY_MAX_BYTES } from "./webhooks.xero";

/** A signed event older than this is a replay. */
const SIGNATURE_MAX_AGE_SECONDS = 5 * 60;
/** Tokens seen within SIGNATURE_MAX_AGE_SECONDS (a replayed event inside the window), per web process. */
const seenTokens = new Map<string, number>();

const event = z.object({
  signature: z.object({ timestamp: z.string().regex(/^\d+$/), token: z.string().min(1).max(200), signature: z.string().regex(/^[0-9a-f]{64}$/) }),
  "event-data": z.object({
    event: z.string(),
    severity: z.string().optional(),
    recipient: z.string().optional(),
    message: z.object({ headers: z.object({ "message-id": z.string().optional() }).partial() }).partial().optional(),
    "delivery-status": z.object({ code: z.number().optional(), message: z.string().optional(), description: z.string().optional() }).partial().optional(),
  }),
});

function signedByMailgun(key: string, { timestamp, token, signature }: { timestamp: string; token: string; signature: string }) {
  const expected = crypto.createHmac("sha256", key).update(timestamp + token).digest();
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

const empty = (status: number) => new Response(null, { status, headers: { "Cache-Control": "no-store" } });

export async function action({ request }: { request: Request }) {
  const key = env().MAILGUN_WEBHOOK_SIGNING_KEY;
  if (!key) return empty(404);
  if (request.method !== "POST") return empty(405);
  let body: Buffer;
  try {
    body = await readBodyWithin(request, WEBHOOK_BODY_MAX_BYTES);
  } catch (error) {
    if (isBodyTooLarge(error)) return payloadTooLarge();
    throw error;
  }
  let parsed: z.infer<typeof event>;
  try {
    parsed = event.parse(JSON.parse(body.toString("utf8")));
  } catch {
    return empty(400);
  }
  const { signature } = parsed;
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (!signedByMailgun(key, signature)) return empty(401);
  if (Math.abs(nowSeconds - Number(signature.timestamp)) > SIGNATURE_MAX_AGE_SECONDS) return empty(401);
  for (const [token, seenAt] of seenTokens) if (seenAt < nowSeconds - SIGNATURE_MAX_AGE_SECONDS) seenTokens.delete(token);
  if (seenTokens.has(signature.token)) return empty(401);
  seenTokens.set(signature.token, nowSeconds);

  const data = parsed["event-data"];
  const messageId = data.message?.headers?.["message-id"];
  const code = data["delivery-status"]?.code;
  // Only permanent failures can be a bounce; temporary ones Mailgun retries itself.
  if (data.event === "failed" && data.severity === "permanent" && messageId && data.recipient && code !== undefined) {
    const words = [data["delivery-status"]?.message, data["delivery-status"]?.description].filter(Boolean).join(" ");
    await recordAsynchronousBounce({ messageId, recipient: data.recipient, code, message: words });
  }
  // Any signed event is answered 200: another answer makes Mailgun retry it.
  return empty(200);
}

export function loader() {
  return empty(405);
}
