// POST /webhooks/xero: Xero's webhook deliveries. The signature is the only
// credential: HMAC-SHA256 of the raw body with the webhook key, compared in
// constant time. A good delivery is stored and answered 200 with an empty
// body and no cookies, well inside Xero's 5 seconds; the Xero reads happen
// later, in the invoice_refresh job.
import crypto from "node:crypto";
import { z } from "zod";
import { env } from "~/env.server";
import { receiveWebhookEvents } from "~/models/webhook-events.server";

const delivery = z.object({
  events: z.array(
    z.object({
      resourceId: z.string().min(1),
      eventDateUtc: z.string().min(1),
      eventType: z.string().min(1),
      eventCategory: z.string().min(1),
      tenantId: z.string().min(1),
    }),
  ),
});

function signedByXero(body: Buffer, signature: string | null) {
  if (!signature) return false;
  const expected = crypto.createHmac("sha256", env().XERO_WEBHOOK_KEY).update(body).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

const empty = (status: number) => new Response(null, { status, headers: { "Cache-Control": "no-store" } });

export async function action({ request }: { request: Request }) {
  if (request.method !== "POST") return empty(405);
  const body = Buffer.from(await request.arrayBuffer());
  if (!signedByXero(body, request.headers.get("x-xero-signature"))) return empty(401);
  let parsed: z.infer<typeof delivery>;
  try {
    parsed = delivery.parse(JSON.parse(body.toString("utf8")));
  } catch {
    return empty(400);
  }
  await receiveWebhookEvents(parsed.events);
  return empty(200);
}

export function loader() {
  return empty(405);
}
